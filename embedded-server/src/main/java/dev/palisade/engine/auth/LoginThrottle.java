package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import dev.palisade.engine.state.LoginFailures;

/**
 * Password guessing, per user: after {@link #FREE_FAILURES} failed logins within
 * {@link #WINDOW_MILLIS}, each further try waits twice as long as the one before (1 s, 2 s, 4 s …,
 * at most {@link #MAX_WAIT_MILLIS}), whatever address it comes from. Failures are counted apart for
 * each client the user logged in from before (its fingerprint digest) and for all other clients
 * together, so a flood of guesses from elsewhere slows the guessers and never locks the user out of
 * the browser they use. Unknown user names are throttled the same way, so throttling reveals nothing.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long WINDOW_MILLIS = 15 * 60_000;
    static final long MAX_WAIT_MILLIS = 15 * 60_000;
    private static final int KNOWN_CLIENTS = 8;
    /** The client kind of every client the user did not log in from before. */
    private static final String OTHERS = "other clients";

    private final LoginFailures store;

    /** One node's throttle, in its memory. */
    public LoginThrottle() {
        this(new MemoryLoginFailures());
    }

    /** @param store where failures and known clients are kept: shared by a cluster's nodes */
    public LoginThrottle(LoginFailures store) {
        this.store = store;
    }

    /** @throws Denial {@code login_throttled} with the seconds to wait, before any password work is done */
    public void check(String user, String clientDigest, long now) {
        LoginFailures.Failures f = store.get(user, kind(user, clientDigest));
        if (f == null || now - f.first() >= WINDOW_MILLIS || f.count() < FREE_FAILURES) return;
        long wait = Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(30, f.count() - FREE_FAILURES));
        long until = f.last() + wait;
        if (now < until) {
            long seconds = Math.max(1, (until - now + 999) / 1000);
            throw new Denial(Reason.LOGIN_THROTTLED, f.count() + " failed logins for this user lately; wait " + seconds
                    + " s before the next try", seconds);
        }
    }

    public void failed(String user, String clientDigest, long now) {
        store.failed(user, kind(user, clientDigest), now, WINDOW_MILLIS);
    }

    /** A login succeeded: this client is the user's own from now on, and its failures are forgotten. */
    public void succeeded(String user, String clientDigest) {
        store.remember(user, clientDigest, KNOWN_CLIENTS);
        store.clear(user, clientDigest);
    }

    /** Whether the user logged in from this client (its fingerprint digest) before. */
    public boolean knows(String user, String clientDigest) {
        return store.knows(user, clientDigest);
    }

    /** Forgets the user's failures from every client: an operator lifted the throttle. @return how many records went */
    public int lift(String user) {
        return store.clearUser(user);
    }

    /** The user's most failures from one kind of client in the current window, and the seconds left to wait (0: none). */
    public long[] state(String user, long now) {
        long most = 0;
        long wait = 0;
        for (LoginFailures.Failures f : store.of(user).values()) {
            if (now - f.first() >= WINDOW_MILLIS) continue;
            most = Math.max(most, f.count());
            if (f.count() >= FREE_FAILURES) {
                long until = f.last() + Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(30, f.count() - FREE_FAILURES));
                wait = Math.max(wait, Math.max(0, (until - now + 999) / 1000));
            }
        }
        return new long[] {most, wait};
    }

    /** Forgets failures whose window is over: they no longer throttle (see {@link #check}). */
    public void sweep(long now) {
        store.sweep(now, WINDOW_MILLIS);
    }

    /** The user's own clients are counted apart, each; every other client together. */
    private String kind(String user, String clientDigest) {
        return store.knows(user, clientDigest) ? clientDigest : OTHERS;
    }
}
