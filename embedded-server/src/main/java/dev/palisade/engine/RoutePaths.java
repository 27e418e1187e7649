package dev.palisade.engine;

/**
 * How a route an operator names in a limit (a rate window's route, a sequence rule's path) matches
 * a call's path, which arrives decoded with its dot segments and parameters removed. Letters match in
 * either case and one trailing slash is ignored, because Express, ASP.NET and others route
 * {@code /API/Orders} and {@code /api/orders/} to {@code /api/orders}: a limit that missed those
 * spellings could be dodged by them. For the same reason a format suffix ({@code /api/orders.json}, a dot and
 * anything up to the next slash) is the route itself: Rails ({@code (.:format)}) and Spring MVC before 5.3 route
 * it to the same action.
 * Matching more spellings only applies a limit more widely, so it is right for limits and wrong for
 * grants: API-key scopes and public paths match exactly.
 */
public final class RoutePaths {

    private RoutePaths() {}

    /** Whether {@code path} is {@code route} itself, however spelt. */
    public static boolean is(String route, String path) {
        int r = length(route);
        int p = length(path);
        return (p == r || formatSuffix(path, r, p)) && path.regionMatches(true, 0, route, 0, r);
    }

    /** Whether {@code path} is {@code route} or below it (a route of {@code /} covers every path). */
    public static boolean isUnder(String route, String path) {
        return isUnder(route, route.length(), path);
    }

    /** As {@link #isUnder(String, String)}, for the route that is {@code route}'s first {@code end} characters. */
    public static boolean isUnder(String route, int end, String path) {
        int r = end > 1 && route.charAt(end - 1) == '/' ? end - 1 : end;
        if (r <= 1) return true;
        int p = length(path);
        if (p < r || !path.regionMatches(true, 0, route, 0, r)) return false;
        return p == r || path.charAt(r) == '/' || formatSuffix(path, r, p);
    }

    /**
     * Whether {@code path}'s characters from {@code at} to {@code end} are a format: a dot, then anything but a slash
     * (Rails takes any text without a {@code /} or {@code .} as the format, Spring any text after the dot, none too).
     */
    private static boolean formatSuffix(String path, int at, int end) {
        if (at >= end || path.charAt(at) != '.') return false;
        int slash = path.indexOf('/', at);
        return slash < 0 || slash >= end;
    }

    /**
     * Why an operator's path would match no call, or null: a {@code .} or {@code ..} segment (spelt
     * {@code %2e} too), which calls arrive without, or a {@code %} not followed by two hex digits,
     * which no path holds.
     */
    public static String neverMatched(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return "a % must start an escape of two hex digits (%2F): " + path;
            }
        }
        if (hasDotSegment(path)) {
            return "no . or .. segment: a call's path arrives with them resolved, so this would match none: " + path;
        }
        return null;
    }

    /** What is said of a path {@link #strayedSpace} finds. */
    public static final String STRAYED_SPACE = "a space at a segment's start or end: a stray one?";

    /**
     * Whether a space starts or ends a segment of {@code path} ({@code /api/notes }): a decoded path holds
     * spaces (/files/My%20Docs), but one at a segment's edge is nearly always a stray one, which would
     * match none of the calls meant.
     */
    public static boolean strayedSpace(String path) {
        return path.endsWith(" ") || path.contains(" /") || path.contains("/ ");
    }

    /** Whether a segment of {@code path} is {@code .} or {@code ..}, spelt with {@code %2e} too. */
    public static boolean hasDotSegment(String path) {
        String decoded = path.replace("%2e", ".").replace("%2E", ".");
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return true;
        }
        return false;
    }

    /** The length without one trailing slash (the root keeps its own). */
    private static int length(String path) {
        int n = path.length();
        return n > 1 && path.charAt(n - 1) == '/' ? n - 1 : n;
    }
}
