package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.OneTimeStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded {@link OneTimeStore}: random values in a map, with a count per owner so a flood from
 * a few addresses can fill only their own shares, never the whole store.
 */
public final class MemoryOneTimeStore<A> implements OneTimeStore<A> {

    private final ConcurrentHashMap<String, Minted<A>> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perOwner = new ConcurrentHashMap<>();
    private final int capacity;
    private final int ownerShare;

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
            sweep(now, lifetimeMillis);
            if (values.size() >= capacity) throw new RefusedException(Refusal.FULL);
        }
        AtomicInteger held = perOwner.computeIfAbsent(owner, k -> new AtomicInteger());
        if (held.incrementAndGet() > ownerShare) {
            held.decrementAndGet();
            sweep(now, lifetimeMillis);
            if (perOwner.computeIfAbsent(owner, k -> new AtomicInteger()).incrementAndGet() > ownerShare) {
                perOwner.get(owner).decrementAndGet();
                throw new RefusedException(Refusal.OWNER_FULL);
            }
        }
        String value = Secrets.randomToken(18);
        values.put(value, new Minted<>(now, owner, attachment));
        return value;
    }

    @Override
    public Minted<A> take(String value) {
        Minted<A> m = value == null ? null : values.remove(value);
        if (m != null) release(m.owner());
        return m;
    }

    @Override
    public Minted<A> peek(String value) {
        return value == null ? null : values.get(value);
    }

    @Override
    public void sweep(long now, long lifetimeMillis) {
        values.entrySet().removeIf(e -> {
            boolean old = now - e.getValue().issuedAt() > lifetimeMillis;
            if (old) release(e.getValue().owner());
            return old;
        });
    }

    @Override
    public int size() { return values.size(); }

    private void release(String owner) {
        perOwner.computeIfPresent(owner, (k, held) -> held.decrementAndGet() <= 0 ? null : held);
    }
}
