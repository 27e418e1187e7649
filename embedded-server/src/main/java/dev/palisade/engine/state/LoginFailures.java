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
     * A login attempt that began: the failures counted before it (null if none), how many other
     * attempts of the same user and client kind were in flight (their passwords not judged yet), and
     * this attempt's id, to end it with.
     */
    record Begun(Failures failures, int inFlight, String attempt) {}

    /** An attempt in flight longer than this was on a node that stopped: it no longer holds others back. */
    long IN_FLIGHT_MILLIS = 60_000;

    /** @return the failures counted for the user's client kind, or null */
    Failures get(String user, String client);

    /**
     * Reads the failures and counts one more attempt in flight, at once: attempts sent in parallel (to
     * one node or to several) each see those before them. Every begun attempt ends with {@link #ended};
     * one that never does (its node died) stops counting {@link #IN_FLIGHT_MILLIS} after it began.
     */
    Begun begin(String user, String client, long now);

    /** Counts one failure; after a whole window without one, counting starts again at one. */
    void failed(String user, String client, long now, long windowMillis);

    /** Ends an attempt in flight (ending one twice, or one already forgotten, does nothing). */
    void ended(String user, String client, String attempt);

    /** Forgets the failures of one client kind (a login succeeded from it). */
    void clear(String user, String client);

    /** Every client kind's failures of the user. */
    Map<String, Failures> of(String user);

    /** Forgets all the user's failures and attempts in flight (an operator lifted the throttle); @return how many client kinds had failures */
    int clearUser(String user);

    /** Drops failures whose window is over. */
    void sweep(long now, long windowMillis);

    /** The user logged in from {@code client}: it is the first of the user's known clients, at most {@code keep} kept. */
    void remember(String user, String client, int keep);

    boolean knows(String user, String client);

    /** Forgets the clients the user logged in from (the user was deleted: one made later with the name knows none). */
    void forgetKnown(String user);

    /** One user's failures from one kind of client as kept across a restart; {@code failures} null once forgotten. */
    record Kept(String user, String client, Failures failures) {}

    /**
     * The failures counted or forgotten since the last call, for the engine to write; none for a store
     * that keeps them itself (a cluster's).
     */
    default java.util.List<Kept> takeChanged() {
        return java.util.List.of();
    }

    /** Changes {@link #takeChanged} gave that could not be written: they are given again next time. */
    default void changedAgain(java.util.List<Kept> kept) {}

    /** Takes back the failures written before a restart. */
    default void restore(java.util.List<Kept> kept) {}

    /** The clients a user logged in from, newest first, as kept across a restart. */
    record Known(String user, java.util.List<String> clients) {}

    /**
     * The users whose known clients changed since the last call, with their clients now, for the engine
     * to write; none for a store that keeps them itself (a cluster's).
     */
    default java.util.List<Known> takeChangedKnown() {
        return java.util.List.of();
    }

    /** Changes {@link #takeChangedKnown} gave that could not be written: they are given again next time. */
    default void knownAgain(java.util.List<Known> known) {}

    /** Takes back the known clients written before a restart (a user's own login since stays first). */
    default void restoreKnown(java.util.List<Known> known) {}
}
