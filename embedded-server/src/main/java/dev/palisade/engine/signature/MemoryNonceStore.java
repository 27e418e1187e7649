package dev.palisade.engine.signature;

import dev.palisade.engine.SipHash;
import dev.palisade.engine.state.NonceStore;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The embedded {@link NonceStore}: nonces as 64-bit hashes in one open-addressing table per second
 * of their {@code created} time, so a replay (same {@code created}) is found in one bucket, and a
 * whole second is dropped at once when it leaves the window. Bounded by time only: a second that is
 * full refuses new nonces rather than forgetting live ones (that would reopen replay). Each bucket
 * also counts nonces per session, so one session can take only its share of a second.
 *
 * <p>At each maintenance the engine has the seconds behind the skew window forgotten
 * ({@link #forgetBefore}). Before, each bucket kept its table until its slot came round again 608 s
 * later: at 25 000 signed calls a second the ring held 319 MB of dead nonces, 21 MB now. A second
 * forgotten while it held nonces is marked in its bucket and refused from then on; a second that
 * held none has nothing to replay and is taken as usual. So the mark depends on what was held, not
 * on a clock: a server clock that ran ahead for a while and was set back leaves only the seconds
 * that had nonces refused, not every second up to where the clock had been.
 */
public final class MemoryNonceStore implements NonceStore {

    /** Ring length: covers the largest skew window allowed (±300 s) with room to spare. */
    static final int SECONDS = 608;
    private static final int INITIAL = 256;

    private final Bucket[] ring = new Bucket[SECONDS];
    private final IntSupplier maxPerSecond;
    private final IntSupplier maxPerSession;

    /**
     * @param maxPerSecond  nonces one second may hold
     * @param maxPerSession nonces one session may hold in one second
     */
    public MemoryNonceStore(IntSupplier maxPerSecond, IntSupplier maxPerSession) {
        this.maxPerSecond = maxPerSecond;
        this.maxPerSession = maxPerSession;
        for (int i = 0; i < SECONDS; i++) ring[i] = new Bucket();
    }

    @Override
    public Outcome record(long session, long nonce, long createdSecond) {
        return record(session, nonce, createdSecond, maxPerSecond.getAsInt(), maxPerSession.getAsInt());
    }

    @Override
    public void restore(long session, long nonce, long createdSecond) {
        record(session, nonce, createdSecond, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private Outcome record(long session, long nonce, long createdSecond, int perSecond, int perSession) {
        Bucket b = ring[(int) Math.floorMod(createdSecond, SECONDS)];
        synchronized (b) {
            if (b.forgotten == createdSecond) return Outcome.FORGOTTEN;
            if (b.second != createdSecond) {
                // sized for as many as the second before held (read without its lock: a hint, not a fact),
                // so a busy second does not grow its table eight times over and rehash it under this lock
                b.reset(createdSecond, ring[(int) Math.floorMod(createdSecond - 1, SECONDS)].nonces.size);
            }
            return b.add(nonce == 0 ? 1 : nonce, session == 0 ? 1 : session, perSecond, perSession);
        }
    }

    @Override
    public void forgetBefore(long second) {
        for (Bucket b : ring) {
            synchronized (b) {
                if (b.second != Long.MIN_VALUE && b.second < second) b.forget();
            }
        }
    }

    /** Slots the ring's tables hold, empty or not: the memory the store keeps (for tests and figures). */
    int heldSlots() {
        int n = 0;
        for (Bucket b : ring) {
            synchronized (b) {
                n += b.nonces.table.length;
            }
        }
        return n;
    }

    @Override
    public int size(long second) {
        Bucket b = ring[(int) Math.floorMod(second, SECONDS)];
        synchronized (b) {
            return b.second == second ? b.nonces.size : 0;
        }
    }

    private static final class Bucket {
        long second = Long.MIN_VALUE;
        /** A second let go while it held nonces: refused until the slot holds another second. */
        long forgotten = Long.MIN_VALUE;
        final LongTable nonces = new LongTable();
        /** session hash → nonces it holds in this second, as paired slots of a second table */
        final LongCounts perSession = new LongCounts();

        void reset(long newSecond, int expected) {
            second = newSecond;
            forgotten = Long.MIN_VALUE;
            nonces.clear(expected);
            perSession.clear();
        }

        /** Gives back the tables; a replay of a nonce it held can no longer be told, so the second is marked. */
        void forget() {
            long was = second;
            boolean held = nonces.size > 0;
            reset(Long.MIN_VALUE, 0);
            if (held) forgotten = was;
        }

        Outcome add(long nonce, long session, int max, int maxSession) {
            int slot = nonces.probe(nonce); // one walk of the probe run both tells a replay and finds the room
            if (nonces.table[slot] == nonce) return Outcome.REPLAYED;
            if (nonces.size >= max) return Outcome.FULL;
            if (perSession.get(session) >= maxSession) return Outcome.SESSION_FULL;
            nonces.addAt(slot, nonce);
            perSession.add(session, 1);
            return Outcome.FRESH;
        }
    }

    /**
     * A set of non-zero longs, open addressing with linear probing (nothing is removed: a second is cleared whole). Where a
     * value is placed is its SipHash under a key each table draws: the values are hashes of nonces, and
     * that hash is public (the same on every node), so with a fixed placement a caller could choose
     * nonces whose hashes all start at one slot and make every lookup near them walk one long run.
     */
    static final class LongTable {
        private static final SecureRandom KEYS = new SecureRandom();

        private final long k0;
        private final long k1;
        long[] table = new long[INITIAL];
        int size;

        LongTable() {
            this(KEYS.nextLong(), KEYS.nextLong());
        }

        /** A table whose placement a test knows. */
        LongTable(long k0, long k1) {
            this.k0 = k0;
            this.k1 = k1;
        }

        /** Empties the table with room for {@code expected} values before it grows; a burst's room beyond that is given back. */
        void clear(int expected) {
            size = 0;
            int capacity = INITIAL;
            while (capacity / 2 < expected && capacity < 1 << 30) capacity *= 2;
            if (table.length != capacity) table = new long[capacity];
            else Arrays.fill(table, 0);
        }

        boolean contains(long v) {
            return table[probe(v)] == v;
        }

        /** The slot holding {@code v}, or else the empty slot that ends its probe run, where it would go. */
        int probe(long v) {
            int mask = table.length - 1;
            int i = home(v, mask);
            while (table[i] != 0 && table[i] != v) i = (i + 1) & mask;
            return i;
        }

        void add(long v) {
            int slot = probe(v);
            if (table[slot] != v) addAt(slot, v);
        }

        /** Puts {@code v} in {@code slot}, which {@link #probe} gave for it on this table as it is now. */
        void addAt(int slot, long v) {
            assert table[slot] == 0 : "addAt: the slot is taken; probe gave it for the table as it was before";
            table[slot] = v;
            if (++size * 2 > table.length) grow();
        }

        /**
         * The slot a value's probe starts at. A keyed hash, not a mix of the value and a secret: a
         * multiply-and-shift mix keeps the low slot bits a function of the value's low bits whatever
         * the secret, so values chosen to agree there would share a slot in every table.
         */
        private int home(long v, int mask) {
            return (int) (SipHash.hash(k0, k1, v) & mask);
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            for (long h : old) {
                if (h != 0) add(h);
            }
        }
    }

    /**
     * Counts by non-zero long key; few keys per second (the sessions that signed in it). A key and its
     * count sit side by side in one array, so a call reads one place in memory for both, not two.
     */
    static final class LongCounts {
        private static final int INITIAL_KEYS = 16;
        /** key at {@code 2i}, its count at {@code 2i + 1}; a key of 0 is an empty slot */
        long[] slots = new long[2 * INITIAL_KEYS];
        int size;

        /** Keys the table has room for before it grows again, empty slots included. */
        int capacity() { return slots.length / 2; }

        void clear() {
            if (slots.length > 2 * INITIAL_KEYS) slots = new long[2 * INITIAL_KEYS];
            else Arrays.fill(slots, 0);
            size = 0;
        }

        int get(long key) {
            int mask = capacity() - 1;
            for (int i = (int) (mix(key) & mask); slots[2 * i] != 0; i = (i + 1) & mask) {
                if (slots[2 * i] == key) return (int) slots[2 * i + 1];
            }
            return 0;
        }

        /** Adds to a key's count; a count that reaches 0 stays as a key with 0 (cleared with the second). */
        void add(long key, int delta) {
            int mask = capacity() - 1;
            int i = (int) (mix(key) & mask);
            while (slots[2 * i] != 0 && slots[2 * i] != key) i = (i + 1) & mask;
            slots[2 * i + 1] += delta;
            if (slots[2 * i] == 0) {
                slots[2 * i] = key;
                if (++size * 2 > capacity()) grow();
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != 0) add(old[i], (int) old[i + 1]);
            }
        }
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
