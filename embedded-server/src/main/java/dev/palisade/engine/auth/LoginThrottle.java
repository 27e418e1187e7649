package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import dev.palisade.engine.state.LoginFailures;

import java.util.function.BiPredicate;

/**
 * Password guessing, per user: after {@link #FREE_FAILURES} failed logins, each further try waits
 * twice as long as the one before (1 s, 2 s, 4 s …, at most {@link #MAX_WAIT_MILLIS}), whatever
 * address it comes from; failures are forgotten once {@link #WINDOW_MILLIS} passes without one. The
 * window is longer than the longest wait and runs from the last failure: counted from the first, it
 * ended before the waits reached their cap, and a guesser who waited them out got five free tries
 * again every window. Failures are counted apart for
 * each client the user logged in from before (its fingerprint digest) and for all other clients
 * together, so a flood of guesses from elsewhere slows the guessers and never locks the user out of
 * the browser they use. Unknown user names are throttled the same way, so throttling reveals nothing.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long MAX_WAIT_MILLIS = 15 * 60_000;
    public static final long WINDOW_MILLIS = 2 * MAX_WAIT_MILLIS;
    public static final int KNOWN_CLIENTS = 8;
    /** The client kind of every client the user did not log in from before. */
    private static final String OTHERS = "other clients";

    private final LoginFailures store;
    private final BiPredicate<String, String> hasSessionFrom;

    /** One node's throttle, in its memory. */
    public LoginThrottle() {
        this(new MemoryLoginFailures(), (user, client) -> false);
    }

    /**
     * @param store          where failures and known clients are kept: shared by a cluster's nodes
     * @param hasSessionFrom whether the user holds a live session from this client (its digest under the
     *                       salt and policy in force): such a client is the user's own too, also after a
     *                       restart, a new salt or a new policy made the remembered digests strangers
     */
    public LoginThrottle(LoginFailures store, BiPredicate<String, String> hasSessionFrom) {
        this.store = store;
        this.hasSessionFrom = hasSessionFrom;
    }

    /** A login attempt the throttle let through; it ends with {@link #failed}, {@link #succeeded} or {@link #ended}. */
    public record Attempt(String user, String kind, String id) {}

    /**
     * Lets a login attempt through, or not, before any password work is done. Attempts still in flight
     * count as failures that happened now: guesses sent in parallel (to one node or to every node of a
     * cluster) pass the throttle no faster than guesses sent one after another.
     *
     * @throws Denial {@code login_throttled} with the seconds to wait
     */
    public Attempt begin(String user, String clientDigest, long now) {
        String kind = kind(user, clientDigest);
        LoginFailures.Begun begun = store.begin(user, kind, now);
        LoginFailures.Failures f = begun.failures();
        int counted = f == null || now - f.last() >= WINDOW_MILLIS ? 0 : f.count();
        long last = begun.inFlight() > 0 ? now : counted > 0 ? f.last() : 0;
        long until = throttledUntil(counted + begun.inFlight(), last);
        if (now < until) {
            store.ended(user, kind, begun.attempt());
            throw throttled(counted + begun.inFlight(), until, now);
        }
        return new Attempt(user, kind, begun.attempt());
    }

    /** The attempt's password was wrong: one more failure. */
    public void failed(Attempt attempt, long now) {
        store.failed(attempt.user(), attempt.kind(), now, WINDOW_MILLIS); // counted before it ends: never neither
        store.ended(attempt.user(), attempt.kind(), attempt.id());
    }

    /**
     * The attempt's password was right: see {@link #succeeded(String, String)}. {@code clientDigest} is the client's
     * under the current salt, what it is known by from now on; an attempt counted by its digest from before a
     * rotation forgets the failures counted by that one too (the user's page showed them until the window ended).
     */
    public void succeeded(Attempt attempt, String clientDigest) {
        store.ended(attempt.user(), attempt.kind(), attempt.id());
        succeeded(attempt.user(), clientDigest);
        if (!attempt.kind().equals(OTHERS) && !attempt.kind().equals(clientDigest)) store.clear(attempt.user(), attempt.kind());
    }

    /** The attempt ended before its password was judged (refused for another reason). */
    public void ended(Attempt attempt) {
        store.ended(attempt.user(), attempt.kind(), attempt.id());
    }

    /** Whether a login attempt now would be throttled, without beginning one. @throws Denial {@code login_throttled} */
    public void check(String user, String clientDigest, long now) {
        LoginFailures.Failures f = store.get(user, kind(user, clientDigest));
        if (f == null || now - f.last() >= WINDOW_MILLIS) return;
        long until = throttledUntil(f.count(), f.last());
        if (now < until) throw throttled(f.count(), until, now);
    }

    /** Counts a failure of the user from this client (outside an attempt: what a test or a tool records). */
    public void failed(String user, String clientDigest, long now) {
        store.failed(user, kind(user, clientDigest), now, WINDOW_MILLIS);
    }

    /** After {@link #FREE_FAILURES} failures each waits twice as long as the one before it, from the last one. */
    private static long throttledUntil(int failures, long last) {
        if (failures < FREE_FAILURES) return 0;
        return last + Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(30, failures - FREE_FAILURES));
    }

    private static Denial throttled(int failures, long until, long now) {
        long seconds = Math.max(1, (until - now + 999) / 1000);
        return new Denial(Reason.LOGIN_THROTTLED, failures + " failed logins for this user lately; wait " + seconds
                + " s before the next try", seconds);
    }

    /** A login succeeded: this client is the user's own from now on, and its failures are forgotten. */
    public void succeeded(String user, String clientDigest) {
        store.remember(user, clientDigest, KNOWN_CLIENTS);
        store.clear(user, clientDigest);
    }

    /**
     * Which of a client's digests the throttle counts it by: {@code current} (under the current salt) if the user
     * logged in from it or holds a session from it, else the first of {@code earlier} (under salts rotated out and
     * still in their grace, newest first) the user logged in from before the rotation, else {@code current}. A salt
     * rotated since a user's last login from their browser leaves it theirs, not one of the other clients.
     */
    public String counted(String user, String current, java.util.List<String> earlier) {
        if (knows(user, current)) return current;
        for (String digest : earlier) {
            if (store.knows(user, digest)) return digest; // a live session is hashed under the current salt alone
        }
        return current;
    }

    /** Whether the user logged in from this client (its fingerprint digest) before, or holds a session from it. */
    public boolean knows(String user, String clientDigest) {
        return store.knows(user, clientDigest) || hasSessionFrom.test(user, clientDigest);
    }

    /** Forgets all the throttle holds of the user: the user was deleted, and one made later with the name starts afresh. */
    public void forget(String user) {
        store.clearUser(user);
        store.forgetKnown(user);
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
            if (now - f.last() >= WINDOW_MILLIS) continue;
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
        return knows(user, clientDigest) ? clientDigest : OTHERS;
    }
}
