package dev.palisade.engine.rate;

/**
 * A sliding window as two fixed ones: the estimate weighs the previous window by how much of it
 * still overlaps the sliding one. Constant memory per key, no timestamps kept. Guarded by itself.
 */
final class SlidingCounter {

    private final long windowMillis;
    private long start;
    private int current;
    private int previous;
    private long reportedFor = Long.MIN_VALUE;

    SlidingCounter(long windowMillis, long now) {
        this.windowMillis = windowMillis;
        this.start = now - Math.floorMod(now, windowMillis);
    }

    /** Moves the windows forward to {@code now}. */
    private void roll(long now) {
        long elapsedWindows = (now - start) / windowMillis;
        if (elapsedWindows <= 0) return;
        previous = elapsedWindows == 1 ? current : 0;
        current = 0;
        start += elapsedWindows * windowMillis;
    }

    /** Calls in the sliding window ending now, counting the one being asked about. */
    synchronized double rateWith(long now) {
        roll(now);
        double overlap = 1.0 - (double) (now - start) / windowMillis;
        return previous * overlap + current + 1;
    }

    synchronized void count(long now) {
        roll(now);
        current++;
    }

    /** Seconds until one more call fits under {@code limit}; at least 1. */
    synchronized long retryAfterSeconds(long now, int limit) {
        roll(now);
        long elapsed = now - start;
        double waitMillis;
        if (current + 1 <= limit) {
            // the previous window's calls must slide out far enough; that happens before this window ends
            double excess = previous + current + 1 - limit;
            waitMillis = previous == 0 ? 0 : windowMillis * excess / previous - elapsed;
        } else {
            // this window alone is full: wait for it to end and for enough of it to slide out after
            waitMillis = (windowMillis - elapsed) + windowMillis * (1.0 - (double) (limit - 1) / current);
        }
        return Math.max(1, (long) Math.ceil(Math.max(0, waitMillis) / 1000.0));
    }

    /** True the first time in a window, so each exceeded window is reported once. */
    synchronized boolean firstReport() {
        if (reportedFor == start) return false;
        reportedFor = start;
        return true;
    }

    synchronized boolean idleSince(long now) {
        return now - start >= 2 * windowMillis;
    }
}
