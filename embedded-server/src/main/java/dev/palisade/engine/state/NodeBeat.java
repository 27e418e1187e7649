package dev.palisade.engine.state;

/**
 * One node's heartbeat in a cluster: who it is, where it listens, and how it is doing, written every
 * second and read by every node's {@code GET /admin/cluster}.
 *
 * @param id             the node's id, kept in its data directory across restarts
 * @param api            the API listener's URL as the node knows it
 * @param admin          the admin listener's URL
 * @param startedAt      epoch millis
 * @param at             when this beat was written, epoch millis
 * @param callsPerSecond decided calls per second over the last few seconds
 * @param health         {@code ok}, or what is failing
 */
public record NodeBeat(String id, String api, String admin, String version, long startedAt, long at,
                       double callsPerSecond, String health) {}
