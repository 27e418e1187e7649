package dev.palisade.engine.auth;

import dev.palisade.engine.Secrets;

import java.nio.charset.StandardCharsets;

/**
 * The form of the tokens Palisade issues to named holders: {@code <prefix><id>.<secret>}. The id finds
 * the record (it is not secret); only the secret's SHA-256 is stored, and a presented secret is
 * compared with it in constant time.
 */
public final class PrefixedToken {

    private PrefixedToken() {}

    /** A new token: its id, the digest to store, and the value to show its holder once. */
    public record Minted(String id, byte[] secretHash, String value) {
        @Override
        public String toString() { return "Minted[" + id + "]"; }
    }

    /** A presented token split into its id and the digest of its secret. */
    public record Presented(String id, byte[] secretHash) {
        /** Constant-time comparison with a stored digest. */
        public boolean matches(byte[] storedHash) {
            return Secrets.constantTimeEquals(secretHash, storedHash);
        }
    }

    public static Minted mint(String prefix) {
        String id = Secrets.randomToken(9);
        String secret = Secrets.randomToken(32);
        return new Minted(id, hash(secret), prefix + id + "." + secret);
    }

    /** @return the token's parts, or null if it does not have this prefix's form */
    public static Presented read(String prefix, String presented) {
        if (presented == null || !presented.startsWith(prefix)) return null;
        int dot = presented.indexOf('.', prefix.length());
        if (dot < 0) return null;
        return new Presented(presented.substring(prefix.length(), dot), hash(presented.substring(dot + 1)));
    }

    private static byte[] hash(String secret) {
        return Secrets.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
