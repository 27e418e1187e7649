package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.admin.OwnerToken;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /admin/owner-token/rotate}, the owner's only: a new owner token, written to
 * {@code admin.token} before it takes effect and shown once in the answer; the old one stops working
 * at once (this very connection included).
 */
final class OwnerTokenResource extends AdminResource {

    private final Engine engine;
    private final OwnerToken owner;

    OwnerTokenResource(Engine engine, OwnerToken owner) {
        this.engine = engine;
        this.owner = owner;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/owner-token").equals("rotate")) return false;
        if (!request.getMethod().equals("POST")) throw methodNotAllowed(request);
        String fresh = engine.operator(actor(request)).rotateOwnerToken(owner, AdminAuthHandler.credential(request));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("token", fresh);
        view.put("rotatedAt", engine.clock().millis());
        response.getHeaders().put("Cache-Control", "no-store");
        Responses.json(response, callback, 201, view);
        return true;
    }
}
