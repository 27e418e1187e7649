package dev.palisade.engine.check;

import dev.palisade.engine.RoutePaths;

/** How rule paths match: as one route, or as a route and all below it when they end in {@code /*} ({@link RoutePaths}). */
public final class SequenceRulesPaths {

    private SequenceRulesPaths() {}

    public static boolean matches(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            return RoutePaths.isUnder(pattern, pattern.length() - 2, path); // the pattern without "/*", in place
        }
        return RoutePaths.is(pattern, path);
    }
}
