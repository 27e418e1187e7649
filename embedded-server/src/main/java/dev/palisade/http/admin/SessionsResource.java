package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.event.CallAddresses;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionState;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /admin/sessions}: list (paged, filtered), detail with last calls and their addresses, revoke. */
final class SessionsResource extends AdminResource {

    private final Engine engine;

    SessionsResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String id = below(request, "/admin/sessions");
        String method = request.getMethod();
        if (id.isEmpty() && method.equals("GET")) {
            Responses.json(response, callback, 200, list(new Query(request)));
        } else if (!id.isEmpty() && !id.contains("/") && method.equals("GET")) {
            Responses.json(response, callback, 200, detail(id));
        } else if (!id.isEmpty() && !id.contains("/") && method.equals("DELETE")) {
            engine.operator(actor(request)).revokeSession(id);
            Responses.noContent(response, callback);
        } else if (id.endsWith("/accept-fingerprint") && method.equals("POST")) {
            engine.operator(actor(request)).acceptFingerprint(id.substring(0, id.indexOf('/')));
            Responses.noContent(response, callback);
        } else if (id.contains("/")) {
            return false;
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    private Map<String, Object> list(Query q) {
        String user = q.text("user");
        String ip = q.address("ip");
        SessionState state = state(q.text("state"));
        int offset = q.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = q.integer("limit", 50, 1, 1_000);
        long now = engine.clock().millis();
        SessionPolicy policy = engine.sessions().policy();
        Page<Session> newest = Page.of(engine.sessions().all(),
                s -> (user == null || s.user().equals(user)) && (ip == null || s.clientIp().equals(ip))
                        && (state == null || s.state(now, policy) == state),
                Comparator.comparingLong(Session::createdAt).reversed().thenComparing(Session::id), offset, limit);
        var pace = engine.sessionPace();
        var windows = engine.rateWindows();
        List<Map<String, Object>> page = newest.items().stream().map(s -> Views.session(s, now, policy, pace, windows)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", newest.total());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("items", page);
        return body;
    }

    private Map<String, Object> detail(String id) {
        Session s = engine.sessions().get(id);
        if (s == null) throw new NotFoundException("no session " + id);
        Map<String, Object> view = Views.session(s, engine.clock().millis(), engine.sessions().policy(), engine.sessionPace(),
                engine.rateWindows());
        view.put("lastCalls", CallAddresses.of(s, s.lastCalls(), engine.recentCalls()));
        return view;
    }

    private static SessionState state(String label) {
        if (label == null) return null;
        try {
            return SessionState.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.field("state", "must be active, revoked or expired");
        }
    }
}
