package dev.palisade.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs a request the way Palisade's RFC 9421 profile asks (docs/protocol.md, "Signed requests"): the
 * Java twin of palisade.js, for tests, the scenario simulator, the benchmarks and server-side clients.
 * Written apart from the server's verifier on purpose, so each checks the other.
 */
public final class RequestSigner {

    /** The headers to add; {@code contentDigest} is null for a request without a body. */
    public record Signed(String signatureInput, String signature, String contentDigest) {}

    /** What an RFC 8941 string holds unescaped: printable ASCII but the quote and the backslash. */
    private static final java.util.regex.Pattern PLAIN_STRING = java.util.regex.Pattern.compile("[\\x20-\\x7E&&[^\"\\\\]]+");

    private RequestSigner() {}

    /**
     * @param authority     host and port as sent in {@code Host}, without a default port ({@code :443} over TLS,
     *                      {@code :80} without): the server signs it so, and {@code host:443} is refused bad_signature
     * @param path          the path as sent (percent-encoded)
     * @param query         without "?"; "" for a target whose "?" has nothing after it, null for one without "?"
     * @param authorization the full header value, e.g. {@code Bearer eyJ...}
     * @param body          the exact bytes sent, or null
     */
    public static Signed sign(String method, String authority, String path, String query, String authorization,
                              byte[] body, String sessionId, byte[] key, long createdSeconds, String nonce) {
        return sign(method, authority, path, query, authorization, body, sessionId, key, createdSeconds, -1, nonce);
    }

    /** @param expiresSeconds RFC 9421's {@code expires} parameter, or -1 for none */
    public static Signed sign(String method, String authority, String path, String query, String authorization,
                              byte[] body, String sessionId, byte[] key, long createdSeconds, long expiresSeconds,
                              String nonce) {
        // RFC 8941 strings in Signature-Input: a quote or backslash in either made a header no server parses. The
        // nonce's length is the server's to refuse (1-128): a test signs a longer one to see it refused for that alone
        if (nonce == null || !PLAIN_STRING.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce must be printable ASCII, no quote or backslash");
        }
        if (sessionId == null || !PLAIN_STRING.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("keyid must be printable ASCII, no quote or backslash");
        }
        List<String> components = new ArrayList<>(List.of("@method", "@authority", "@path"));
        if (query != null) components.add("@query");
        components.add("authorization");
        String digest = body == null || body.length == 0 ? null : contentDigest(body);
        if (digest != null) components.add("content-digest");
        StringBuilder params = new StringBuilder("(");
        for (String c : components) params.append(params.length() > 1 ? " " : "").append('"').append(c).append('"');
        params.append(");created=").append(createdSeconds);
        if (expiresSeconds >= 0) params.append(";expires=").append(expiresSeconds);
        params.append(";keyid=\"").append(sessionId)
                .append("\";alg=\"hmac-sha256\";nonce=\"").append(nonce).append('"');
        StringBuilder base = new StringBuilder();
        for (String c : components) {
            String value = switch (c) {
                case "@method" -> method.toUpperCase(java.util.Locale.ROOT);
                case "@authority" -> authority.toLowerCase(java.util.Locale.ROOT);
                case "@path" -> path;
                case "@query" -> "?" + query;
                case "authorization" -> authorization;
                default -> digest;
            };
            base.append('"').append(c).append("\": ").append(value).append('\n');
        }
        base.append("\"@signature-params\": ").append(params);
        String mac = Base64.getEncoder().encodeToString(hmac(key, base.toString().getBytes(StandardCharsets.UTF_8)));
        return new Signed("sig1=" + params, "sig1=:" + mac + ":", digest);
    }

    /** RFC 9530 {@code Content-Digest} with the {@code sha-256} member. */
    public static String contentDigest(byte[] body) {
        try {
            return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)) + ":";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return HmacSha256.mac(key, data);
    }
}
