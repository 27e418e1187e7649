package dev.palisade.http.admin;

import dev.palisade.engine.state.NodeBeat;

import java.util.Map;

/**
 * Whose calls a preview replayed, as its answer says it (cluster audit 62, M1: a node's preview read as the cluster's).
 * {@code node}: this node's part of a cluster's, since a node holds only the calls it allowed itself; {@code cluster}:
 * every node's (what is replayed from stored events alone, which every node shares); {@code server}: a server alone.
 * On a cluster, {@code node} is this node's id (as events and {@code GET /admin/cluster} name it) and {@code nodes}
 * how many nodes are up, as that lists them; null while Redis does not answer, which the health says.
 */
record PreviewScope(String scope, String node, Integer nodes) {

    /** @param storedOnly whether the replay reads stored events alone (no allowed calls from this node's memory) */
    static PreviewScope of(ClusterView cluster, boolean storedOnly) {
        if (!cluster.clustered()) return new PreviewScope("server", null, null);
        NodeBeat self = cluster.self();
        return new PreviewScope(storedOnly ? "cluster" : "node", self.id(), up(cluster, self));
    }

    /** The nodes that beat within {@link ClusterResource#UP_WITHIN_MILLIS}, this one among them (before its first beat too). */
    private static Integer up(ClusterView cluster, NodeBeat self) {
        try {
            int up = 1;
            for (NodeBeat n : cluster.members()) {
                if (!n.id().equals(self.id()) && self.at() - n.at() <= ClusterResource.UP_WITHIN_MILLIS) up++;
            }
            return up;
        } catch (RuntimeException redisAway) {
            return null; // the preview itself needs no Redis: it is answered, without the count
        }
    }

    void into(Map<String, Object> answer) {
        answer.put("scope", scope);
        if (node != null) answer.put("node", node);
        if (nodes != null) answer.put("nodes", nodes);
    }
}
