package dev.palisade.console.ui.configuration;

import java.util.List;

/**
 * One field of a rate window or a sequence rule as the admin API names it, with what the form needs
 * to offer it. A number's printed range is checked on the client too (every bad field marked in one
 * pass); the server still validates every field, the rest (a route's shape) only there.
 *
 * @param choices what a choice offers; empty for free text and numbers
 * @param whenEmpty what an empty value means, shown in the empty input; it is sent as JSON null.
 *        Null for a field that must be filled
 */
public record FormField(String name, String label, Input input, List<String> choices, String whenEmpty, String hint,
                        Bounds bounds) {

    public boolean optional() { return whenEmpty != null; }

    /** How the operator enters the value. */
    public enum Input {
        /** One of {@link #choices()}, nothing else. */
        CHOICE,
        /** One of {@link #choices()} offered, anything typed sent as it is for the server to judge. */
        SUGGESTED,
        /** A whole number, sent as a JSON number. */
        NUMBER,
        TEXT
    }

    static FormField choice(String name, String label, List<String> choices, String hint) {
        return new FormField(name, label, Input.CHOICE, choices, null, hint, null);
    }

    static FormField method(String name, String label) {
        return new FormField(name, label, Input.SUGGESTED, List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"), null, "", null);
    }

    /** A whole number from {@code min} to {@code max}, which {@code hint} prints ("calls, 1–1000000"). */
    static FormField number(String name, String label, long min, long max, String hint) {
        return new FormField(name, label, Input.NUMBER, List.of(), null, hint, new Bounds(min, max, ""));
    }

    static FormField text(String name, String label, String hint) {
        return new FormField(name, label, Input.TEXT, List.of(), null, hint, null);
    }

    static FormField optionalText(String name, String label, String whenEmpty, String hint) {
        return new FormField(name, label, Input.TEXT, List.of(), whenEmpty, hint, null);
    }
}
