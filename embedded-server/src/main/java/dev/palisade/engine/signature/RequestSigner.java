package dev.palisade.engine.signature;

import dev.palisade.engine.Secrets;

import java.util.ArrayList;
import java.util.List;

/**
 * Signs a request the way Palisade's profile asks (docs/protocol.md): the Java twin of palisade.js,
 * for tests, the scenario simulator and server-side clients.
 */
public final class RequestSigner {

    /** The headers to add; {@code contentDigest} is null for a request without a body. */
    public record Signed(String signatureInput, String signature, String contentDigest) {}

    private RequestSigner() {}

    /**
     * @param query         without "?", or null
     * @param authorization the full header value, e.g. {@code Bearer eyJ...}
     * @param body          the exact bytes sent, or null
     */
    public static Signed sign(String method, String authority, String path, String query, String authorization,
                              byte[] body, String sessionId, byte[] key, long createdSeconds, String nonce) {
        List<String> components = new ArrayList<>(List.of("@method", "@authority", "@path"));
        if (query != null) components.add("@query");
        components.add("authorization");
        String digest = body == null || body.length == 0 ? null : ContentDigest.header(Secrets.sha256(body));
        if (digest != null) components.add("content-digest");
        String params = SignatureBase.serializeParams(components, createdSeconds, sessionId, "hmac-sha256", nonce);
        SignedMessage message = new SignedMessage() {
            @Override public String method() { return method; }
            @Override public String authority() { return authority; }
            @Override public String path() { return path; }
            @Override public String query() { return query; }
            @Override public String header(String name) {
                return switch (name) {
                    case "authorization" -> authorization;
                    case "content-digest" -> digest;
                    default -> null;
                };
            }
        };
        String base = SignatureBase.of(message, components, params);
        String mac = java.util.Base64.getEncoder().encodeToString(Hmac.sha256(key, base));
        return new Signed("sig1=" + params, "sig1=:" + mac + ":", digest);
    }
}
