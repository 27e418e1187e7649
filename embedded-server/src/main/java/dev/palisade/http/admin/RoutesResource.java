package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.http.Bodies;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * {@code GET/PUT /admin/routes}: in reverse-proxy mode, the public paths and client pages
 * ({@code {"publicPaths":["/health","/static/*"],"clientPages":["/"]}}); everything else is protected.
 */
final class RoutesResource extends AdminResource {

    private final Engine engine;

    RoutesResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/routes").isEmpty()) return false;
        switch (request.getMethod()) {
            case "GET" -> Responses.json(response, callback, 200, view(engine.proxyRoutes()));
            case "PUT" -> {
                ObjectNode body = Bodies.jsonObject(request, 64 * 1024);
                ProxyRoutes next = ProxyRoutes.validated(Json.textList(body, "publicPaths"), Json.textList(body, "clientPages"));
                Responses.json(response, callback, 200, view(engine.operator(actor(request)).updateProxyRoutes(next)));
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    static Map<String, Object> view(ProxyRoutes r) {
        return Map.of("publicPaths", r.publicPaths(), "clientPages", r.clientPages());
    }
}
