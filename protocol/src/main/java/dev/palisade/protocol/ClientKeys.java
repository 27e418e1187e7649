package dev.palisade.protocol;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;

/**
 * The client's half of the login's key agreement: a fresh P-256 key pair whose public key goes to
 * {@code POST /auth/login} as {@code clientKey}, and the derivation of the session's signing key from
 * the server's answer ({@code serverKey}, {@code sessionId}).
 */
public final class ClientKeys {

    private final KeyPair pair = P256.generate();

    /** The public key, as a server holds it once it has read {@link #publicJwk()}. */
    public ECPublicKey publicKey() { return (ECPublicKey) pair.getPublic(); }

    /** The public key as the JSON of a JWK: {@code {"kty":"EC","crv":"P-256","x":"…","y":"…"}}. */
    public String publicJwk() {
        String[] xy = P256.jwk((ECPublicKey) pair.getPublic());
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + xy[0] + "\",\"y\":\"" + xy[1] + "\"}";
    }

    /** The session's request-signing key, agreed with the server's public key. */
    public byte[] signingKey(String serverX, String serverY, String sessionId) {
        byte[] shared = P256.sharedSecret(pair.getPrivate(), P256.publicKey(serverX, serverY));
        try {
            return SigningKeyAgreement.derive(shared, sessionId);
        } finally {
            java.util.Arrays.fill(shared, (byte) 0);
        }
    }
}
