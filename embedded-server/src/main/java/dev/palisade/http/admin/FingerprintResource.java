package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/PUT /admin/fingerprint}: which components count and what a change means
 * ({@code ignore|alert|reauth}), the IP masks, and the trusted proxies. PUT replaces the whole policy.
 */
final class FingerprintResource extends AdminResource {

    private final Engine engine;

    FingerprintResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/fingerprint").isEmpty()) return false;
        switch (request.getMethod()) {
            case "GET" -> Responses.json(response, callback, 200, view(engine.fingerprintPolicy()));
            case "PUT" -> {
                ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
                policy(body, engine.fingerprintPolicy()); // a bad body is refused before the store is read
                // fields left out keep the stored policy's values: another node may have changed them
                Responses.json(response, callback, 200, view(engine.operator(actor(request))
                        .updateFingerprintPolicy(stored -> policy(body, stored))));
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    /** A policy from its document; fields left out keep {@code current}'s values. */
    static FingerprintPolicy policy(ObjectNode body, FingerprintPolicy current) {
        Json.onlyFields(body, "", List.of("components", "ipv4Prefix", "ipv6Prefix", "trustedProxies"));
        Map<String, String> actions = new LinkedHashMap<>();
        JsonNode comps = body.get("components");
        if (comps == null) {
            current.actions().forEach((component, action) -> actions.put(component, action.label()));
        } else {
            if (!comps.isObject()) throw HttpProblem.field("components", "must be an object");
            for (Map.Entry<String, JsonNode> e : comps.properties()) {
                if (!e.getValue().isTextual()) throw HttpProblem.field("components." + e.getKey(), "must be a string");
                actions.put(e.getKey(), e.getValue().textValue());
            }
            // every policy has it: left out (by a client older than it), it keeps its action rather than turning
            // the automation signals, and the slowing of automated browsers' sessions, off (review 61, I2)
            actions.putIfAbsent(FingerprintPolicy.AUTOMATION, current.actions().get(FingerprintPolicy.AUTOMATION).label());
        }
        Long v4 = Json.optLong(body, "ipv4Prefix");
        Long v6 = Json.optLong(body, "ipv6Prefix");
        List<String> proxies = body.has("trustedProxies") ? Json.textList(body, "trustedProxies") : current.trustedProxies();
        return FingerprintPolicy.of(actions,
                v4 == null ? current.ipv4Prefix() : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v4)),
                v6 == null ? current.ipv6Prefix() : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v6)),
                proxies);
    }

    static Map<String, Object> view(FingerprintPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> comps = new LinkedHashMap<>();
        p.actions().forEach((k, v) -> comps.put(k, v.label()));
        m.put("components", comps);
        m.put("ipv4Prefix", p.ipv4Prefix());
        m.put("ipv6Prefix", p.ipv6Prefix());
        m.put("trustedProxies", p.trustedProxies());
        return m;
    }
}
