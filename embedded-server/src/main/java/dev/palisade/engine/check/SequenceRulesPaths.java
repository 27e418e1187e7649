package dev.palisade.engine.check;

/** How rule paths match: exactly, or as a prefix when they end in {@code /*}. */
public final class SequenceRulesPaths {

    private SequenceRulesPaths() {}

    public static boolean matches(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return path.equals(base) || path.startsWith(base + "/");
        }
        return pattern.equals(path);
    }
}
