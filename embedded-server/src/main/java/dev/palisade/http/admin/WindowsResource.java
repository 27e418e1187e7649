package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/PUT /admin/windows}: the rate windows, {@code {"windows":[{"scope":"session","limit":20,
 * "windowSeconds":1,"route":null}]}}; PUT replaces them all, validated, live and persisted.
 */
final class WindowsResource extends AdminResource {

    private final Engine engine;

    WindowsResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/windows").isEmpty()) return false;
        switch (request.getMethod()) {
            case "GET" -> Responses.json(response, callback, 200, view(engine.rateWindows()));
            case "PUT" -> {
                ObjectNode body = Bodies.jsonObject(request, 64 * 1024);
                dev.palisade.http.Json.onlyFields(body, "", List.of("windows")); // e.g. a dry run the caller believes it asked for
                JsonNode list = body.get("windows");
                if (list == null || !list.isArray()) throw HttpProblem.field("windows", "must be an array");
                List<RateWindow> windows = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) windows.add(window(list.get(i), "windows[" + i + "]"));
                Responses.json(response, callback, 200, view(engine.operator(actor(request)).updateRateWindows(windows)));
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    private static final List<String> FIELDS = List.of("scope", "limit", "windowSeconds", "route");

    static RateWindow window(JsonNode n, String at) {
        if (!n.isObject()) throw HttpProblem.field(at, "must be an object");
        dev.palisade.http.Json.onlyFields(n, at + ".", FIELDS);
        Scope scope;
        try {
            scope = Scope.ofLabel(n.path("scope").asText(""));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.field(at + ".scope", e.getMessage());
        }
        JsonNode route = n.get("route");
        if (route != null && !route.isNull() && !route.isTextual()) throw HttpProblem.field(at + ".route", "must be a string");
        // "" was read as none, which widened the window to every path: every path is null, said plainly
        if (route != null && route.isTextual() && route.asText().isEmpty()) {
            throw HttpProblem.field(at + ".route", "must be a path prefix such as /api/orders, or null for every path");
        }
        return new RateWindow(scope, integer(n, "limit", at), integer(n, "windowSeconds", at),
                route == null || route.isNull() ? null : route.asText());
    }

    private static int integer(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) throw HttpProblem.field(at + "." + field, "must be a whole number");
        return v.intValue();
    }

    static Map<String, Object> view(List<RateWindow> windows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RateWindow w : windows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scope", w.scope().label());
            m.put("limit", w.limit());
            m.put("windowSeconds", w.windowSeconds());
            m.put("route", w.route());
            out.add(m);
        }
        return Map.of("windows", out);
    }
}
