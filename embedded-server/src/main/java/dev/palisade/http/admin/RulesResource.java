package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.sequence.SequenceRule;
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
 * {@code GET/PUT /admin/rules}: the business sequence rules as data ({@code requires-prior},
 * {@code max-sessions}, {@code min-interval}); PUT replaces them all, validated, live and persisted.
 */
final class RulesResource extends AdminResource {

    private final Engine engine;

    RulesResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/rules").isEmpty()) return false;
        switch (request.getMethod()) {
            case "GET" -> Responses.json(response, callback, 200, view(engine.sequenceRules()));
            case "PUT" -> {
                ObjectNode body = Bodies.jsonObject(request, 64 * 1024);
                dev.palisade.http.Json.onlyFields(body, "", List.of("rules")); // e.g. a dry run the caller believes it asked for
                JsonNode list = body.get("rules");
                if (list == null || !list.isArray()) throw HttpProblem.field("rules", "must be an array");
                List<SequenceRule> rules = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) rules.add(rule(list.get(i), "rules[" + i + "]."));
                Responses.json(response, callback, 200, view(engine.operator(actor(request)).updateSequenceRules(rules)));
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    /** Each type's fields, as {@link #view(SequenceRule)} lists them. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "requires-prior", List.of("type", "method", "path", "priorMethod", "priorPath", "withinSeconds"),
            "max-sessions", List.of("type", "perIp", "perUser"),
            "min-interval", List.of("type", "method", "path", "minMillis"));

    static SequenceRule rule(JsonNode n, String at) {
        if (!n.isObject()) throw HttpProblem.field(at + "type", "each rule must be an object");
        String type = text(n, "type", at);
        List<String> fields = FIELDS.get(type);
        if (fields != null) dev.palisade.http.Json.onlyFields(n, at, fields);
        return switch (type) {
            case "requires-prior" -> new SequenceRule.RequiresPrior(text(n, "method", at), text(n, "path", at),
                    text(n, "priorMethod", at), text(n, "priorPath", at), integer(n, "withinSeconds", at));
            case "max-sessions" -> new SequenceRule.MaxSessions(integer(n, "perIp", at), integer(n, "perUser", at));
            case "min-interval" -> new SequenceRule.MinInterval(text(n, "method", at), text(n, "path", at),
                    integer(n, "minMillis", at));
            default -> throw HttpProblem.field(at + "type", "must be requires-prior, max-sessions or min-interval");
        };
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw HttpProblem.field(at + field, "must be a string");
        return v.textValue();
    }

    private static int integer(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) throw HttpProblem.field(at + field, "must be a whole number");
        return v.intValue();
    }

    static Map<String, Object> view(List<SequenceRule> rules) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SequenceRule rule : rules) out.add(view(rule));
        return Map.of("rules", out);
    }

    /** One rule as {@code GET /admin/rules} lists it. */
    static Map<String, Object> view(SequenceRule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (rule instanceof SequenceRule.RequiresPrior r) {
            m.put("type", "requires-prior");
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("priorMethod", r.priorMethod());
            m.put("priorPath", r.priorPath());
            m.put("withinSeconds", r.withinSeconds());
        } else if (rule instanceof SequenceRule.MaxSessions r) {
            m.put("type", "max-sessions");
            m.put("perIp", r.perIp());
            m.put("perUser", r.perUser());
        } else if (rule instanceof SequenceRule.MinInterval r) {
            m.put("type", "min-interval");
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("minMillis", r.minMillis());
        }
        return m;
    }
}
