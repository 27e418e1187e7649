package dev.palisade.http.admin;

import dev.palisade.http.Responses;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/}: what the start banner points at. Answers without the token (it tells nothing
 * secret): what this listener is, how to authenticate, and which resources there are.
 */
final class AdminIndex {

    private static final List<String> RESOURCES = List.of("/admin/sessions", "/admin/events", "/admin/events/export",
            "/admin/events/stream", "/admin/timeline", "/admin/preview", "/admin/stats", "/admin/price", "/admin/traffic",
            "/admin/traffic/recent", "/admin/config", "/admin/config/export", "/admin/config/governed",
            "/admin/alerts",
            "/admin/config/schema", "/admin/keys", "/admin/keys/rotate", "/admin/fingerprint", "/admin/blacklist",
            "/admin/blacklist/import", "/admin/windows",
            "/admin/rules", "/admin/rules/suggestions", "/admin/routes", "/admin/apikeys", "/admin/users",
            "/admin/debug-tokens", "/admin/operators", "/admin/owner-token/rotate", "/admin/cluster", "/admin/openapi.json", "/metrics");

    private AdminIndex() {}

    /** Every resource path, for a person finding their way; each is in the OpenAPI description. */
    static List<String> resources() { return RESOURCES; }

    static boolean serves(Request request) {
        String path = request.getHttpURI().getPath();
        return (path.equals("/admin/") || path.equals("/admin"))
                && (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod()));
    }

    static boolean answer(Response response, Callback callback) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("service", "Palisade admin API");
        index.put("authentication", "Authorization: Bearer <the content of admin.token in the data directory, or an operator token>");
        index.put("documentation", "docs/protocol.md, section Admin API; this API described (OpenAPI 3.1) at /admin/openapi.json");
        index.put("resources", RESOURCES);
        Responses.json(response, callback, 200, index);
        return true;
    }
}
