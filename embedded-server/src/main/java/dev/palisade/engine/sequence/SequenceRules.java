package dev.palisade.engine.sequence;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation, defaults and the stored form of the sequence rules. */
public final class SequenceRules {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()+,;=:@%/-]*(/\\*)?");

    private SequenceRules() {}

    /** What the demo API ships with: an order needs a look at the cart; a few sessions per address and user. */
    public static List<SequenceRule> defaults() {
        return List.of(new SequenceRule.RequiresPrior("POST", "/api/orders", "GET", "/api/cart", 600),
                new SequenceRule.MaxSessions(20, 10));
    }

    /** @throws InvalidInputException naming each bad field as {@code rules[i].field} */
    public static List<SequenceRule> validate(List<SequenceRule> rules) {
        List<FieldError> errors = new ArrayList<>();
        if (rules.size() > 100) errors.add(new FieldError("rules", "at most 100 rules"));
        int maxSessions = 0;
        for (int i = 0; i < rules.size(); i++) {
            String at = "rules[" + i + "].";
            SequenceRule rule = rules.get(i);
            if (rule instanceof SequenceRule.RequiresPrior r) {
                method(r.method(), at + "method", errors);
                path(r.path(), at + "path", errors);
                method(r.priorMethod(), at + "priorMethod", errors);
                path(r.priorPath(), at + "priorPath", errors);
                if (r.withinSeconds() < 1 || r.withinSeconds() > 86_400) {
                    errors.add(new FieldError(at + "withinSeconds", "must be between 1 and 86400"));
                }
            } else if (rule instanceof SequenceRule.MaxSessions m) {
                if (++maxSessions > 1) errors.add(new FieldError(at + "type", "only one max-sessions rule"));
                if (m.perIp() < 0 || m.perIp() > 1_000_000) errors.add(new FieldError(at + "perIp", "must be 0–1000000"));
                if (m.perUser() < 0 || m.perUser() > 1_000_000) errors.add(new FieldError(at + "perUser", "must be 0–1000000"));
            } else if (rule instanceof SequenceRule.MinInterval m) {
                method(m.method(), at + "method", errors);
                path(m.path(), at + "path", errors);
                if (m.minMillis() < 1 || m.minMillis() > 3_600_000) {
                    errors.add(new FieldError(at + "minMillis", "must be between 1 and 3600000"));
                }
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return List.copyOf(rules);
    }

    private static void method(String m, String field, List<FieldError> errors) {
        if (m == null || !METHODS.contains(m)) errors.add(new FieldError(field, "must be one of " + METHODS));
    }

    private static void path(String p, String field, List<FieldError> errors) {
        if (p == null || p.length() > 200 || !PATH.matcher(p).matches()) {
            errors.add(new FieldError(field, "must be a path such as /api/orders, or a prefix such as /api/notes/*"));
        } else if (dev.palisade.engine.RoutePaths.neverMatched(p) != null) {
            errors.add(new FieldError(field, dev.palisade.engine.RoutePaths.neverMatched(p)));
        }
    }

    public static String encode(List<SequenceRule> rules) {
        StringBuilder b = new StringBuilder();
        for (SequenceRule r : rules) b.append(r.encode()).append('\n');
        return b.toString();
    }

    /** Reads {@link #encode}'s form; anything unreadable gives the defaults. */
    public static List<SequenceRule> decode(String text) {
        if (text == null) return defaults();
        try {
            List<SequenceRule> rules = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank()) continue;
                String[] p = line.trim().split(" ");
                rules.add(switch (p[0]) {
                    case "requires-prior" -> new SequenceRule.RequiresPrior(p[1], p[2], p[3], p[4], Integer.parseInt(p[5]));
                    case "max-sessions" -> new SequenceRule.MaxSessions(Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                    case "min-interval" -> new SequenceRule.MinInterval(p[1], p[2], Integer.parseInt(p[3]));
                    default -> throw new IllegalArgumentException(p[0]);
                });
            }
            return validate(rules);
        } catch (RuntimeException e) {
            return defaults();
        }
    }
}
