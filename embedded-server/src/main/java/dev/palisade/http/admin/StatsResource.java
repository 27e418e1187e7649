package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionState;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /admin/stats}: per-second allowed/denied by code, totals, sessions and the event queue. */
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
        List<TrafficStats.Second> window = engine.stats().window(now, seconds);

        long allowed = 0;
        Map<String, Long> denied = new TreeMap<>();
        for (TrafficStats.Second s : window) {
            allowed += s.allowed();
            s.denied().forEach((code, n) -> denied.merge(code, n, Long::sum));
        }
        SessionPolicy policy = engine.sessions().policy();
        long active = 0;
        for (Session s : engine.sessions().all()) {
            if (s.state(now, policy) == SessionState.ACTIVE) active++;
        }
        EventHub events = engine.events();

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now);
        body.put("startedAt", engine.startedAt());
        body.put("uptimeSeconds", (now - engine.startedAt()) / 1000);
        body.put("sessions", Map.of("total", engine.sessions().size(), "active", active));
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("queueDepth", events.queueDepth());
        queue.put("queueCapacity", events.queueCapacity());
        queue.put("dropped", events.dropped());
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
