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

import java.util.List;
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
                ProxyRoutes next = routes(Bodies.jsonObject(request, 64 * 1024));
                Responses.json(response, callback, 200, view(engine.operator(actor(request)).updateProxyRoutes(next)));
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    /** Routes from their document (both lists required). */
    static ProxyRoutes routes(ObjectNode body) {
        Json.onlyFields(body, "", List.of("publicPaths", "clientPages"));
        return ProxyRoutes.validated(Json.textList(body, "publicPaths"), Json.textList(body, "clientPages"));
    }

    static Map<String, Object> view(ProxyRoutes r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(); // in this order in every export, so a diff shows changes only
        m.put("publicPaths", r.publicPaths());
        m.put("clientPages", r.clientPages());
        return m;
    }
}
