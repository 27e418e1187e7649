package dev.palisade.engine.event;

import java.util.Locale;

/**
 * Allowed calls in one minute for one key of one dimension, e.g. 120 calls to {@code /api/notes} in
 * the minute starting at {@code minute} (epoch millis, a whole minute).
 */
public record Rollup(long minute, Dimension dimension, String key, long calls) {

    /** What a rollup counts by; {@code ALL} has one key, the empty string. */
    public enum Dimension {
        ALL, ROUTE, SESSION, USER, IP;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        /** @return the dimension, or null for an unknown label */
        public static Dimension ofLabel(String label) {
            for (Dimension d : values()) {
                if (d.label().equals(label)) return d;
            }
            return null;
        }
    }

    /** A key's calls summed over a time range. */
    public record Total(String key, long calls) {}
}
