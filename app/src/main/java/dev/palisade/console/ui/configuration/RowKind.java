package dev.palisade.console.ui.configuration;

import java.util.List;
import java.util.Optional;

/**
 * What a row of a {@link DocumentForm} is: a rate window, or one type of sequence rule, with its
 * fields in the order the admin API's documents list them (docs/protocol.md, techniques 8 and 9).
 *
 * @param type the rule's {@code "type"}; null for rate windows, which have none
 */
public record RowKind(String type, String title, String description, List<FormField> fields) {

    public static final RowKind RATE_WINDOW = new RowKind(null, "Rate window",
            "At most limit calls per window per scope key, only on paths under the route when one is given.", List.of(
            FormField.choice("scope", "Scope", List.of("session", "ip", "apikey"), "whose calls count"),
            FormField.number("limit", "Limit", 1, 1_000_000, "calls, 1–1000000"),
            FormField.number("windowSeconds", "Window", 1, 86_400, "seconds, 1–86400"),
            FormField.optionalText("route", "Route", "every path", "path prefix such as /api/orders")));

    public static final RowKind REQUIRES_PRIOR = new RowKind("requires-prior", "Requires prior",
            "A call needs another one earlier in the same session, within a time.", List.of(
            FormField.method("method", "Method"),
            FormField.text("path", "Path", "/api/orders, or a prefix /api/orders/*"),
            FormField.method("priorMethod", "Prior method"),
            FormField.text("priorPath", "Prior path", "the call that must come first, spelt exactly as sent"),
            FormField.number("withinSeconds", "Within", 1, 86_400, "s, 1–86400")));

    public static final RowKind MAX_SESSIONS = new RowKind("max-sessions", "Max sessions",
            "Live sessions per address and per user, checked at login (only one such rule).", List.of(
            FormField.number("perIp", "Per address", 0, 1_000_000, "0–1000000, 0: no limit"),
            FormField.number("perUser", "Per user", 0, 1_000_000, "0–1000000, 0: no limit")));

    public static final RowKind MIN_INTERVAL = new RowKind("min-interval", "Min interval",
            "Two such calls of one session no closer together than a person would make them.", List.of(
            FormField.method("method", "Method"),
            FormField.text("path", "Path", "/api/orders, or a prefix /api/orders/*"),
            FormField.number("minMillis", "At least", 1, 3_600_000, "ms, 1–3600000")));

    public static final List<RowKind> RULE_TYPES = List.of(REQUIRES_PRIOR, MAX_SESSIONS, MIN_INTERVAL);

    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Override
    public String toString() { return type == null ? title : type; }
}
