package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.admin.OperatorTokens;
import dev.palisade.http.Bodies;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/operators}, the owner's only: list, create ({@code {"name","role"}}; the answer's
 * {@code token} is the only time the token is ever shown), and {@code DELETE /admin/operators/{id}}
 * to revoke. The door refuses everyone else with {@code forbidden_role}, and so does the engine.
 */
final class OperatorsResource extends AdminResource {

    private static final int MAX_BODY = 4 * 1024;

    private final Engine engine;

    OperatorsResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String id = below(request, "/admin/operators");
        String method = request.getMethod();
        if (id.contains("/")) return false;
        OperatorTokens operators = engine.operatorTokens();
        if (id.isEmpty() && method.equals("GET")) {
            actor(request).mustOwn("list operator tokens");
            Responses.json(response, callback, 200, Map.of("items", operators.list().stream().map(OperatorsResource::view).toList()));
        } else if (id.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
            Json.onlyFields(body, "", java.util.List.of("name", "role"));
            OperatorTokens.Created created = operators.create(Json.optText(body, "name"), Json.optText(body, "role"),
                    actor(request));
            Map<String, Object> view = view(created.token());
            view.put("token", created.value());
            response.getHeaders().put("Cache-Control", "no-store");
            Responses.json(response, callback, 201, view);
        } else if (!id.isEmpty() && method.equals("DELETE")) {
            operators.revoke(id, actor(request));
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    static Map<String, Object> view(OperatorToken t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("name", t.name());
        v.put("role", t.role().label());
        v.put("createdAt", t.createdAt());
        v.put("lastUsedAt", t.lastUsedAt() == 0 ? null : t.lastUsedAt());
        v.put("revokedAt", t.revokedAt() == 0 ? null : t.revokedAt());
        v.put("state", t.state());
        return v;
    }
}
