package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/** {@code GET /admin/keys} (the rotation timeline, no secrets) and {@code POST /admin/keys/rotate}. */
final class KeysResource extends AdminResource {

    private final Engine engine;

    KeysResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String rest = below(request, "/admin/keys");
        String method = request.getMethod();
        long now = engine.clock().millis();
        long grace = engine.settings().keyGrace().toMillis();
        if (rest.isEmpty()) {
            if (!method.equals("GET")) throw methodNotAllowed(request);
            Responses.json(response, callback, 200, Map.of("items",
                    engine.keyRing().keys().stream().map(k -> Views.signingKey(k, now, grace)).toList()));
        } else if (rest.equals("rotate")) {
            if (!method.equals("POST")) throw methodNotAllowed(request);
            SigningKey fresh = engine.operator().rotateSigningKey();
            Responses.json(response, callback, 201, Views.signingKey(fresh, now, grace));
        } else {
            return false;
        }
        return true;
    }
}
