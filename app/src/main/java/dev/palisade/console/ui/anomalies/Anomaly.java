package dev.palisade.console.ui.anomalies;

/** One exceeded rate window, from a {@code rate_anomaly} event. */
public record Anomaly(long at, String scope, String key, int limit, int windowSeconds, double observed, String route,
                      String ip, String user) {}
