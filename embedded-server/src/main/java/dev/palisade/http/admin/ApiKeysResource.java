package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.CreatedApiKey;
import dev.palisade.http.Bodies;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * {@code /admin/apikeys}: list, create ({@code {"name","scopes"}}; the answer's {@code key} is the
 * only time the full key is ever shown), and {@code DELETE /admin/apikeys/{id}} to revoke.
 */
final class ApiKeysResource extends AdminResource {

    private final Engine engine;

    ApiKeysResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String id = below(request, "/admin/apikeys");
        String method = request.getMethod();
        if (id.contains("/")) return false;
        if (id.isEmpty() && method.equals("GET")) {
            Responses.json(response, callback, 200,
                    Map.of("items", engine.apiKeys().list().stream().map(Views::apiKey).toList()));
        } else if (id.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
            Json.onlyFields(body, "", java.util.List.of("name", "scopes"));
            CreatedApiKey created = engine.operator(actor(request)).createApiKey(Json.text(body, "name"),
                    Json.textList(body, "scopes"));
            Map<String, Object> view = Views.apiKey(created.key());
            view.put("key", created.secret());
            response.getHeaders().put("Cache-Control", "no-store");
            Responses.json(response, callback, 201, view);
        } else if (!id.isEmpty() && method.equals("DELETE")) {
            engine.operator(actor(request)).revokeApiKey(id);
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }
}
