package dev.palisade.engine.check;

import dev.palisade.engine.RoutePaths;

/**
 * How a rule's call matches: its path as one route, or as a route and all below it when it ends in
 * {@code /*} ({@link RoutePaths}); its method as named, and a GET also by HEAD (Express, Flask and
 * Spring answer HEAD with the GET handler: the same call less its body).
 */
public final class SequenceRulesPaths {

    private SequenceRulesPaths() {}

    public static boolean matches(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            return RoutePaths.isUnder(pattern, pattern.length() - 2, path); // the pattern without "/*", in place
        }
        return RoutePaths.is(pattern, path);
    }

    /**
     * Whether {@code path} is a {@code requires-prior} rule's earlier call: spelt as the rule names it,
     * case and trailing slash included (below it for a {@code /*} pattern). A prior grants the later
     * call, so no other spelling counts: an API that answers {@code /api/cart/} or {@code /API/cart}
     * with a 404 showed no cart.
     */
    public static boolean isPrior(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            int r = pattern.length() - 2;
            return path.regionMatches(0, pattern, 0, r) && (path.length() == r || path.charAt(r) == '/');
        }
        return pattern.equals(path);
    }

    /** Whether a call with method {@code called} is one a rule naming {@code ruleMethod} holds for. */
    public static boolean methodHolds(String ruleMethod, String called) {
        return ruleMethod.equals(called) || called.equals("HEAD") && ruleMethod.equals("GET");
    }
}
