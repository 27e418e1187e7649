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
        return defaults(true);
    }

    /**
     * The rules in force until an operator sets some: a few sessions per address and user, and, for the
     * demo API only, its order rule (another API's {@code POST /api/orders} owes nothing to a cart).
     */
    public static List<SequenceRule> defaults(boolean demoApi) {
        SequenceRule.MaxSessions sessions = new SequenceRule.MaxSessions(20, 10);
        return demoApi ? List.of(new SequenceRule.RequiresPrior("POST", "/api/orders", "GET", "/api/cart", 600), sessions)
                : List.of(sessions);
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
        if (p != null && p.indexOf(';') >= 0) {
            // the proxy and decide listeners refuse a path with a ;parameter, and the embedded one drops it
            errors.add(new FieldError(field, "a ; is not allowed: no call's path holds one when the rules see it"));
        } else if (p == null || p.length() > 200 || !PATH.matcher(p).matches()) {
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

    private static final System.Logger LOG = System.getLogger(SequenceRules.class.getName());

    /**
     * Reads {@link #encode}'s form. A rule this version cannot read or refuses (one stored before a path
     * such as {@code /api/%zz} was refused: it matched no call) is left out with a warning and the others
     * kept: one such rule made every rule fall back to the defaults, the operator's stricter ones gone.
     * Only a document with no rule left to read gives the defaults.
     */
    public static List<SequenceRule> decode(String text) {
        return decode(text, true);
    }

    /** {@link #decode(String)}, with the defaults for the API protected (see {@link #defaults(boolean)}). */
    public static List<SequenceRule> decode(String text, boolean demoApi) {
        if (text == null) return defaults(demoApi);
        List<SequenceRule> rules = new ArrayList<>();
        boolean any = false;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            if (newer(line.trim())) continue; // a newer version's, kept for it (unread): an emptied list stays empty beside it
            any = true;
            try {
                SequenceRule rule = parse(line.trim().split(" "));
                validate(List.of(rule));
                if (rule instanceof SequenceRule.MaxSessions && rules.stream().anyMatch(r -> r instanceof SequenceRule.MaxSessions)) {
                    throw new IllegalArgumentException("a second max-sessions rule");
                }
                rules.add(rule);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stored sequence rule \"" + line.trim() + "\" left out, as this version"
                        + " cannot read it or refuses it: " + e.getMessage());
            }
        }
        if (any && rules.isEmpty()) return defaults(demoApi);
        return List.copyOf(rules.subList(0, Math.min(rules.size(), 100)));
    }

    /** The types of rule this version reads; a stored line of another type is a newer version's. */
    private static final java.util.Set<String> TYPES = java.util.Set.of("requires-prior", "max-sessions", "min-interval");
    /** A stored rule's form, whatever its type: a type's name, then its fields. */
    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("[a-z][a-z-]{0,39}( \\S+)*");

    /**
     * The stored lines of rule types a newer version writes, which this version leaves out when it reads: kept when it
     * saves, so a rollback or a cluster upgraded node by node does not erase them (durability audit 61, I1). A line of
     * a type it reads that it cannot read is an edit gone wrong, and is not kept.
     */
    public static List<String> unread(String text) {
        if (text == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String rule = line.trim();
            if (newer(rule) && out.size() < 100) out.add(rule);
        }
        return out;
    }

    private static boolean newer(String rule) {
        return !rule.isEmpty() && FORM.matcher(rule).matches() && !TYPES.contains(rule.split(" ")[0]);
    }

    private static SequenceRule parse(String[] p) {
        return switch (p[0]) {
            case "requires-prior" -> new SequenceRule.RequiresPrior(p[1], p[2], p[3], p[4], Integer.parseInt(p[5]));
            case "max-sessions" -> new SequenceRule.MaxSessions(Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            case "min-interval" -> new SequenceRule.MinInterval(p[1], p[2], Integer.parseInt(p[3]));
            default -> throw new IllegalArgumentException("unknown rule " + p[0]);
        };
    }
}
