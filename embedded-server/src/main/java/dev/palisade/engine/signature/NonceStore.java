package dev.palisade.engine.signature;

import java.util.Arrays;

/**
 * Technique 4: each nonce once per window. Nonces are kept as 64-bit hashes in one open-addressing
 * table per second of their {@code created} time, so a replay (same {@code created}) is found in one
 * bucket, and a whole second is dropped at once when it leaves the window. Bounded by time only: a
 * second that is full refuses new nonces rather than forgetting live ones (that would reopen replay).
 */
public final class NonceStore {

    /** What happened to a nonce. */
    public enum Outcome { FRESH, REPLAYED, FULL }

    /** Ring length: covers the largest skew window allowed (±300 s) with room to spare. */
    static final int SECONDS = 608;
    private static final int INITIAL = 256;

    private final Bucket[] ring = new Bucket[SECONDS];
    private final java.util.function.IntSupplier maxPerSecond;

    public NonceStore(java.util.function.IntSupplier maxPerSecond) {
        this.maxPerSecond = maxPerSecond;
        for (int i = 0; i < SECONDS; i++) ring[i] = new Bucket();
    }

    /**
     * Records a nonce for the second it was created in. The caller has already checked that
     * {@code createdSecond} lies inside the skew window, so the bucket's previous second is long gone.
     */
    public Outcome record(long hash, long createdSecond) {
        Bucket b = ring[(int) Math.floorMod(createdSecond, SECONDS)];
        synchronized (b) {
            if (b.second != createdSecond) b.reset(createdSecond);
            return b.add(hash == 0 ? 1 : hash, maxPerSecond.getAsInt());
        }
    }

    /** Nonces held for the given second; for tests and stats. */
    public int size(long second) {
        Bucket b = ring[(int) Math.floorMod(second, SECONDS)];
        synchronized (b) {
            return b.second == second ? b.size : 0;
        }
    }

    private static final class Bucket {
        long second = Long.MIN_VALUE;
        long[] table = new long[INITIAL];
        int size;

        void reset(long newSecond) {
            second = newSecond;
            size = 0;
            if (table.length > INITIAL) table = new long[INITIAL]; // give back what a burst took
            else Arrays.fill(table, 0);
        }

        Outcome add(long hash, int max) {
            int mask = table.length - 1;
            int i = (int) (mix(hash) & mask);
            while (table[i] != 0) {
                if (table[i] == hash) return Outcome.REPLAYED;
                i = (i + 1) & mask;
            }
            if (size >= max) return Outcome.FULL;
            table[i] = hash;
            if (++size * 2 > table.length) grow();
            return Outcome.FRESH;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            int mask = table.length - 1;
            for (long h : old) {
                if (h == 0) continue;
                int i = (int) (mix(h) & mask);
                while (table[i] != 0) i = (i + 1) & mask;
                table[i] = h;
            }
        }

        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            return h ^ (h >>> 33);
        }
    }
}
