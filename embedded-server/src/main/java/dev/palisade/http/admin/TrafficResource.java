package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.Rollup;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known of allowed calls when they are not stored as events:
 * {@code GET /admin/traffic?by=route|session|user|ip|all&from=&to=&limit=} sums the per-minute
 * rollups of the minutes that overlap {@code [from, to)} (default: the last hour up to now), the busiest keys first, and {@code GET /admin/traffic/recent?session=&ip=&user=&limit=}
 * lists the newest calls still in the in-memory ring.
 */
final class TrafficResource extends AdminResource {

    private final Engine engine;

    TrafficResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String rest = below(request, "/admin/traffic");
        if (!rest.isEmpty() && !rest.equals("recent")) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        Query q = new Query(request);
        Responses.json(response, callback, 200, rest.isEmpty() ? rollups(q) : recent(q));
        return true;
    }

    private Map<String, Object> rollups(Query q) {
        String by = q.text("by");
        Rollup.Dimension dimension = by == null ? Rollup.Dimension.ROUTE : Rollup.Dimension.ofLabel(by);
        if (dimension == null) throw HttpProblem.field("by", "must be one of all, route, session, user, ip");
        long now = engine.clock().millis();
        Long from = q.time("from");
        Long to = q.time("to");
        long end = to == null ? now + 1 : to;
        long start = from == null ? Math.max(0, end - 3_600_000) : from; // an hour before to (never before 1970), as the description says
        if (end < start) throw HttpProblem.field("to", "must not be before from");
        int limit = q.integer("limit", 20, 1, 1_000);
        List<Map<String, Object>> items = engine.rollups().top(dimension, start, end, limit).stream()
                .map(t -> Map.<String, Object>of("key", t.key(), "calls", t.calls())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("by", dimension.label());
        body.put("from", start);
        body.put("to", end);
        body.put("items", items);
        body.put("lost", engine.rollups().lost());
        return body;
    }

    private Map<String, Object> recent(Query q) {
        String session = q.text("session");
        String ip = q.address("ip");
        String user = q.text("user");
        int limit = q.integer("limit", 100, 1, 1_000);
        RecentCalls ring = engine.recentCalls();
        List<Map<String, Object>> items = ring.newestOf(session, user, ip, limit).stream().map(TrafficResource::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capacity", ring.capacity());
        body.put("added", ring.added());
        body.put("items", items);
        return body;
    }

    private static Map<String, Object> view(RecentCalls.Call c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", c.at());
        m.put("method", c.method());
        m.put("path", c.path());
        m.put("sessionId", c.sessionId() == null ? "" : c.sessionId());
        m.put("user", c.principal() == null ? "" : c.principal());
        m.put("ip", c.ip() == null ? "" : c.ip());
        return m;
    }
}
