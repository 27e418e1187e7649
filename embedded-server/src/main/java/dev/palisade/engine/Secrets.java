package dev.palisade.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and digests, in one place so every secret is made and compared the same way. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final PerThread<MessageDigest> SHA256 = PerThread.withInitial(() -> {
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

    /** Fills {@code into} with random bytes: for a caller that draws many at once. */
    public static void randomBytes(byte[] into) {
        RANDOM.nextBytes(into);
    }

    public static long randomLong() {
        return RANDOM.nextLong();
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

    /** Per-thread scratch for {@link #sha256(String)}: a bearer token is hashed on every call. */
    private static final PerThread<byte[][]> SCRATCH = PerThread.withInitial(() -> new byte[][] {new byte[1024]});

    /**
     * SHA-256 of the string's ISO-8859-1 bytes; tokens and keys are ASCII. The bytes go through a
     * reused per-thread buffer, not a copy per call (a JWT is ~400 bytes, on every request).
     */
    public static byte[] sha256(String ascii) {
        return sha256(ascii, 0, ascii.length());
    }

    /** {@link #sha256(String)} of {@code text[from, to)}, with no copy of that span as a string. */
    public static byte[] sha256(String text, int from, int to) {
        if (!latin1(text, from, to)) return sha256(text.substring(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return fed(text, from, to).digest();
    }

    private static boolean latin1(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) > 0xff) return false;
        }
        return true;
    }

    /** The thread's SHA-256 fed {@code text[from, to)}, Latin-1, through the per-thread scratch. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly ISO-8859-1 for these strings, and copies fast
    private static MessageDigest fed(String text, int from, int to) {
        int n = to - from;
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < n) holder[0] = new byte[Math.max(n, holder[0].length * 2)];
        text.getBytes(from, to, holder[0], 0);
        MessageDigest md = SHA256.get();
        md.update(holder[0], 0, n);
        return md;
    }

    private static final PerThread<byte[]> DIGEST = PerThread.withInitial(() -> new byte[32]);

    /**
     * Whether {@link #sha256(String, int, int)} is {@code expected}, compared in constant time, with no
     * array per call: an API key is checked so on every call it makes. Text beyond Latin-1 never is.
     */
    public static boolean sha256Equals(String text, int from, int to, byte[] expected) {
        if (expected == null || !latin1(text, from, to)) return false;
        return MessageDigest.isEqual(finish(fed(text, from, to)), expected);
    }

    /** The digest, in the thread's own 32 bytes: valid until the thread's next digest. */
    private static byte[] finish(MessageDigest md) {
        byte[] out = DIGEST.get();
        try {
            md.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** {@link #prefix} of the SHA-256 of {@code data[0, length)}, with no array per call. */
    public static long sha256Prefix(byte[] data, int length) {
        MessageDigest md = SHA256.get();
        md.update(data, 0, length);
        return prefix(finish(md));
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
