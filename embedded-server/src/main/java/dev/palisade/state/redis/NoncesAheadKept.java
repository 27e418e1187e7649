package dev.palisade.state.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nonces this node recorded in the cluster's store for signatures created ahead of its clock (a
 * client's clock that runs fast, inside the skew window, or one refused as from the future whose nonce
 * was spent): such a signature is still fresh after the store's life that recorded it may have ended,
 * and a new life begins empty, refusing as stale only what was created in or before its first second.
 * They are spent again into each new life the node adopts ({@link NonceEpoch}), as a single server
 * spends {@code NoncesAhead} again at its start. Kept until their second falls out of the skew window
 * ({@link #forgetBefore}); a second holds at most the store's cap per second (no more can be recorded in
 * it), so they are bounded by that cap times the seconds of the window.
 */
final class NoncesAheadKept {

    /** One second's nonces, with their sessions; grown as they come (a second ahead is rare). */
    private static final class Second {
        long[] sessions = new long[4];
        long[] nonces = new long[4];
        int size;

        void add(long session, long nonce) {
            if (size == nonces.length) {
                sessions = java.util.Arrays.copyOf(sessions, size * 2);
                nonces = java.util.Arrays.copyOf(nonces, size * 2);
            }
            sessions[size] = session;
            nonces[size] = nonce;
            size++;
        }
    }

    /** A second's nonces to spend, copied out of the lock. */
    record Spent(long createdSecond, long[] sessions, long[] nonces) {}

    private final TreeMap<Long, Second> bySecond = new TreeMap<>();

    /** Keeps one, unless its second holds {@code most} already (the store took no more than that in it). */
    synchronized void keep(long session, long nonce, long createdSecond, int most) {
        Second s = bySecond.computeIfAbsent(createdSecond, k -> new Second());
        if (s.size < most) s.add(session, nonce);
    }

    /** Forgets the seconds before {@code second}: their signatures are stale on every node now. */
    synchronized void forgetBefore(long second) {
        bySecond.headMap(second).clear();
    }

    /** What is kept, by second, to spend into a new life. */
    synchronized List<Spent> all() {
        List<Spent> out = new ArrayList<>(bySecond.size());
        for (Map.Entry<Long, Second> e : bySecond.entrySet()) {
            Second s = e.getValue();
            out.add(new Spent(e.getKey(), java.util.Arrays.copyOf(s.sessions, s.size),
                    java.util.Arrays.copyOf(s.nonces, s.size)));
        }
        return out;
    }

    synchronized int size() {
        int n = 0;
        for (Second s : bySecond.values()) n += s.size;
        return n;
    }
}
