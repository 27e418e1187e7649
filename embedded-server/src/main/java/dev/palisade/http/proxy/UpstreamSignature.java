package dev.palisade.http.proxy;

import dev.palisade.engine.PerThread;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.signature.Hmac;
import dev.palisade.engine.signature.Utf8Buffer;

import java.util.Arrays;
import java.util.Base64;

/**
 * How Palisade vouches for what it forwards (docs/protocol.md, "Reverse-proxy mode"): an RFC 9421
 * signature with the label {@code palisade}, hmac-sha256 under the key in {@code upstream.key},
 * covering {@code @method}, {@code @target-uri} as sent, the trust headers and, when Palisade
 * forwards a body it has read, {@code content-digest}; with {@code created}, a short {@code expires}
 * and a nonce. A verifier needs nothing but an RFC 9421 implementation and the key; a gateway's
 * decision mode, which sees no body, makes the same signature without {@code content-digest}.
 */
public final class UpstreamSignature {

    public static final String LABEL = "palisade";
    public static final String KEY_ID = "upstream";
    public static final String USER = "X-Palisade-User";
    public static final String SESSION = "X-Palisade-Session";
    /** How long a forwarded request's signature is good for: long enough for the hop, short for a replay. */
    public static final long LIFETIME_SECONDS = 30;

    /** The headers to set: Signature-Input and Signature. */
    public record Headers(String signatureInput, String signature) {}

    /** Each request thread writes the bases it signs into one reused buffer. */
    private static final PerThread<Utf8Buffer> BASE = PerThread.withInitial(Utf8Buffer::new);

    private static final int NONCE_BYTES = 12;

    /**
     * Random bytes a thread hands out a nonce at a time, drawn 80 nonces at once: the JDK's default
     * source on Linux serves every caller under one lock, which a draw per forwarded call took on
     * every call (BENCHMARKS.md 2r).
     */
    private static final class NonceBytes {
        final byte[] pool = new byte[80 * NONCE_BYTES];
        int next = pool.length;
    }

    private static final PerThread<NonceBytes> NONCES = PerThread.withInitial(NonceBytes::new);

    private UpstreamSignature() {}

    /**
     * @param targetUri     scheme, authority, raw path and query exactly as the request is sent upstream
     * @param user          who the call acts for, "" for none (never null, as every text but the digest)
     * @param contentDigest the {@code Content-Digest} value sent with the body, or null for none
     */
    public static Headers sign(byte[] key, String method, String targetUri, String user, String session,
                               String contentDigest, long createdSeconds, String nonce) {
        return sign(key, method, targetUri, user, session, contentDigest, createdSeconds, createdSeconds + LIFETIME_SECONDS, nonce);
    }

    /** As above with an expiry of the caller's: Palisade's own is always {@link #LIFETIME_SECONDS} after created. */
    public static Headers sign(byte[] key, String method, String targetUri, String user, String session,
                               String contentDigest, long createdSeconds, long expiresSeconds, String nonce) {
        StringBuilder params = new StringBuilder(192) // room for the whole value: not grown on each call
                .append("(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\"");
        if (contentDigest != null) params.append(" \"content-digest\"");
        params.append(");created=").append(createdSeconds).append(";expires=").append(expiresSeconds)
                .append(";nonce=\"").append(nonce).append("\";keyid=\"").append(KEY_ID).append("\";alg=\"hmac-sha256\"");
        String serializedParams = params.toString();
        // written as UTF-8 straight into the thread's buffer: every forwarded call is signed, public ones too
        Utf8Buffer base = BASE.get();
        base.clear();
        base.append("\"@method\": ").append(method).append('\n')
                .append("\"@target-uri\": ").append(targetUri).append('\n')
                .append("\"x-palisade-user\": ").append(user).append('\n')
                .append("\"x-palisade-session\": ").append(session).append('\n');
        if (contentDigest != null) base.append("\"content-digest\": ").append(contentDigest).append('\n');
        base.append("\"@signature-params\": ").append(serializedParams);
        String mac = Base64.getEncoder().encodeToString(Hmac.sha256(key, base.bytes(), base.length()));
        return new Headers(LABEL + "=" + serializedParams, LABEL + "=:" + mac + ":");
    }

    /** A fresh nonce for one forwarded request: 12 random bytes, base64url without padding. */
    public static String nonce() {
        NonceBytes bytes = NONCES.get();
        if (bytes.next == bytes.pool.length) {
            Secrets.randomBytes(bytes.pool);
            bytes.next = 0;
        }
        String nonce = Secrets.base64Url(Arrays.copyOfRange(bytes.pool, bytes.next, bytes.next + NONCE_BYTES));
        Arrays.fill(bytes.pool, bytes.next, bytes.next + NONCE_BYTES, (byte) 0); // handed out once
        bytes.next += NONCE_BYTES;
        return nonce;
    }
}
