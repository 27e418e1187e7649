package dev.palisade.engine.session;

import dev.palisade.engine.Reason;
import dev.palisade.engine.rate.WindowCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The last N calls of a session, one packed {@code long} each in a ring: milliseconds since the
 * session began (34 bits, over 190 days), the reason (6 bits), the method (4 bits, one of the
 * usual ones) and the path's number in {@link CallPaths} (20 bits). A call whose method or path has
 * no number keeps its strings beside, in an array made on first need. The ring starts empty and
 * grows {@value #STEP} entries at a time up to its capacity, so a session holds room for the calls
 * it has made rather than for 16 from its first one (BENCHMARKS.md 2g). {@link Session} extends
 * it so that these fields live in the session's own object rather than in one of 24 B beside it;
 * guarded by the session's monitor. It extends {@link WindowCounts} for the same reason: a session's
 * rate counts are its own fields.
 */
class CallHistory extends WindowCounts {

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"};
    static final int REASON_BITS = 6;
    private static final int OTHER_METHOD = 15;
    private static final long MAX_DELAY = (1L << 34) - 1;
    private static final CallPaths PATHS = new CallPaths();
    private static final long[] EMPTY = new long[0];
    static final int STEP = 4;

    /** The most calls a history keeps: its counts are bytes, so the object is 24 B rather than 32. */
    static final int MAX_CAPACITY = Byte.MAX_VALUE;

    private long[] entries = EMPTY;
    /** Method and path of slot i at 2i and 2i+1, for calls whose method or path has no number. */
    private String[] spelled;
    private final byte capacity;
    private byte next;
    private byte size;

    CallHistory(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("a history keeps 1 to " + MAX_CAPACITY + " calls, not " + capacity);
        }
        this.capacity = (byte) capacity;
    }

    /** @param base when the session began; times are kept relative to it */
    void add(long base, long when, String method, String path, Reason reason) {
        if (size == entries.length && size < capacity) grow();
        int m = methodCode(method);
        int p = PATHS.numberOf(path);
        long delay = Math.min(Math.max(when - base, 0), MAX_DELAY);
        entries[next] = delay | (long) reason.ordinal() << 34 | (long) m << 40 | (long) p << 44;
        if (m == OTHER_METHOD || p == CallPaths.NONE) {
            if (spelled == null) spelled = new String[2 * entries.length];
            spelled[2 * next] = method;
            spelled[2 * next + 1] = dev.palisade.engine.event.KeptPath.of(path);
        } else if (spelled != null) {
            spelled[2 * next] = null;
            spelled[2 * next + 1] = null;
        }
        next = (byte) ((next + 1) % entries.length);
        if (size < entries.length) size++;
    }

    /** Room for {@link #STEP} more calls; only while the ring is full and has not wrapped, so its order is 0..size. */
    private void grow() {
        entries = java.util.Arrays.copyOf(entries, Math.min(capacity, entries.length + STEP));
        if (spelled != null) spelled = java.util.Arrays.copyOf(spelled, 2 * entries.length);
        next = size;
    }

    private static int methodCode(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) return i;
        }
        return OTHER_METHOD;
    }

    private static long at(long base, long entry) { return base + (entry & MAX_DELAY); }

    private static int reason(long entry) { return (int) (entry >>> 34) & 63; }

    private String method(int slot) {
        int m = (int) (entries[slot] >>> 40) & 15;
        return m == OTHER_METHOD ? spelled[2 * slot] : METHODS[m];
    }

    private String path(int slot) {
        int p = (int) (entries[slot] >>> 44);
        return p == CallPaths.NONE ? spelled[2 * slot + 1] : PATHS.path(p);
    }

    /**
     * The time of the newest allowed call matching, at or after {@code since}; -1 if none.
     *
     * @param paths matches a path (rules use exact paths or prefixes)
     */
    long lastAllowed(long base, String method, Predicate<String> paths, long since) {
        for (int i = 1; i <= size; i++) {
            int slot = Math.floorMod(next - i, entries.length);
            long at = at(base, entries[slot]);
            if (at < since) return -1;
            if (reason(entries[slot]) == Reason.ALLOWED.ordinal() && method(slot).equals(method) && paths.test(path(slot))) {
                return at;
            }
        }
        return -1;
    }

    /** Newest first. */
    List<Call> snapshot(long base) {
        List<Call> calls = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            int slot = Math.floorMod(next - i, entries.length);
            Reason reason = Reason.ofOrdinal(reason(entries[slot]));
            calls.add(new Call(at(base, entries[slot]), method(slot), path(slot), reason.status(), reason.code()));
        }
        return calls;
    }
}
