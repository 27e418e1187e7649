package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Health;
import dev.palisade.engine.Reason;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * {@code /_palisade/*}, Palisade's own paths on the API listener, never the pipeline's nor the
 * upstream's. {@code GET /_palisade/health} answers without credentials, for load balancers, the
 * service unit and tests: 200 {@code {"status":"ok","checks":{...}}}, or 503 as a problem
 * ({@code code} {@code unhealthy}) whose {@code failing} member names each failing check with a
 * sentence. Anything else under the prefix is a 404.
 */
public final class HealthHandler extends JsonHandler {

    public static final String PREFIX = "/_palisade";
    public static final String HEALTH = PREFIX + "/health";

    private final Engine engine;

    public HealthHandler(Engine engine) {
        this.engine = engine;
    }

    /**
     * A failing check in words for an unauthenticated caller: the shared state's problem names Redis's
     * address and its client's error, which the node's events and log keep for the operator.
     */
    private static String forAnyone(Health.Check c) {
        return c.name().equals(Health.SHARED_STATE)
                ? "the cluster's shared state does not answer; the server's events and log say more" : c.problem();
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!path(request).equals(HEALTH)) throw HttpProblem.notFound("nothing at " + path(request));
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) throw methodNotAllowed(request, "GET, HEAD");
        Health health = engine.health();
        ObjectNode body;
        if (health.ok()) {
            body = Json.MAPPER.createObjectNode().put("status", "ok");
        } else {
            StringBuilder detail = new StringBuilder();
            ObjectNode failing = Json.MAPPER.createObjectNode();
            for (Health.Check c : health.failing()) {
                String problem = forAnyone(c);
                failing.put(c.name(), problem);
                detail.append(detail.length() == 0 ? "" : "; ").append(c.name()).append(": ").append(problem);
            }
            body = Responses.problemDocument(Reason.UNHEALTHY, "health", detail.toString(), java.util.List.of());
            body.set("failing", failing);
        }
        ObjectNode checks = body.putObject("checks");
        for (Health.Check c : health.checks()) checks.put(c.name(), c.ok() ? "ok" : "failing");
        byte[] bytes = Json.bytes(body);
        response.setStatus(health.ok() ? 200 : Reason.UNHEALTHY.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, health.ok() ? Responses.JSON : Responses.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
