package dev.palisade.engine.auth;

import dev.palisade.engine.Secrets;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 from the JDK. Hashes are self-describing ({@code pbkdf2-sha256$iter$salt$hash}),
 * so the work factor can be raised later without breaking stored passwords.
 */
public final class PasswordHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final String dummyHash;

    public PasswordHasher(int iterations) {
        if (iterations < 1_000) throw new IllegalArgumentException("iterations must be at least 1000");
        this.iterations = iterations;
        this.dummyHash = hash("not-a-real-password".toCharArray());
    }

    public String hash(char[] password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] dk = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /** Constant-time; a malformed stored hash never matches. */
    public boolean matches(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) return false;
        try {
            int iter = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return Secrets.constantTimeEquals(derive(password, salt, iter), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the same work as a real check, so an unknown user name cannot be told apart by timing. */
    public void burn(char[] password) {
        matches(password, dummyHash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
