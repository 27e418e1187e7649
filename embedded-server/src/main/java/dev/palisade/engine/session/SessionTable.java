package dev.palisade.engine.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractCollection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Sessions by one key of theirs (the id, the digest of the token verified last) in one
 * open-addressing array: a session costs a slot, about 8 bytes, where a {@code ConcurrentHashMap}
 * entry cost a node of 32 and, for the token's digest, a boxed {@code Long} of 24 (BENCHMARKS.md 2g).
 * A lookup compares the whole key ({@link #holds}), so two keys whose hashes collide never find
 * each other's session.
 *
 * <p>Writers hold this table's monitor; readers probe without a lock. Slots are never moved while
 * an array is in use: a removed session leaves a tombstone, and a full array is copied into a new
 * one, published whole, so a reader that started on the old one sees the table as it was then.
 *
 * @param <K> the key a lookup is made with
 */
abstract class SessionTable<K> {

    private static final Object GONE = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int FIRST = 64;

    private volatile Object[] slots = new Object[FIRST];
    private volatile int live;
    private int gone; // guarded by this

    /** The hash of a key; equal keys hash alike. */
    abstract int hash(K key);

    /** The key {@code s} is filed under now; read while this table's monitor is held. */
    abstract K keyOf(Session s);

    /** Whether {@code s} is filed under {@code key}: the whole key, not its hash. */
    abstract boolean holds(Session s, K key);

    /** The session filed under {@code key}, or null. */
    final Session find(K key) {
        Object[] t = slots;
        int mask = t.length - 1;
        int i = spread(hash(key)) & mask;
        for (int probed = 0; probed <= mask; probed++, i = (i + 1) & mask) {
            Object o = SLOT.getAcquire(t, i);
            if (o == null) return null;
            if (o != GONE && holds((Session) o, key)) return (Session) o;
        }
        return null;
    }

    /** Files {@code s} under {@code key}, which must be {@link #keyOf} it from now on. */
    final synchronized void add(Session s, K key) {
        Object[] t = slots;
        if (live + gone + 1 > t.length / 3 * 2) t = rebuild(live + 1);
        int mask = t.length - 1;
        for (int i = spread(hash(key)) & mask; ; i = (i + 1) & mask) {
            Object o = t[i];
            if (o == null || o == GONE) {
                if (o == GONE) gone--;
                SLOT.setRelease(t, i, s);
                live++;
                return;
            }
        }
    }

    /** @return true if {@code s} was filed under {@code key} and is not any more */
    final synchronized boolean remove(Session s, K key) {
        Object[] t = slots;
        int mask = t.length - 1;
        int i = spread(hash(key)) & mask;
        for (int probed = 0; probed <= mask; probed++, i = (i + 1) & mask) {
            Object o = t[i];
            if (o == null) return false;
            if (o == s) {
                SLOT.setRelease(t, i, GONE);
                live--;
                gone++;
                return true;
            }
        }
        return false;
    }

    final int size() { return live; }

    /** A view that iterates the sessions held when each iteration starts (weakly consistent, read-only). */
    final java.util.Collection<Session> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Session> iterator() { return new Walk(slots); }

            @Override
            public int size() { return live; }
        };
    }

    /** Copies the sessions into an array sized for {@code needed}, without tombstones, and publishes it. */
    private Object[] rebuild(int needed) {
        int length = FIRST;
        while (needed > length / 3) length <<= 1; // a third full after a rebuild, at most two thirds before the next
        Object[] fresh = new Object[length];
        int mask = length - 1;
        for (Object o : slots) {
            if (o == null || o == GONE) continue;
            int i = spread(hash(keyOf((Session) o))) & mask;
            while (fresh[i] != null) i = (i + 1) & mask;
            fresh[i] = o;
        }
        gone = 0;
        slots = fresh;
        return fresh;
    }

    /** Spreads the high bits down, as keys that differ only there would otherwise share a probe run. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static final class Walk implements Iterator<Session> {
        private final Object[] t;
        private int i;
        private Session next;

        Walk(Object[] t) {
            this.t = t;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && i < t.length) {
                Object o = SLOT.getAcquire(t, i++);
                if (o != null && o != GONE) next = (Session) o;
            }
        }

        @Override
        public boolean hasNext() { return next != null; }

        @Override
        public Session next() {
            if (next == null) throw new NoSuchElementException();
            Session s = next;
            advance();
            return s;
        }
    }
}
