package dev.palisade.engine.state;

import java.util.Map;

/**
 * The port for the login throttle's memory (hot state, STYLE 12): failed logins per user and kind of
 * client, and the clients each user logged in from. A cluster shares it, so three nodes do not allow
 * three times the guesses. Implementations pass {@code LoginFailuresContract}.
 */
public interface LoginFailures {

    /** One user's failures from one kind of client: how many, since when, and the last one. */
    record Failures(int count, long first, long last) {}

    /**
     * A login attempt that began: the failures counted before it (null if none) and how many other
     * attempts of the same user and client kind were in flight (their passwords not judged yet).
     */
    record Begun(Failures failures, int inFlight) {}

    /** @return the failures counted for the user's client kind, or null */
    Failures get(String user, String client);

    /**
     * Reads the failures and counts one more attempt in flight, at once: attempts sent in parallel (to
     * one node or to several) each see those before them. Every begun attempt ends with
     * {@link #failed} or {@link #ended}; a cluster forgets one that never ends (a node that died) after
     * a minute.
     */
    Begun begin(String user, String client, long now);

    /** Counts one failure, and ends one attempt in flight (if any); a window that is over since the first starts again at one. */
    void failed(String user, String client, long now, long windowMillis);

    /** Ends one attempt in flight without a failure (the password was right, or it was never judged). */
    void ended(String user, String client);

    /** Forgets the failures of one client kind (a login succeeded from it). */
    void clear(String user, String client);

    /** Every client kind's failures of the user. */
    Map<String, Failures> of(String user);

    /** Forgets all the user's failures (an operator lifted the throttle); @return how many client kinds had some */
    int clearUser(String user);

    /** Drops failures whose window is over. */
    void sweep(long now, long windowMillis);

    /** The user logged in from {@code client}: it is the first of the user's known clients, at most {@code keep} kept. */
    void remember(String user, String client, int keep);

    boolean knows(String user, String client);
}
