package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.http.Credentials;
import dev.palisade.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin listener's door: the Host must be one it answers to (403 {@code forbidden_host}), an
 * address with too many wrong tokens waits (429 {@code admin_throttled}), and every call needs
 * {@code Authorization: Bearer <admin token>}, compared in constant time.
 */
public final class AdminAuthHandler extends Handler.Wrapper {

    static final String REALM = "palisade-admin";

    private final byte[] tokenDigest;
    private final AdminHosts hosts;
    private final AdminThrottle throttle = new AdminThrottle();
    private final Engine engine;

    public AdminAuthHandler(String adminToken, AdminHosts hosts, Engine engine, Handler admin) {
        super(admin);
        this.tokenDigest = Secrets.sha256(adminToken.getBytes(StandardCharsets.UTF_8));
        this.hosts = hosts;
        this.engine = engine;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!hosts.allows(host)) {
            Responses.problem(response, callback, Reason.FORBIDDEN_HOST, "admin", "the admin API answers to loopback"
                    + " names and addresses, and to names given with --admin-host; not to this Host");
            return true;
        }
        if (AdminIndex.serves(request)) return AdminIndex.answer(response, callback);
        String ip = Request.getRemoteAddr(request);
        long now = engine.clock().millis();
        long wait = throttle.retryAfter(ip, now);
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            Responses.problem(response, callback, Reason.ADMIN_THROTTLED, "admin", "too many wrong admin tokens from this"
                    + " address; wait " + wait + " s");
            return true;
        }
        String presented = Credentials.bearer(request);
        // compare digests: equal length whatever was presented, so timing says nothing about the token
        if (presented == null || !Secrets.constantTimeEquals(tokenDigest,
                Secrets.sha256(presented.getBytes(StandardCharsets.UTF_8)))) {
            if (presented != null && throttle.failed(ip, now)) {
                engine.adminRefused(Reason.ADMIN_THROTTLED.code(), ip + " sent " + AdminThrottle.LIMIT
                        + " wrong admin tokens within a minute; refused until the minute is over");
            }
            Responses.problem(response, callback, Reason.ADMIN_UNAUTHORIZED, "admin",
                    "send Authorization: Bearer <token from admin.token in the data directory>", List.of(), REALM);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
