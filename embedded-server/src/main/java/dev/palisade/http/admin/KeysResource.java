package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * {@code GET /admin/keys} (the rotation timeline, no secrets) and {@code POST /admin/keys/rotate};
 * {@code ?ring=fingerprint} addresses the fingerprint salts instead of the token signing keys.
 */
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
        String ring = new Query(request).text("ring");
        boolean salts = "fingerprint".equals(ring);
        if (ring != null && !salts && !ring.equals("jwt")) throw HttpProblem.field("ring", "must be jwt or fingerprint");
        if (rest.isEmpty()) {
            if (!method.equals("GET")) throw methodNotAllowed(request);
            Responses.json(response, callback, 200, Map.of("items", (salts ? engine.fingerprintSalts() : engine.keyRing())
                    .keys().stream().map(k -> Views.signingKey(k, now, grace)).toList()));
        } else if (rest.equals("rotate")) {
            if (!method.equals("POST")) throw methodNotAllowed(request);
            var operator = engine.operator(actor(request));
            SigningKey fresh = salts ? operator.rotateFingerprintSalt() : operator.rotateSigningKey();
            Responses.json(response, callback, 201, Views.signingKey(fresh, now, grace));
        } else {
            return false;
        }
        return true;
    }
}
