package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.LiveCounts;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/stats}: per-second allowed/denied by code, totals and sessions (in a cluster every
 * node's: {@code scope} says which), and this node's event queue.
 */
final class StatsResource extends AdminResource {

    private final Engine engine;

    StatsResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/stats").isEmpty()) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        int seconds = new Query(request).integer("seconds", TrafficStats.SECONDS, 1, TrafficStats.SECONDS);
        long now = engine.clock().millis();
        LiveCounts.Traffic traffic = engine.liveCounts().traffic(now, seconds);
        List<TrafficStats.Second> window = traffic.seconds();

        long allowed = 0;
        Map<String, Long> denied = new TreeMap<>();
        for (TrafficStats.Second s : window) {
            allowed += s.allowed();
            s.denied().forEach((code, n) -> denied.merge(code, n, Long::sum));
        }
        LiveCounts.Sessions sessions = engine.liveCounts().sessions(now);
        EventHub events = engine.events();

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now);
        body.put("startedAt", engine.startedAt());
        body.put("uptimeSeconds", (now - engine.startedAt()) / 1000);
        body.put("scope", traffic.cluster() && sessions.cluster() ? "cluster" : "node");
        body.put("clustered", engine.liveCounts().clustered()); // a node counting alone while Redis is away says so
        body.put("sessions", Map.of("total", sessions.total(), "active", sessions.active()));
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("queueDepth", events.queueDepth());
        queue.put("queueCapacity", events.queueCapacity());
        queue.put("dropped", events.dropped());
        queue.put("unshared", engine.eventsUnshared());
        queue.put("written", events.written());
        queue.put("lastId", events.lastId());
        queue.put("subscribers", events.subscriberCount());
        body.put("events", queue);
        body.put("totals", Map.of("allowed", allowed, "denied", denied));
        body.put("seconds", window.stream().map(s -> Map.of("t", s.epochSecond(), "allowed", s.allowed(),
                "denied", s.denied())).toList());
        Responses.json(response, callback, 200, body);
        return true;
    }
}
