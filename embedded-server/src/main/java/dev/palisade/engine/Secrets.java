package dev.palisade.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and digests, in one place so every secret is made and compared the same way. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    });

    private Secrets() {}

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code bytes} random bytes as unpadded base64url. */
    public static String randomToken(int bytes) {
        return URL.encodeToString(randomBytes(bytes));
    }

    public static String base64Url(byte[] bytes) {
        return URL.encodeToString(bytes);
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** SHA-256 of the string's ISO-8859-1 bytes; tokens and keys are ASCII. */
    public static byte[] sha256(String ascii) {
        return sha256(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /** The first eight bytes of a digest as a map key; the full digest is still compared. */
    public static long prefix(byte[] digest) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (digest[i] & 0xffL);
        return v;
    }
}
