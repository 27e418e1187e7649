package dev.palisade.engine.fingerprint;

import java.util.Locale;

/** What a change in one fingerprint component leads to (graded response). */
public enum Action {
    /** Not part of the fingerprint. */
    IGNORE,
    /** Allowed, but the operator sees a {@code fingerprint_mismatch} event. */
    ALERT,
    /** Refused with {@code reauth_required} until the user logs in again. */
    REAUTH,
    /** Refused outright ({@code automation_suspected}); only for the {@code automation} component. */
    DENY;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Action ofLabel(String label) {
        for (Action a : values()) {
            if (a.label().equals(label)) return a;
        }
        throw new IllegalArgumentException("must be ignore, alert, reauth or deny");
    }
}
