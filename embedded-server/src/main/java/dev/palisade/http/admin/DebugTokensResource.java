package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.DebugToken;
import dev.palisade.engine.auth.DebugTokens;
import dev.palisade.http.Bodies;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/debug-tokens}: list, create ({@code {"name","expiresInSeconds"}}; the answer's
 * {@code token} is the only time the token is ever shown), and {@code DELETE /admin/debug-tokens/{id}}
 * to revoke.
 */
final class DebugTokensResource extends AdminResource {

    private final Engine engine;

    DebugTokensResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String id = below(request, "/admin/debug-tokens");
        String method = request.getMethod();
        if (id.contains("/")) return false;
        DebugTokens tokens = engine.debugTokens();
        if (id.isEmpty() && method.equals("GET")) {
            long now = engine.clock().millis();
            Responses.json(response, callback, 200, Map.of("items", tokens.list().stream().map(t -> view(t, now)).toList()));
        } else if (id.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, 4 * 1024);
            Json.onlyFields(body, "", java.util.List.of("name", "expiresInSeconds"));
            DebugTokens.Created created = tokens.create(Json.optText(body, "name"), Json.optLong(body, "expiresInSeconds"),
                    actor(request));
            Map<String, Object> view = view(created.token(), engine.clock().millis());
            view.put("token", created.value());
            response.getHeaders().put("Cache-Control", "no-store");
            Responses.json(response, callback, 201, view);
        } else if (!id.isEmpty() && method.equals("DELETE")) {
            tokens.revoke(id, actor(request));
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    static Map<String, Object> view(DebugToken t, long now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("name", t.name());
        v.put("createdAt", t.createdAt());
        v.put("expiresAt", t.expiresAt());
        v.put("revokedAt", t.revokedAt() == 0 ? null : t.revokedAt());
        v.put("lastUsedAt", t.lastUsedAt() == 0 ? null : t.lastUsedAt());
        v.put("uses", t.uses());
        v.put("state", t.state(now));
        return v;
    }
}
