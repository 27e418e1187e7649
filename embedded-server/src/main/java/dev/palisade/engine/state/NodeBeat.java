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
 * @param clockOffsetMillis how far the cluster's clock (its Redis's) is ahead of the node's, as measured
 *                       at this beat; 0 alone
 */
public record NodeBeat(String id, String api, String admin, String version, long startedAt, long at,
                       double callsPerSecond, String health, long clockOffsetMillis) {

    /**
     * This beat with its time moved by {@code millis} and its clock's offset as {@code offset}. Its start stays
     * the node's own: it names the process (a second process under one id is told by it).
     */
    public NodeBeat shifted(long millis, long offset) {
        return new NodeBeat(id, api, admin, version, startedAt, at + millis, callsPerSecond, health, offset);
    }
}
