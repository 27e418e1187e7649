package dev.palisade.engine.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Nonces of signed calls refused because the cluster's store did not answer. Such a call is told to
 * try again, signed anew, but its own signature stays fresh for the skew window: a copy of it sent
 * once the store answers would be new to every node, and the call made twice. They are kept here,
 * refused as replays by this node meanwhile, and spent in the store once it answers again. They are
 * written to the node's own database too ({@link #write}), so a node stopped or restarted before the
 * store answers spends them at its next start ({@link #restore}).
 */
public final class UnspentNonces {

    /** Past this many, a refused call's nonce is not kept (a store away for long under a flood). */
    static final int MAX = 100_000;
    /** Nonces spent in one round trip at most, so no script holds Redis for long. */
    static final int PER_ROUND_TRIP = 1_000;

    private record Unspent(long session, long nonce, long createdSecond) {}

    private final LinkedHashSet<Unspent> kept = new LinkedHashSet<>();
    /** Kept since the last {@link #write}. */
    private final UnwrittenNonces unwritten = new UnwrittenNonces();
    private final java.util.concurrent.atomic.AtomicBoolean spending = new java.util.concurrent.atomic.AtomicBoolean();
    /** Read without the lock on every signed call: none kept is the usual case. */
    private volatile int size;

    public synchronized void keep(long session, long nonce, long createdSecond) {
        if (kept.size() < MAX && kept.add(new Unspent(session, nonce, createdSecond))) {
            size = kept.size();
            unwritten.add(new SpentNonce(createdSecond, session, nonce));
        }
    }

    /** What a run stopped before it could spend, at a start: kept again, to be spent once the store answers. */
    public synchronized void restore(List<SpentNonce> written) {
        for (SpentNonce n : written) {
            if (kept.size() < MAX) kept.add(new Unspent(n.session(), n.nonce(), n.createdSecond()));
        }
        size = kept.size();
    }

    /**
     * Writes what was kept since the last run, but for what was created before {@code deadBefore} (stale
     * everywhere by now); given back when the database refuses. What is spent meanwhile stays written: at a
     * start it is spent again, which the store takes as the replay it is.
     */
    public void write(dev.palisade.engine.store.SpentNonceStore store, long deadBefore) {
        unwritten.write(store, deadBefore);
    }

    public boolean holds(long session, long nonce, long createdSecond) {
        if (size == 0) return false;
        synchronized (this) {
            return kept.contains(new Unspent(session, nonce, createdSecond));
        }
    }

    /**
     * Records at most {@code most} of what is kept in {@code store}, oldest first, a second's nonces at a time
     * (at most {@link #PER_ROUND_TRIP}), until the store does not take them (it is still away); what was
     * recorded, or is of a second the store no longer holds, is kept no more. One thread spends at a time: the
     * others go on with their own calls. A hundred thousand kept took as many round trips, one by one, holding
     * a node's start for minutes (review of session 46).
     */
    public void spend(NonceStore store, int most) {
        if (size == 0 || !spending.compareAndSet(false, true)) return;
        try {
            java.util.Map<Long, List<Unspent>> bySecond = new java.util.LinkedHashMap<>();
            synchronized (this) {
                int taken = 0;
                for (Unspent u : kept) {
                    if (taken++ == most) break;
                    bySecond.computeIfAbsent(u.createdSecond(), s -> new ArrayList<>()).add(u);
                }
            }
            for (var second : bySecond.entrySet()) {
                List<Unspent> all = second.getValue();
                for (int from = 0; from < all.size(); from += PER_ROUND_TRIP) {
                    List<Unspent> part = all.subList(from, Math.min(all.size(), from + PER_ROUND_TRIP));
                    long[] sessions = new long[part.size()];
                    long[] nonces = new long[part.size()];
                    for (int i = 0; i < part.size(); i++) {
                        sessions[i] = part.get(i).session();
                        nonces[i] = part.get(i).nonce();
                    }
                    try {
                        store.spend(second.getKey(), sessions, nonces);
                    } catch (StateUnavailableException stillAway) {
                        return;
                    }
                    synchronized (this) {
                        part.forEach(kept::remove);
                        size = kept.size();
                    }
                }
            }
        } finally {
            spending.set(false);
        }
    }

    /** Forgets nonces of seconds before {@code second}: their signatures are stale everywhere now. */
    public synchronized void forgetBefore(long second) {
        if (kept.removeIf(u -> u.createdSecond() < second)) size = kept.size();
    }
}
