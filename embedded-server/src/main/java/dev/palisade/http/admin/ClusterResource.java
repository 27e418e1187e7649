package dev.palisade.http.admin;

import dev.palisade.engine.state.NodeBeat;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/cluster}: every node of the cluster from its heartbeat (address, version, uptime,
 * calls per second, health), {@code up} while it beat within the last {@link #UP_WITHIN_MILLIS}; a node
 * started alone lists itself.
 */
final class ClusterResource extends AdminResource {

    static final long UP_WITHIN_MILLIS = 5_000;

    private final ClusterView view;

    ClusterResource(ClusterView view) {
        this.view = view;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/cluster").isEmpty()) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        NodeBeat self = view.self();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clustered", view.clustered());
        body.put("sharedState", view.sharedState());
        body.put("nodes", rows(self, view.clustered() ? view.members() : List.of(self)));
        Responses.json(response, callback, 200, body);
        return true;
    }

    /**
     * Each node's row, this one's as it is now. Uptimes are counted on this node's clock, put on it by the clock
     * offset this node measured last (its own beat as stored lags it, and is missing before its first beat).
     */
    static List<Map<String, Object>> rows(NodeBeat self, List<NodeBeat> members) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        boolean selfListed = false;
        for (NodeBeat n : members) {
            boolean isSelf = n.id().equals(self.id());
            selfListed |= isSelf;
            nodes.add(shown(isSelf ? self : n, isSelf, self.at(), self.clockOffsetMillis()));
        }
        if (!selfListed) nodes.add(0, shown(self, true, self.at(), self.clockOffsetMillis())); // before its first beat
        return nodes;
    }

    /**
     * @param now        this node's clock
     * @param selfOffset how far the cluster's clock is ahead of this node's: a node's start, on its own clock, is put
     *                   on this node's before its uptime is counted (else a node 10 s behind read 10 s older)
     */
    static Map<String, Object> shown(NodeBeat n, boolean self, long now, long selfOffset) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean up = now - n.at() <= UP_WITHIN_MILLIS;
        m.put("id", n.id());
        m.put("self", self);
        m.put("state", up ? "up" : "missing");
        m.put("api", n.api());
        m.put("admin", n.admin());
        m.put("version", n.version());
        m.put("startedAt", n.startedAt());
        long startedHere = n.startedAt() + n.clockOffsetMillis() - selfOffset;
        m.put("uptimeSeconds", Math.max(0, ((up ? now : n.at()) - startedHere) / 1000)); // a missing node's until its last beat
        m.put("lastSeenAt", n.at());
        m.put("callsPerSecond", Math.round(n.callsPerSecond() * 10) / 10.0);
        m.put("health", up ? n.health() : "no heartbeat for " + (now - n.at()) / 1000 + " s (last: " + n.health() + ")");
        m.put("clockOffsetMillis", n.clockOffsetMillis());
        return m;
    }
}
