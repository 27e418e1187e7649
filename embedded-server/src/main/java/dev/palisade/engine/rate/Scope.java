package dev.palisade.engine.rate;

import java.util.Locale;

/** Whose calls a rate window counts. */
public enum Scope {
    SESSION, IP, API_KEY;

    public String label() { return name().toLowerCase(Locale.ROOT).replace("_", ""); }

    public static Scope ofLabel(String label) {
        for (Scope s : values()) {
            if (s.label().equals(label)) return s;
        }
        throw new IllegalArgumentException("must be session, ip or apikey");
    }
}
