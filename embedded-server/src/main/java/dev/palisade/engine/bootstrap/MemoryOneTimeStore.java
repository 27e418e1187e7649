package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.OneTimeStore;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link OneTimeStore}: random values in a map, with a count per owner so a flood from
 * a few addresses can fill only their own shares, never the whole store.
 */
public final class MemoryOneTimeStore<A> implements OneTimeStore<A> {

    /** A value's record and when it lapses. */
    private record Held<A>(Minted<A> minted, long lapsesAt) {}

    private final ConcurrentHashMap<String, Held<A>> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perOwner = new ConcurrentHashMap<>();
    private final int capacity;
    private final int ownerShare;
    /** The sweeps a mint makes, while the store or its owner's share is full (maintenance sweeps on its own). */
    final dev.palisade.engine.SweepPace fullSweeps = new dev.palisade.engine.SweepPace();

    /**
     * @param capacity   live values at most
     * @param ownerShare live values one owner may hold at most
     */
    public MemoryOneTimeStore(int capacity, int ownerShare) {
        this.capacity = capacity;
        this.ownerShare = ownerShare;
    }

    @Override
    public String mint(String owner, long now, long lifetimeMillis, A attachment) {
        if (values.size() >= capacity) {
            if (fullSweeps.due(now)) sweep(now);
            if (values.size() >= capacity) throw new RefusedException(Refusal.FULL);
        }
        if (!hold(owner)) {
            if (fullSweeps.due(now)) sweep(now);
            if (!hold(owner)) throw new RefusedException(Refusal.OWNER_FULL);
        }
        String value = Secrets.randomToken(18);
        values.put(value, new Held<>(new Minted<>(now, owner, attachment), now + lifetimeMillis));
        return value;
    }

    /** Counts one more value for {@code owner} unless it holds its share; in one step with every other change of its count. */
    private boolean hold(String owner) {
        boolean[] held = {false};
        perOwner.compute(owner, (k, n) -> {
            int had = n == null ? 0 : n;
            if (had >= ownerShare) return n;
            held[0] = true;
            return had + 1;
        });
        return held[0];
    }

    @Override
    public Minted<A> take(String value) {
        Held<A> h = value == null ? null : values.remove(value);
        if (h == null) return null;
        release(h.minted().owner());
        return h.minted();
    }

    @Override
    public Minted<A> peek(String value) {
        Held<A> h = value == null ? null : values.get(value);
        return h == null ? null : h.minted();
    }

    @Override
    public void sweep(long now) {
        for (var e : values.entrySet()) {
            // released only by whoever removes it: a value taken meanwhile was released by its taker
            if (now > e.getValue().lapsesAt() && values.remove(e.getKey(), e.getValue())) {
                release(e.getValue().minted().owner());
            }
        }
    }

    @Override
    public int size() { return values.size(); }

    private void release(String owner) {
        perOwner.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
    }
}
