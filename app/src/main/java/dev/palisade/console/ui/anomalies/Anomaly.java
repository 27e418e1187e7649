package dev.palisade.console.ui.anomalies;

/**
 * One exceeded rate window, from a {@code rate_anomaly} event.
 *
 * @param limit       the limit the caller was held to
 * @param windowLimit the window's own limit: more than {@code limit} for a slowed session (an automated browser's)
 */
public record Anomaly(long at, String scope, String key, int limit, int windowLimit, int windowSeconds, double observed,
                      String route, String ip, String user) {

    /** The window as the operator configured it, and the share a slowed session was held to: "4 / 60 s, slowed to 2". */
    public String window() {
        return windowLimit + " / " + windowSeconds + " s" + (route.isEmpty() ? "" : " on " + route)
                + (windowLimit > limit ? ", slowed to " + limit : "");
    }
}
