package dev.palisade.engine.rate;

/**
 * The calls of one key (a session, an address, an API key) in every window of its scope, each a
 * sliding window estimated from two fixed ones: the current window weighs fully, the previous one by
 * how much of it still overlaps. One long per window (see {@link #state}): which fixed window is the
 * current one, the calls in it and in the one before, and whether it was reported. A session holds
 * its own counts, so they cost no map entry and end with it: a session is its own counts (it extends
 * this class, by way of its call history, so the fields are the session's and not an object of 56 B
 * beside it, BENCHMARKS.md 2g). Guarded by itself.
 */
public class WindowCounts {

    private static final long[] NONE = new long[0];
    /** Windows whose state is held in fields; the rest go to an array. */
    private static final int INLINE = 2;

    /*
     * A window's state, one long (BENCHMARKS.md 2g: two longs per window were 16 B more a session and
     * an address): bits 0-19 the calls in the previous fixed window, 20-39 the calls in the current
     * one, 40 whether the current one was reported, 41-62 the current window's start in seconds
     * (windows are whole seconds) modulo 2^22, and 63 whether the window ever rolled: until then its
     * start is 0, as a new counter's was. A window's count stays below its limit, at most 1 000 000
     * (RateWindow.validate), under 2^20; the start modulo 2^22 s is exact for 48 days, more than a
     * session lives (30 days at most) or an address's counts stay idle before the sweep forgets them,
     * and a clock that steps back up to 68 minutes still counts in the window it stepped back from, as
     * before. Seconds rather than window numbers, as dividing by 1000 costs a multiply, not a division.
     */
    private static final int COUNT_BITS = 20;
    private static final long COUNT = (1L << COUNT_BITS) - 1;
    private static final long REPORTED = 1L << 40;
    private static final int START_SHIFT = 41;
    private static final long SECONDS = 1L << 22;
    private static final long BACK = 1L << 12;
    private static final long ROLLED = 1L << 63;

    /**
     * One scope's windows in slot order: who they are (a window re-added after a sweep is a new one),
     * their lengths in milliseconds and their limits, read on every call.
     */
    record Layout(Object[] incarnations, long[] millis, int[] limits) {
        Layout(RateWindow[] windows, Object[] incarnations) {
            this(incarnations, java.util.Arrays.stream(windows).mapToLong(w -> w.windowSeconds() * 1000L).toArray(),
                    java.util.Arrays.stream(windows).mapToInt(RateWindow::limit).toArray());
        }

        /**
         * The same windows, each limit cut to {@code percent} of it (at least 1): they count the same calls, so a
         * session's counts stay theirs, and a changed share reports a refusal again, as a changed limit does.
         */
        Layout share(int percent) {
            int[] cut = new int[limits.length];
            for (int i = 0; i < cut.length; i++) cut[i] = RateWindow.share(limits[i], percent);
            return new Layout(incarnations, millis, cut);
        }
    }

    private Layout layout;
    /*
     * The first two slots (the defaults have two windows a scope) are fields, so the counts of an
     * address are one object of 40 B (a session's are 24 B of its own); further slots are in more.
     */
    private long state0;
    private long state1;
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

    private long state(int slot) {
        return slot == 0 ? state0 : slot == 1 ? state1 : more[slot - INLINE];
    }

    private void setState(int slot, long state) {
        if (slot == 0) state0 = state;
        else if (slot == 1) state1 = state;
        else more[slot - INLINE] = state;
    }

    /** The start of slot {@code slot}'s current fixed window, as of {@code now}. */
    private long start(int slot, long now) {
        long state = state(slot);
        if ((state & ROLLED) == 0) return 0;
        long nowSecond = Math.floorDiv(now, 1000);
        long ahead = (nowSecond - (state >>> START_SHIFT)) & (SECONDS - 1);
        if (ahead >= SECONDS - BACK) ahead -= SECONDS; // the clock stepped back
        return (nowSecond - ahead) * 1000;
    }

    /** Lays the counts out for {@code now}'s windows; counts of windows that stayed move to their new slot. */
    private void use(Layout now) {
        if (now == layout) return;
        int slots = now.millis().length;
        long[] next = new long[slots];
        if (layout != null) {
            for (int to = 0; to < slots; to++) {
                // two windows may count the same calls under two limits: the one with this limit is this window
                int same = -1;
                for (int from = 0; from < layout.incarnations().length; from++) {
                    if (layout.incarnations()[from] != now.incarnations()[to]) continue;
                    if (same < 0 || layout.limits()[from] == now.limits()[to]) same = from;
                }
                if (same < 0) continue;
                // a window whose limit changed keeps its counts, not its mark: the new limit's first
                // refusal is reported again, so an operator's change shows in the anomalies (review 55 #5)
                next[to] = layout.limits()[same] == now.limits()[to] ? state(same) : state(same) & ~REPORTED;
            }
        }
        layout = now;
        more = slots > INLINE ? new long[slots - INLINE] : NONE;
        state0 = state1 = 0;
        for (int slot = 0; slot < slots; slot++) setState(slot, next[slot]);
    }

    /**
     * Moves slot {@code slot}'s fixed windows on to {@code now}. A fresh slot (start 0) rolls to the
     * window holding {@code now} with no calls, as a new counter would.
     */
    private void roll(int slot, long now) {
        long millis = layout.millis()[slot];
        long start = start(slot, now);
        if (now - start < millis) return; // still the current window, as nearly every call finds it: no division
        long elapsed = (now - start) / millis;
        long begins = start + elapsed * millis;
        long previous = elapsed == 1 ? current(slot) : 0;
        setState(slot, ROLLED | (Math.floorDiv(begins, 1000) & (SECONDS - 1)) << START_SHIFT | previous);
    }

    private int current(int slot) { return (int) (state(slot) >>> COUNT_BITS & COUNT); }

    private int previous(int slot) { return (int) (state(slot) & COUNT); }

    /** Calls in the sliding window ending now, counting the one being asked about. */
    synchronized double rateWith(Layout in, int slot, long now) {
        use(in);
        return rateIn(slot, now);
    }

    private double rateIn(int slot, long now) {
        roll(slot, now);
        long millis = layout.millis()[slot];
        double overlap = 1.0 - (double) (now - start(slot, now)) / millis;
        return previous(slot) * overlap + current(slot) + 1;
    }

    synchronized void count(Layout in, int slot, long now) {
        use(in);
        countIn(slot, now);
    }

    private void countIn(int slot, long now) {
        roll(slot, now);
        if (current(slot) < COUNT) setState(slot, state(slot) + (1L << COUNT_BITS)); // below a limit anyway: see state
    }

    /*
     * A call's windows of this key all at once, under one lock rather than one per window (a
     * session's call took eight locks for its four default windows, BENCHMARKS.md 2m). The windows
     * are bits by slot: 1L << slot for each window of the scope that covers the call.
     */

    /** A window this call would pass: its slot, the rate compared with its limit, and when to retry. */
    record Over(int slot, double rate, long retryAfterSeconds) {}

    /**
     * The lowest slot among {@code windows} whose sliding count with this call would pass its limit,
     * or null. The caller holds this object's lock, and keeps it until it has counted the call
     * ({@link #countAll}), so calls at once never pass a limit together.
     */
    Over firstOver(Layout in, long windows, long now) {
        use(in);
        for (long left = windows; left != 0; left &= left - 1) {
            int slot = Long.numberOfTrailingZeros(left);
            double rate = rateIn(slot, now);
            int limit = layout.limits()[slot];
            if (rate > limit) return new Over(slot, rate, retryAfterIn(slot, now, limit));
        }
        return null;
    }

    /** Counts the call in each of {@code windows}; the caller holds this object's lock. */
    void countAll(Layout in, long windows, long now) {
        use(in);
        for (long left = windows; left != 0; left &= left - 1) countIn(Long.numberOfTrailingZeros(left), now);
    }

    /**
     * Takes a call counted at {@code at} in each of {@code windows} back out (a later check refused it): from the
     * fixed window it was counted in, the current one or, should another call have begun a new one since, the one
     * before; from none when that one has slid out too.
     */
    synchronized void uncountAll(Layout in, long windows, long at) {
        use(in);
        for (long left = windows; left != 0; left &= left - 1) {
            int slot = Long.numberOfTrailingZeros(left);
            roll(slot, at);
            long start = start(slot, at); // the current window's, also when it began after at
            if (at >= start) {
                if (current(slot) > 0) setState(slot, state(slot) - (1L << COUNT_BITS));
            } else if (at >= start - layout.millis()[slot] && previous(slot) > 0) {
                setState(slot, state(slot) - 1);
            }
        }
    }

    /** Seconds until one more call fits under {@code limit}; at least 1. */
    synchronized long retryAfterSeconds(Layout in, int slot, long now, int limit) {
        use(in);
        return retryAfterIn(slot, now, limit);
    }

    private long retryAfterIn(int slot, long now, int limit) {
        roll(slot, now);
        long millis = layout.millis()[slot];
        long elapsed = now - start(slot, now);
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
        if ((state(slot) & REPORTED) != 0) return false;
        setState(slot, state(slot) | REPORTED);
        return true;
    }

    /** True when every window began two lengths ago or more: nothing counted still weighs. */
    synchronized boolean idleSince(long now) {
        if (layout == null) return true;
        for (int slot = 0; slot < layout.millis().length; slot++) {
            if (now - start(slot, now) < 2 * layout.millis()[slot]) return false;
        }
        return true;
    }
}
