package dev.palisade.http.decide;

import dev.palisade.engine.Engine;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.signature.SignatureFields;
import dev.palisade.http.Bodies;
import dev.palisade.http.ClientAddress;
import dev.palisade.http.Credentials;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import dev.palisade.http.proxy.UpstreamSignature;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The decision listener ({@code --decide-port}): a gateway (nginx {@code auth_request}, Caddy
 * {@code forward_auth}, Traefik {@code ForwardAuth}, Envoy {@code ext_authz}) asks, before it
 * forwards a call, whether the call may pass. Every path of this listener is a decision about the
 * call named by the forwarded method and URI ({@link ForwardedCall}); it runs the same pipeline as
 * a protected call. An allowed call is answered 200 with the trust headers to copy upstream
 * ({@code X-Palisade-User}, {@code X-Palisade-Session}, and Palisade's own {@code Signature-Input} and
 * {@code Signature} over them, docs/gateways.md); a refused one with its status, problem+json and
 * {@code Retry-After}, and the same refusal in {@code X-Palisade-Status} and {@code X-Palisade-Problem}
 * for a gateway (nginx) that passes only 401 and 403 on by itself.
 */
public final class DecisionHandler extends Handler.Abstract {

    public static final String STATUS = "X-Palisade-Status";
    public static final String PROBLEM = "X-Palisade-Problem";
    /** A strict gateway may send the body (Envoy's {@code with_request_body}); it is then compared with its digest. */
    static final int MAX_BODY = 64 * 1024;

    private final Engine engine;
    private final ClientAddress addresses;
    private final byte[] upstreamKey;

    public DecisionHandler(Engine engine, ClientAddress addresses, byte[] upstreamKey) {
        this.engine = engine;
        this.addresses = addresses;
        this.upstreamKey = upstreamKey.clone();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ForwardedCall forwarded;
        try {
            forwarded = ForwardedCall.of(request);
        } catch (HttpProblem p) {
            engine.refusedForForm(p.reason(), ForwardedCall.methodAsSent(request), "", addresses.ofOrSocket(request), p.getMessage());
            refuse(response, callback, p.reason(), "http", p.getMessage(), 0);
            return true;
        }
        if (engine.proxyRoutes().isPublic(forwarded.path())) {
            allow(response, callback, forwarded, "", "", null);
            return true;
        }
        ProtectedRequest call;
        Verdict verdict;
        try {
            call = ProtectedRequest.withAuthorization(forwarded.method(), forwarded.path(), addresses.of(request),
                    dev.palisade.http.WireRequest.userAgent(request), Credentials.authorization(request),
                    Credentials.apiKey(request), new ForwardedWire(request, forwarded), Bodies.forDecision(request, MAX_BODY));
            if (!Bodies.hasBody(request)) call.withBodyWithheld();
            verdict = engine.protect(call);
        } catch (HttpProblem p) {
            engine.refusedForForm(p.reason(), forwarded.method(), forwarded.path(), addresses.ofOrSocket(request), p.getMessage());
            refuse(response, callback, p.reason(), "http", p.getMessage(), 0);
            return true;
        } catch (RuntimeException e) {
            // X-Forwarded-For from a trusted proxy with a quoted string left open: refused, and now an event
            if (!dev.palisade.http.ClientAddress.unreadableHeader(e)) throw e;
            String detail = dev.palisade.http.JsonHandler.UNREADABLE_HEADER;
            engine.refusedForForm(Reason.BAD_REQUEST, forwarded.method(), forwarded.path(), addresses.ofOrSocket(request), detail);
            refuse(response, callback, Reason.BAD_REQUEST, "http", detail, 0);
            return true;
        }
        if (!verdict.allowed()) {
            refuse(response, callback, verdict.reason(), verdict.check(), verdict.explanation(), verdict.retryAfterSeconds());
            return true;
        }
        SignatureFields signature = call.signature();
        String digest = signature != null && signature.covers("content-digest") ? call.header("content-digest") : null;
        allow(response, callback, forwarded, call.principal(), call.session() == null ? "" : call.session().idText(), digest);
        return true;
    }

    /**
     * 200 with the trust headers. The signature covers the client's {@code Content-Digest} when the
     * client's own signature did (so the upstream can hold the body to it); Palisade never saw the body.
     */
    private void allow(Response response, Callback callback, ForwardedCall forwarded, String user, String session,
                       String contentDigest) {
        UpstreamSignature.Headers sig = UpstreamSignature.sign(upstreamKey, forwarded.method(), forwarded.targetUri(),
                user, session, contentDigest, engine.clock().millis() / 1000, UpstreamSignature.nonce());
        response.setStatus(200);
        response.getHeaders().put(UpstreamSignature.USER, user);
        response.getHeaders().put(UpstreamSignature.SESSION, session);
        response.getHeaders().put("Signature-Input", sig.signatureInput());
        response.getHeaders().put("Signature", sig.signature());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    private static void refuse(Response response, Callback callback, Reason reason, String check, String detail, long retryAfter) {
        byte[] body = Responses.problemBody(reason, check, detail, List.of());
        if (retryAfter > 0) response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
        if (reason.challenges()) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, Responses.challenge(reason, "palisade"));
        response.getHeaders().put(STATUS, reason.status());
        response.getHeaders().put(PROBLEM, asciiJson(body));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.setStatus(reason.status());
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The problem document as a header value: JSON with every character from U+007F up escaped (JSON already escapes controls). */
    public static String asciiJson(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x7f) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            out.append(String.format("\\u%04x", (int) c));
        }
        return out == null ? s : out.toString();
    }
}
