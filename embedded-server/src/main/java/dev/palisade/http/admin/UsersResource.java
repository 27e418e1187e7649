package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/users}: list, create ({@code {"username","password"}}); per user: {@code GET} (with
 * its login throttle), {@code PUT} ({@code {"password"}} and/or {@code {"disabled"}}), {@code DELETE},
 * {@code POST …/revoke-sessions} and {@code DELETE …/login-throttle}.
 */
final class UsersResource extends AdminResource {

    private final Engine engine;

    UsersResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String name = below(request, "/admin/users");
        String method = request.getMethod();
        if (name.contains("/")) return action(request, response, callback, name);
        if (name.isEmpty() && method.equals("GET")) {
            Responses.json(response, callback, 200,
                    Map.of("items", engine.users().list().stream().map(UsersResource::view).toList()));
        } else if (name.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
            Json.onlyFields(body, "", java.util.List.of("username", "password"));
            String username = Json.text(body, "username");
            char[] password = Json.text(body, "password").toCharArray();
            try {
                UserAccount account = engine.operator(actor(request)).createUser(username, password);
                response.getHeaders().put("Location", "/admin/users/" + account.username());
                Responses.json(response, callback, 201, view(account));
            } finally {
                Arrays.fill(password, '\0');
            }
        } else if (!name.isEmpty() && method.equals("GET")) {
            UserAccount account = engine.users().get(name);
            if (account == null) throw new dev.palisade.engine.NotFoundException("no user " + name);
            Responses.json(response, callback, 200, detail(account));
        } else if (!name.isEmpty() && method.equals("PUT")) {
            ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("password") && !field.equals("disabled")) throw HttpProblem.field(field, "is not a user's field (password, disabled)");
            }
            JsonNode disabled = body.get("disabled");
            if (disabled != null && !disabled.isBoolean()) throw HttpProblem.field("disabled", "must be true or false");
            JsonNode pw = body.get("password");
            if (pw != null && !pw.isTextual()) throw HttpProblem.field("password", "must be a string");
            if (pw == null && disabled == null) throw HttpProblem.field("password", "give a new password or disabled");
            char[] password = pw == null ? null : pw.textValue().toCharArray();
            try {
                UserAccount account = engine.operator(actor(request)).updateUser(name, password,
                        disabled == null ? null : disabled.booleanValue());
                Responses.json(response, callback, 200, detail(account));
            } finally {
                if (password != null) Arrays.fill(password, '\0');
            }
        } else if (!name.isEmpty() && method.equals("DELETE")) {
            engine.operator(actor(request)).deleteUser(name);
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    /** {@code POST /admin/users/{name}/revoke-sessions}, {@code DELETE /admin/users/{name}/login-throttle}. */
    private boolean action(Request request, Response response, Callback callback, String rest) {
        int slash = rest.indexOf('/');
        String name = rest.substring(0, slash);
        String action = rest.substring(slash + 1);
        switch (action) {
            case "revoke-sessions" -> {
                if (!request.getMethod().equals("POST")) throw methodNotAllowed(request);
                int revoked = engine.operator(actor(request)).revokeUserSessions(name);
                Responses.json(response, callback, 200, Map.of("revoked", revoked));
            }
            case "login-throttle" -> {
                if (!request.getMethod().equals("DELETE")) throw methodNotAllowed(request);
                engine.operator(actor(request)).liftLoginThrottle(name);
                Responses.noContent(response, callback);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> view(UserAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", a.username());
        m.put("createdAt", a.createdAt());
        m.put("disabled", a.disabled());
        return m;
    }

    /**
     * A user as the user page shows them: their account and their login throttle now. On a cluster node cut off
     * from Redis the throttle is unknown (null), the account this node holds is shown all the same.
     */
    private Map<String, Object> detail(UserAccount a) {
        Map<String, Object> m = view(a);
        try {
            long[] throttle = engine.operator(dev.palisade.engine.admin.Actor.OWNER).loginThrottleOf(a.username());
            m.put("failedLogins", throttle[0]);
            m.put("retryAfterSeconds", throttle[1]);
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            m.put("failedLogins", null);
            m.put("retryAfterSeconds", null);
        }
        return m;
    }
}
