package dev.palisade.engine.event;

import java.util.Locale;

/** What an event records; the label is the public name used in JSON and queries. */
public enum EventType {
    /** A verdict of the pipeline on a call to the protected API. */
    DECISION,
    /** Bootstrap, login, refresh and logout outcomes. */
    AUTH,
    /** A change made through the admin API or at start-up (users, keys, settings, revocations). */
    ADMIN,
    /** A session's client changed (technique 5); detail holds the old and new components as JSON. */
    FINGERPRINT_MISMATCH,
    /** A rate window was exceeded (technique 8); detail holds key, window, limit and observed rate. */
    RATE_ANOMALY,
    /** Something the server itself noticed (events dropped, store trouble). */
    SYSTEM;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static EventType ofLabel(String label) {
        for (EventType t : values()) {
            if (t.label().equals(label)) return t;
        }
        throw new IllegalArgumentException("unknown event type: " + label);
    }
}
