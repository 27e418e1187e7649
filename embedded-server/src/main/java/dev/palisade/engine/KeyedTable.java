package dev.palisade.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Values that hold their own key, in one open-addressing table (linear probing): a value costs a
 * slot, 4 to 8 bytes, where a {@code ConcurrentHashMap} entry cost a node of 32 (BENCHMARKS.md 2g).
 * A lookup compares the whole key ({@link #filedUnder}), so keys whose hashes collide never find
 * each other's value.
 *
 * <p>Keys a caller chooses (addresses) are hashed with a secret per table, drawn again at every
 * rebuild ({@code seeded}): otherwise one caller could file all its keys in one run and make every
 * lookup walk it. Should an insert still meet a run longer than {@link #LONGEST_RUN}, the table is
 * rebuilt under a new secret. Keys the server chooses (session ids) need no secret.
 *
 * <p>The slots are chunks of at most {@value #CHUNK} (64 or 128 KB), never one large array: G1
 * gives an array of half a region or more regions of its own, and a table of 2^18 slots took two
 * 1 MB regions for 1 MB and 16 bytes. The table grows when three quarters full, to half full.
 *
 * <p>Writers hold this table's monitor; readers probe without a lock. Slots are never moved while
 * an array is in use: a removed value leaves a tombstone, and a rebuild fills new chunks that are
 * published whole, so a reader that started on the old ones sees the table as it was then.
 *
 * @param <K> the key a lookup is made with
 * @param <V> what is filed
 */
public abstract class KeyedTable<K, V> {

    static final int CHUNK_BITS = 14;
    static final int CHUNK = 1 << CHUNK_BITS;
    /**
     * An insert probing further than this under a secret hash draws a new secret. Random tables
     * three quarters full had runs of at most 94 slots at 2^14, 183 at 2^20 and 288 at 3 * 2^20.
     */
    static final int LONGEST_RUN = 512;
    private static final int FIRST = 16;
    private static final Object GONE = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final SecureRandom SECRETS = new SecureRandom();

    /** One generation of slots and the secret its hashes were taken with. */
    private static final class Slots {
        final Object[][] chunks;
        final int capacity;
        final long k0;
        final long k1;

        Slots(int capacity, long k0, long k1) {
            this.capacity = capacity;
            this.k0 = k0;
            this.k1 = k1;
            chunks = new Object[(capacity + CHUNK - 1) >>> CHUNK_BITS][];
            for (int c = 0; c < chunks.length; c++) chunks[c] = new Object[Math.min(CHUNK, capacity - (c << CHUNK_BITS))];
        }

        Object get(int i) { return SLOT.getAcquire(chunks[i >>> CHUNK_BITS], i & (CHUNK - 1)); }

        void set(int i, Object o) { SLOT.setRelease(chunks[i >>> CHUNK_BITS], i & (CHUNK - 1), o); }

        /** The hash's high 32 bits scaled to the capacity, which need not be a power of two. */
        int home(long hash) { return (int) (((hash >>> 32) * capacity) >>> 32); }

        int next(int i) { return i + 1 == capacity ? 0 : i + 1; }
    }

    private final boolean seeded;
    private volatile Slots slots;
    private volatile int live;
    private int gone; // guarded by this

    /** @param seeded whether keys are hashed under a secret ({@code hashOf} is then given it) */
    protected KeyedTable(boolean seeded) {
        this.seeded = seeded;
        slots = fresh(FIRST);
    }

    /** The hash of a key under the secret (k0, k1) (zero when not seeded); equal keys hash alike. All 64 bits are used. */
    protected abstract long hashOf(K key, long k0, long k1);

    /** The key {@code value} is filed under now; read while this table's monitor is held. */
    protected abstract K keyIn(V value);

    /** {@code hashOf(keyIn(value))}, which a table may read from the value without making its key. */
    protected long hashOfValue(V value, long k0, long k1) {
        return hashOf(keyIn(value), k0, k1);
    }

    /** Whether {@code value} is filed under {@code key}: the whole key, not its hash. */
    protected abstract boolean filedUnder(V value, K key);

    /** The value filed under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public final V find(K key) {
        Slots t = slots;
        int i = t.home(hashOf(key, t.k0, t.k1));
        for (int probed = 0; probed < t.capacity; probed++, i = t.next(i)) {
            Object o = t.get(i);
            if (o == null) return null;
            if (o != GONE && filedUnder((V) o, key)) return (V) o;
        }
        return null;
    }

    /** Files {@code value} under {@code key}, which must be {@link #keyIn} it from now on; no other value is looked for. */
    public final synchronized void add(V value, K key) {
        insert(value, key);
    }

    /**
     * Replaces the value filed under {@code key} (null if none) with {@code change}'s answer: null
     * removes it, another value takes its slot. {@code change} runs under this table's monitor.
     *
     * @return the value filed now, or null
     */
    @SuppressWarnings("unchecked")
    public final synchronized V update(K key, UnaryOperator<V> change) {
        Slots t = slots;
        int i = t.home(hashOf(key, t.k0, t.k1));
        for (int probed = 0; probed < t.capacity; probed++, i = t.next(i)) {
            Object o = t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
            if (o == null) break;
            if (o != GONE && filedUnder((V) o, key)) {
                V now = change.apply((V) o);
                if (now == null) tombstone(t, i);
                else if (now != o) t.set(i, now);
                return now;
            }
        }
        V now = change.apply(null);
        if (now != null) insert(now, key);
        return now;
    }

    /** @return true if {@code value} itself was filed under {@code key} and is not any more */
    public final synchronized boolean remove(V value, K key) {
        Slots t = slots;
        int i = t.home(hashOf(key, t.k0, t.k1));
        for (int probed = 0; probed < t.capacity; probed++, i = t.next(i)) {
            Object o = t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
            if (o == null) return false;
            if (o == value) {
                tombstone(t, i);
                return true;
            }
        }
        return false;
    }

    /** Removes every value {@code gone} accepts; it runs under this table's monitor. */
    @SuppressWarnings("unchecked")
    public final synchronized void removeIf(Predicate<V> doomed) {
        Slots t = slots;
        for (int i = 0; i < t.capacity; i++) {
            Object o = t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
            if (o != null && o != GONE && doomed.test((V) o)) tombstone(t, i);
        }
    }

    public final int size() { return live; }

    /** A view that iterates the values held when each iteration starts (weakly consistent, read-only). */
    public final Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() { return new Walk<>(slots); }

            @Override
            public int size() { return live; }
        };
    }

    /** For tests: how many slots the table has now. */
    final int capacity() { return slots.capacity; }

    /** For tests: the longest distance of a value from its home slot, what a lookup of it walks. */
    @SuppressWarnings("unchecked")
    final synchronized int longestRun() {
        Slots t = slots;
        int longest = 0;
        for (int i = 0; i < t.capacity; i++) {
            Object o = t.get(i);
            if (o == null || o == GONE) continue;
            int home = t.home(hashOfValue((V) o, t.k0, t.k1));
            longest = Math.max(longest, i >= home ? i - home : i + t.capacity - home);
        }
        return longest;
    }

    private void tombstone(Slots t, int i) {
        t.set(i, GONE);
        live--;
        gone++;
    }

    private void insert(V value, K key) {
        Slots t = slots;
        if ((long) live + gone + 1 > (long) t.capacity * 3 / 4) t = rebuild(live + 1);
        int i = freeSlot(t, key);
        if (i < 0) { // never by chance (BENCHMARKS.md 2g): the secret is out, or was guessed
            t = rebuild(live + 1);
            i = freeSlot(t, key);
            if (i < 0) i = -i - 1; // under a second fresh secret, filed wherever the run ends
        }
        if (t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] == GONE) gone--;
        t.set(i, value);
        live++;
    }

    /** The first free slot of key's run, or -(slot + 1) if a secret hash met a run longer than {@link #LONGEST_RUN}. */
    private int freeSlot(Slots t, K key) {
        int i = t.home(hashOf(key, t.k0, t.k1));
        for (int run = 0; ; run++, i = t.next(i)) {
            Object o = t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
            if (o == null || o == GONE) return seeded && run > LONGEST_RUN ? -i - 1 : i;
        }
    }

    /** Files the values into new slots for {@code needed}, half full, without tombstones, under a new secret; publishes them. */
    @SuppressWarnings("unchecked")
    private Slots rebuild(int needed) {
        Slots old = slots;
        Slots t = fresh((int) Math.min(Integer.MAX_VALUE - 8, Math.max(FIRST, 2L * needed)));
        for (Object[] chunk : old.chunks) {
            for (Object o : chunk) {
                if (o == null || o == GONE) continue;
                int i = t.home(hashOfValue((V) o, t.k0, t.k1));
                while (t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] != null) i = t.next(i);
                t.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] = o;
            }
        }
        gone = 0;
        slots = t;
        return t;
    }

    private Slots fresh(int capacity) {
        return seeded ? new Slots(capacity, SECRETS.nextLong(), SECRETS.nextLong()) : new Slots(capacity, 0, 0);
    }

    private static final class Walk<V> implements Iterator<V> {
        private final Slots t;
        private int i;
        private V next;

        Walk(Slots t) {
            this.t = t;
            advance();
        }

        @SuppressWarnings("unchecked")
        private void advance() {
            next = null;
            while (next == null && i < t.capacity) {
                Object o = t.get(i++);
                if (o != null && o != GONE) next = (V) o;
            }
        }

        @Override
        public boolean hasNext() { return next != null; }

        @Override
        public V next() {
            if (next == null) throw new NoSuchElementException();
            V v = next;
            advance();
            return v;
        }
    }
}
