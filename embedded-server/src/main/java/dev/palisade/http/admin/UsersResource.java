package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.http.Bodies;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /admin/users}: list, create ({@code {"username","password"}}), {@code DELETE /admin/users/{name}}. */
final class UsersResource extends AdminResource {

    private final Engine engine;

    UsersResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String name = below(request, "/admin/users");
        String method = request.getMethod();
        if (name.contains("/")) return false;
        if (name.isEmpty() && method.equals("GET")) {
            Responses.json(response, callback, 200,
                    Map.of("items", engine.users().list().stream().map(UsersResource::view).toList()));
        } else if (name.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
            String username = Json.text(body, "username");
            char[] password = Json.text(body, "password").toCharArray();
            try {
                UserAccount account = engine.operator(actor(request)).createUser(username, password);
                response.getHeaders().put("Location", "/admin/users/" + account.username());
                Responses.json(response, callback, 201, view(account));
            } finally {
                Arrays.fill(password, '\0');
            }
        } else if (!name.isEmpty() && method.equals("DELETE")) {
            engine.operator(actor(request)).deleteUser(name);
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    private static Map<String, Object> view(UserAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", a.username());
        m.put("createdAt", a.createdAt());
        return m;
    }
}
