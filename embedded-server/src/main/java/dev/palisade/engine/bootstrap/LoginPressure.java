package dev.palisade.engine.bootstrap;

import java.util.function.LongSupplier;

/**
 * How long this node's password checks were full lately: the seconds in which a login filled the line behind the
 * checks, or found it full and was refused {@code login_busy}, counted in one-minute windows that start at whole
 * minutes of the node's clock. A full line is a flood of guesses far more often than a crowd of people, and each
 * guess costs the server a PBKDF2 (about 150 ms of a core here) against a page's proof of work (about 8 ms natively
 * at the default price): the client page's price reads this, so while the checks are full a ticket costs about what
 * its check does (audit ladder58 M1). Seconds, not refusals: a guesser who keeps the line exactly full is never
 * refused, and a one-second burst of refusals is one second (review 58, R1 and R2). The count is the larger of this
 * window's and the last one's, so the price falls a minute or two after the last full second, not at a window's edge.
 */
public final class LoginPressure {

    static final long WINDOW_MILLIS = 60_000;

    private final LongSupplier clock;
    private long windowStart;
    private long lastSecond = Long.MIN_VALUE;
    private int current;
    private int previous;

    public LoginPressure(LongSupplier clock) {
        this.clock = clock;
    }

    /** The line behind the password checks is full: a login just filled it, or was refused for it. */
    public synchronized void full() {
        long now = clock.getAsLong();
        roll(now);
        long second = Math.floorDiv(now, 1000);
        if (second <= lastSecond) return; // once a second
        lastSecond = second;
        current++;
    }

    /** The seconds with a full line in this window or the last, whichever had more. */
    public synchronized int recentFullSeconds(long now) {
        roll(now);
        return Math.max(current, previous);
    }

    private void roll(long now) {
        long start = now - Math.floorMod(now, WINDOW_MILLIS);
        // never back: a caller's now read before another's full() crossed into the next window (review 58, R3)
        if (start <= windowStart) return;
        previous = start - windowStart == WINDOW_MILLIS ? current : 0;
        current = 0;
        windowStart = start;
    }
}
