package dev.palisade.protocol;

import java.nio.charset.StandardCharsets;

/**
 * How both sides turn the login's ECDH into the session's request-signing key (docs/protocol.md,
 * "Key agreement"): HKDF-SHA256 over the 32-byte shared secret, salt = the session id's UTF-8 bytes,
 * info = {@code palisade signing key v1}, 32 bytes out. The key itself is never sent.
 */
public final class SigningKeyAgreement {

    public static final String INFO = "palisade signing key v1";
    public static final int KEY_BYTES = 32;

    private SigningKeyAgreement() {}

    public static byte[] derive(byte[] sharedSecret, String sessionId) {
        return Hkdf.sha256(sharedSecret, sessionId.getBytes(StandardCharsets.UTF_8),
                INFO.getBytes(StandardCharsets.UTF_8), KEY_BYTES);
    }
}
