package dev.palisade.engine.rate;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * One rate limit: at most {@code limit} calls per {@code windowSeconds} per {@link Scope} key,
 * optionally only for paths under {@code route} (a route group).
 */
public record RateWindow(Scope scope, int limit, int windowSeconds, String route) {

    public static List<RateWindow> defaults() {
        return List.of(new RateWindow(Scope.SESSION, 20, 1, null), new RateWindow(Scope.SESSION, 300, 60, null),
                new RateWindow(Scope.IP, 50, 1, null), new RateWindow(Scope.IP, 1_200, 60, null),
                new RateWindow(Scope.API_KEY, 50, 1, null), new RateWindow(Scope.API_KEY, 1_000, 60, null));
    }

    /** {@code percent} of {@code limit}, rounded down, at least 1: a slowed session's limit. */
    public static int share(int limit, int percent) {
        return percent >= 100 ? limit : Math.max(1, (int) ((long) limit * percent / 100));
    }

    /** Whether a call to {@code path} counts here: any path without a route, else the route and below, however spelt. */
    public boolean covers(String path) {
        return route == null || dev.palisade.engine.RoutePaths.isUnder(route, path);
    }

    /** @throws InvalidInputException naming each bad window by index */
    public static List<RateWindow> validate(List<RateWindow> windows) {
        return validate(windows, true);
    }

    /**
     * @param given windows an operator gives now; stored ones are read as they were checked when stored
     *              (a route with a query passed before): one refused here would reset every window
     */
    private static List<RateWindow> validate(List<RateWindow> windows, boolean given) {
        List<FieldError> errors = new ArrayList<>();
        if (windows.size() > MOST) errors.add(new FieldError("windows", "at most " + MOST + " windows"));
        for (int i = 0; i < windows.size(); i++) {
            RateWindow w = windows.get(i);
            String at = "windows[" + i + "]";
            if (w.scope() == null) errors.add(new FieldError(at + ".scope", "must be session, ip or apikey"));
            if (w.limit() < 1 || w.limit() > 1_000_000) errors.add(new FieldError(at + ".limit", "must be between 1 and 1000000"));
            if (w.windowSeconds() < 1 || w.windowSeconds() > 86_400) {
                errors.add(new FieldError(at + ".windowSeconds", "must be between 1 and 86400"));
            }
            // ';' and '@' are the stored form's separators; a query, a fragment or a control character is never part
            // of a decoded path, so such a route would count no call (a space is: /files/My%20Docs, but not at a
            // segment's edge)
            if (w.route() != null && (!w.route().startsWith("/") || w.route().length() > 200
                    || w.route().chars().anyMatch(c -> c == ';' || c == '@'
                    || given && (c == '?' || c == '#' || c < ' ' || c == 0x7f)))) {
                errors.add(new FieldError(at + ".route", "must be a path prefix such as /api/orders"));
            } else if (w.route() != null && given && dev.palisade.engine.RoutePaths.strayedSpace(w.route())) {
                errors.add(new FieldError(at + ".route", dev.palisade.engine.RoutePaths.STRAYED_SPACE));
            } else if (w.route() != null && given && dev.palisade.engine.RoutePaths.neverMatched(w.route()) != null) {
                errors.add(new FieldError(at + ".route", dev.palisade.engine.RoutePaths.neverMatched(w.route())));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return List.copyOf(windows);
    }

    /** {@code scope:limit/seconds[@route]}, joined by ";" for the settings store. */
    public static String encode(List<RateWindow> windows) {
        StringBuilder b = new StringBuilder();
        for (RateWindow w : windows) {
            if (b.length() > 0) b.append(';');
            b.append(w.scope().label()).append(':').append(w.limit()).append('/').append(w.windowSeconds());
            if (w.route() != null) b.append('@').append(w.route());
        }
        return b.toString();
    }

    /**
     * Reads {@link #encode}'s form window by window: one this version does not read (a newer version's scope, a limit out
     * of its bounds) is left out with a warning, and the others stay in force (durability audit 61, M1: one such window
     * gave the six defaults in place of every window). No window this version reads is kept as stored, none at all (an
     * operator's choice, or a newer version's windows only); only a text with nothing of a window's form in it (an
     * edit gone wrong) gives the defaults, as no row does.
     */
    public static List<RateWindow> decode(String text) {
        if (text == null) return defaults();
        List<RateWindow> out = new ArrayList<>();
        boolean formed = false;
        for (String part : text.split(";")) {
            if (part.isBlank()) continue;
            RateWindow w = readable(part);
            if (w != null && out.size() < MOST) {
                out.add(w);
                formed = true;
                continue;
            }
            formed |= FORM.matcher(part).matches();
            if (UNREAD.first(part)) {
                LOG.log(System.Logger.Level.WARNING, "the stored rate window " + part + " is not one this version reads"
                        + (FORM.matcher(part).matches() ? " (a newer version's?): left out here, kept in the store"
                        : " (an edit?): left out, and dropped at the next save"));
            }
        }
        return out.isEmpty() && !formed && !text.isBlank() ? defaults() : List.copyOf(out);
    }

    /**
     * The stored windows this version does not read but another may (of a window's form: {@code scope:limit/seconds}, a
     * route after {@code @}), as stored: a save from this node keeps them for the version that wrote them.
     */
    public static List<String> unread(String text) {
        if (text == null) return List.of();
        return java.util.Arrays.stream(text.split(";"))
                .filter(part -> !part.isBlank() && readable(part) == null && FORM.matcher(part).matches()).toList();
    }

    /** Windows at most, in a list and in the store. */
    public static final int MOST = 64;
    /** A window's stored form, whatever its scope and bounds: what a version may write that another does not read. */
    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("[a-z_]+:\\d{1,10}/\\d{1,10}(@.*)?");
    private static final dev.palisade.engine.FirstTimes UNREAD = new dev.palisade.engine.FirstTimes();
    private static final System.Logger LOG = System.getLogger(RateWindow.class.getName());

    /** One window in {@link #encode}'s form, checked as it was when stored; null when this version does not read it. */
    private static RateWindow readable(String part) {
        try {
            String route = null;
            int at = part.indexOf('@');
            if (at >= 0) {
                route = part.substring(at + 1);
                part = part.substring(0, at);
            }
            int colon = part.indexOf(':');
            int slash = part.indexOf('/');
            RateWindow w = new RateWindow(Scope.ofLabel(part.substring(0, colon)), Integer.parseInt(part.substring(colon + 1, slash)),
                    Integer.parseInt(part.substring(slash + 1)), route);
            return validate(List.of(w), false).get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
