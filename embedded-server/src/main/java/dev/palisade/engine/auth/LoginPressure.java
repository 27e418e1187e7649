package dev.palisade.engine.auth;

import java.util.function.LongSupplier;

/**
 * How often this node's password checks were full lately: the logins refused {@code login_busy}, in fixed
 * one-minute windows. A full gate is a flood of guesses far more often than a crowd of people, and each guess
 * costs the server a PBKDF2 (about 150 ms of a core here) against a page's proof of work (about 8 ms natively
 * at the default price): the client page's price reads this, so while logins are busy a ticket costs about what
 * its password check does (audit ladder58 M1). The count is the larger of this window's and the last one's, so
 * the price falls a minute or two after the last refusal, not at a window's edge.
 */
public final class LoginPressure {

    static final long WINDOW_MILLIS = 60_000;

    private final LongSupplier clock;
    private long windowStart;
    private int current;
    private int previous;

    public LoginPressure(LongSupplier clock) {
        this.clock = clock;
    }

    /** A login was refused {@code login_busy}. */
    public synchronized void busy() {
        roll(clock.getAsLong());
        current++;
    }

    /** The {@code login_busy} refusals of this window or the last, whichever had more. */
    public synchronized int recentBusy(long now) {
        roll(now);
        return Math.max(current, previous);
    }

    private void roll(long now) {
        long start = now - Math.floorMod(now, WINDOW_MILLIS);
        if (start == windowStart) return;
        previous = start - windowStart == WINDOW_MILLIS ? current : 0;
        current = 0;
        windowStart = start;
    }
}
