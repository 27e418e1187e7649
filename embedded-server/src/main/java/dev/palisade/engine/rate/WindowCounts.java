package dev.palisade.engine.rate;

/**
 * The calls of one key (a session, an address, an API key) in every window of its scope, each a
 * sliding window estimated from two fixed ones: the current window weighs fully, the previous one by
 * how much of it still overlaps. Two longs per window and no timestamps: the start of the current
 * fixed window, and the calls in it and in the one before with whether it was reported. A session
 * holds its own counts, so they cost no map entry and end with it: a session is its own counts (it
 * extends this class, by way of its call history, so the fields are the session's and not an object
 * of 56 B beside it, BENCHMARKS.md 2g). Guarded by itself.
 */
public class WindowCounts {

    private static final long[] NONE = new long[0];
    private static final long PREVIOUS = 0x7fff_ffffL;
    private static final long REPORTED = 1L << 31;
    /** Windows whose state is held in fields; the rest go to an array. */
    private static final int INLINE = 2;

    /**
     * One scope's windows in slot order: who they are (a window re-added after a sweep is a new one)
     * and their lengths in milliseconds, read on every call.
     */
    record Layout(Object[] incarnations, long[] millis) {
        Layout(RateWindow[] windows, Object[] incarnations) {
            this(incarnations, java.util.Arrays.stream(windows).mapToLong(w -> w.windowSeconds() * 1000L).toArray());
        }
    }

    private Layout layout;
    /*
     * Per slot, two longs: the start of the current fixed window, and the calls in it (high half) and
     * in the one before (low 31 bits) with whether it was reported. The first two slots (the defaults
     * have two windows a scope) are fields, so the counts of an address or a session are one object of
     * 56 B rather than an object of 24 and an array of 48 (BENCHMARKS.md 2g); further slots are in more.
     */
    private long start0;
    private long calls0;
    private long start1;
    private long calls1;
    private long[] more = NONE;

    /** A session's counts, or in tests any key's. */
    public WindowCounts() {}

    /**
     * An address's or an API key's counts, which hold their key so that a table of them needs no
     * entry objects; the key fills the object's padding (56 B either way).
     */
    static final class OfKey extends WindowCounts {
        private final String key;

        OfKey(String key) {
            this.key = key;
        }

        String key() { return key; }
    }

    private long start(int slot) {
        return slot == 0 ? start0 : slot == 1 ? start1 : more[2 * (slot - INLINE)];
    }

    private long calls(int slot) {
        return slot == 0 ? calls0 : slot == 1 ? calls1 : more[2 * (slot - INLINE) + 1];
    }

    private void setStart(int slot, long start) {
        if (slot == 0) start0 = start;
        else if (slot == 1) start1 = start;
        else more[2 * (slot - INLINE)] = start;
    }

    private void setCalls(int slot, long calls) {
        if (slot == 0) calls0 = calls;
        else if (slot == 1) calls1 = calls;
        else more[2 * (slot - INLINE) + 1] = calls;
    }

    /** Lays the counts out for {@code now}'s windows; counts of windows that stayed move to their new slot. */
    private void use(Layout now) {
        if (now == layout) return;
        int slots = now.millis().length;
        long[] next = new long[2 * slots];
        if (layout != null) {
            for (int to = 0; to < slots; to++) {
                for (int from = 0; from < layout.incarnations().length; from++) {
                    if (layout.incarnations()[from] == now.incarnations()[to]) {
                        next[2 * to] = start(from);
                        next[2 * to + 1] = calls(from);
                    }
                }
            }
        }
        layout = now;
        more = slots > INLINE ? new long[2 * (slots - INLINE)] : NONE;
        start0 = calls0 = start1 = calls1 = 0;
        for (int slot = 0; slot < slots; slot++) {
            setStart(slot, next[2 * slot]);
            setCalls(slot, next[2 * slot + 1]);
        }
    }

    /**
     * Moves slot {@code slot}'s fixed windows on to {@code now}. A fresh slot (start 0) rolls to the
     * window holding {@code now} with no calls, as a new counter would.
     */
    private void roll(int slot, long now) {
        long millis = layout.millis()[slot];
        long start = start(slot);
        long elapsed = (now - start) / millis;
        if (elapsed <= 0) return;
        int current = current(slot);
        setStart(slot, start + elapsed * millis);
        setCalls(slot, elapsed == 1 ? current : 0);
    }

    private int current(int slot) { return (int) (calls(slot) >>> 32); }

    private int previous(int slot) { return (int) (calls(slot) & PREVIOUS); }

    /** Calls in the sliding window ending now, counting the one being asked about. */
    synchronized double rateWith(Layout in, int slot, long now) {
        use(in);
        roll(slot, now);
        long millis = layout.millis()[slot];
        double overlap = 1.0 - (double) (now - start(slot)) / millis;
        return previous(slot) * overlap + current(slot) + 1;
    }

    synchronized void count(Layout in, int slot, long now) {
        use(in);
        roll(slot, now);
        setCalls(slot, calls(slot) + (1L << 32));
    }

    /** Seconds until one more call fits under {@code limit}; at least 1. */
    synchronized long retryAfterSeconds(Layout in, int slot, long now, int limit) {
        use(in);
        roll(slot, now);
        long millis = layout.millis()[slot];
        long elapsed = now - start(slot);
        int current = current(slot);
        int previous = previous(slot);
        double waitMillis;
        if (current + 1 <= limit) {
            // the previous window's calls must slide out far enough; that happens before this window ends
            double excess = previous + current + 1 - limit;
            waitMillis = previous == 0 ? 0 : millis * excess / previous - elapsed;
        } else {
            // this window alone is full: wait for it to end and for enough of it to slide out after
            waitMillis = (millis - elapsed) + millis * (1.0 - (double) (limit - 1) / current);
        }
        return Math.max(1, (long) Math.ceil(Math.max(0, waitMillis) / 1000.0));
    }

    /** True the first time in a fixed window, so each exceeded window is reported once. */
    synchronized boolean firstReport(Layout in, int slot, long now) {
        use(in);
        roll(slot, now);
        if ((calls(slot) & REPORTED) != 0) return false;
        setCalls(slot, calls(slot) | REPORTED);
        return true;
    }

    /** True when every window began two lengths ago or more: nothing counted still weighs. */
    synchronized boolean idleSince(long now) {
        if (layout == null) return true;
        for (int slot = 0; slot < layout.millis().length; slot++) {
            if (now - start(slot) < 2 * layout.millis()[slot]) return false;
        }
        return true;
    }
}
