package dev.palisade.engine.config;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * In reverse-proxy mode, which upstream paths are public (passed on without protection: static
 * files, health) and which are client pages (served with a page nonce and palisade.js); everything
 * else is protected. Patterns are exact paths, or prefixes ending in {@code /*}.
 */
public record ProxyRoutes(List<String> publicPaths, List<String> clientPages) {

    /**
     * A path's characters but the comma (patterns are stored as comma-separated lists, and so given in
     * environment variables) and the semicolon (a path with a {@code ;} parameter is refused before routing).
     */
    private static final Pattern PATTERN = Pattern.compile("/[A-Za-z0-9._~!$&'()+=:@%/-]*(/\\*)?");

    public ProxyRoutes {
        publicPaths = List.copyOf(publicPaths);
        clientPages = List.copyOf(clientPages);
    }

    /**
     * Until an operator says otherwise: the page at {@code /}, and {@code /favicon.ico} public, since a
     * browser asks for it by itself at every page load, without credentials: protected, each load was a
     * refusal counted against the person's own address (raising its proof of work, then blocking it).
     */
    public static ProxyRoutes defaults() {
        return new ProxyRoutes(List.of("/favicon.ico"), List.of("/"));
    }

    public boolean isPublic(String path) { return matchesAny(publicPaths, path); }

    public boolean isClientPage(String path) { return matchesAny(clientPages, path); }

    /** Asked on every proxied call: compares in place, building no prefix string (BENCHMARKS.md, issue 14). */
    private static boolean matchesAny(List<String> patterns, String path) {
        for (int i = 0, n = patterns.size(); i < n; i++) {
            String p = patterns.get(i);
            if (p.endsWith("/*")) {
                int base = p.length() - 2; // "/static/*" matches /static and what is under /static/
                if (path.regionMatches(0, p, 0, base) && (path.length() == base || path.charAt(base) == '/')) return true;
            } else if (p.equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** @throws InvalidInputException naming each bad pattern */
    public static ProxyRoutes validated(List<String> publicPaths, List<String> clientPages) {
        List<FieldError> errors = new ArrayList<>();
        check("publicPaths", publicPaths, errors);
        check("clientPages", clientPages, errors);
        repeats(publicPaths, clientPages, errors);
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return new ProxyRoutes(publicPaths, clientPages);
    }

    private static void check(String field, List<String> patterns, List<FieldError> errors) {
        if (patterns.size() > 200) errors.add(new FieldError(field, "at most 200 patterns"));
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (p != null && p.indexOf(',') >= 0) {
                errors.add(new FieldError(field + "[" + i + "]", "a comma is not allowed in a pattern (give each"
                        + " pattern as its own list item): " + p));
            } else if (p == null || p.length() > 200 || !PATTERN.matcher(p).matches()) {
                errors.add(new FieldError(field + "[" + i + "]", "a path such as /health, or a prefix such as /static/*"));
            } else if (hasDotSegment(p)) {
                errors.add(new FieldError(field + "[" + i + "]", "dot segments (. and .., percent-encoded ones too)"
                        + " and encoded slashes are not allowed: " + p));
            } else if (dev.palisade.engine.RoutePaths.neverMatched(p) != null) {
                errors.add(new FieldError(field + "[" + i + "]", dev.palisade.engine.RoutePaths.neverMatched(p)));
            } else if (p.startsWith("/auth/") || p.equals("/auth") || p.startsWith("/assets/")
                    || p.startsWith("/_palisade/") || p.equals("/_palisade")) {
                errors.add(new FieldError(field + "[" + i + "]", "/auth, /assets and /_palisade are Palisade's own"));
            }
        }
    }

    /**
     * A pattern listed twice, or both public and a client page: the proxy serves such a path as a
     * page and the decide listener passes it as public, so one list must say what it is.
     */
    private static void repeats(List<String> publicPaths, List<String> clientPages, List<FieldError> errors) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String field : List.of("publicPaths", "clientPages")) {
            List<String> patterns = field.equals("publicPaths") ? publicPaths : clientPages;
            for (int i = 0; i < patterns.size(); i++) {
                String p = patterns.get(i);
                if (p == null) continue;
                String first = seen.putIfAbsent(p, field + "[" + i + "]");
                if (first != null) errors.add(new FieldError(field + "[" + i + "]", p + " is listed already, as " + first));
            }
        }
    }

    /**
     * Whether a pattern holds a segment that is {@code .} or {@code ..} once percent-decoded, or an
     * encoded slash or backslash: such a pattern could match a path the operator did not mean
     * (e.g. {@code /api/../auth/*}).
     */
    static boolean hasDotSegment(String pattern) {
        String lower = pattern.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("%2f") || lower.contains("%5c") || dev.palisade.engine.RoutePaths.hasDotSegment(pattern);
    }

    public String encode() {
        return String.join(",", publicPaths) + "\n" + String.join(",", clientPages);
    }

    /**
     * Reads {@link #encode}'s form. A pattern stored before this version refused it (a repeat, a {@code ;},
     * a dot segment, {@code /_palisade}) is left out with a warning, the others kept: such a pattern
     * matched no call's path, or must not, and one of them made the whole document fall back to the
     * defaults, an app's public paths protected and its pages other than {@code /} no longer served as
     * pages. Only an unreadable document gives the defaults.
     */
    public static ProxyRoutes decode(String text) {
        if (text == null) return defaults();
        try {
            String[] parts = text.split("\n", -1);
            // stored before a repeat was refused: read without it, as the proxy served it (a page before public)
            List<String> pages = stillValid("clientPages", split(parts[1]).stream().distinct().toList());
            List<String> open = stillValid("publicPaths", split(parts[0]).stream().distinct().filter(p -> !pages.contains(p)).toList());
            return validated(open, pages);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the stored proxy routes are unreadable; the defaults apply until an"
                    + " operator sets them: " + e.getMessage());
            return defaults();
        }
    }

    private static final System.Logger LOG = System.getLogger(ProxyRoutes.class.getName());

    private static List<String> stillValid(String field, List<String> patterns) {
        List<String> kept = new ArrayList<>();
        for (String p : patterns) {
            List<FieldError> errors = new ArrayList<>();
            check(field, List.of(p), errors);
            if (errors.isEmpty()) {
                kept.add(p);
            } else {
                LOG.log(System.Logger.Level.WARNING, "stored route pattern " + p + " in " + field + " left out, as this"
                        + " version refuses it: " + errors.get(0).message());
            }
        }
        return kept;
    }

    private static List<String> split(String csv) {
        return csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
