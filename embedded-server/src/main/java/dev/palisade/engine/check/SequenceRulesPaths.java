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

    /** Whether a call with method {@code called} is one a rule naming {@code ruleMethod} holds for. */
    public static boolean methodHolds(String ruleMethod, String called) {
        return ruleMethod.equals(called) || called.equals("HEAD") && ruleMethod.equals("GET");
    }
}
