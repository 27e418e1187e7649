package dev.palisade.http.admin;

import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.http.Credentials;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;

/** Every admin call needs {@code Authorization: Bearer <admin token>}, compared in constant time. */
public final class AdminAuthHandler extends Handler.Wrapper {

    static final String REALM = "palisade-admin";

    private final byte[] tokenDigest;

    public AdminAuthHandler(String adminToken, Handler admin) {
        super(admin);
        this.tokenDigest = Secrets.sha256(adminToken.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String presented = Credentials.bearer(request);
        // compare digests: equal length whatever was presented, so timing says nothing about the token
        if (presented == null || !Secrets.constantTimeEquals(tokenDigest,
                Secrets.sha256(presented.getBytes(StandardCharsets.UTF_8)))) {
            Responses.problem(response, callback, Reason.ADMIN_UNAUTHORIZED, "admin",
                    "send Authorization: Bearer <token from admin.token in the data directory>",
                    java.util.List.of(), REALM);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
