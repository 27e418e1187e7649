package dev.palisade.engine.blacklist;

import java.util.Locale;

/** What a blacklist entry matches. */
public enum EntryKind {
    /** An address or CIDR range, IPv4 or IPv6. */
    IP,
    /** A case-insensitive regular expression found anywhere in the User-Agent. */
    USER_AGENT,
    /** A session id. */
    SESSION,
    /** An access token (kept only as its SHA-256). */
    TOKEN;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static EntryKind ofLabel(String label) {
        for (EntryKind k : values()) {
            if (k.label().equals(label)) return k;
        }
        throw new IllegalArgumentException("must be ip, user_agent, session or token");
    }
}
