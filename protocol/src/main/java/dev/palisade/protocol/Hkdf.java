package dev.palisade.protocol;


/** HKDF with HMAC-SHA256 (RFC 5869); JDK 17 has no HKDF API of its own. */
public final class Hkdf {

    private static final int HASH_BYTES = 32;

    private Hkdf() {}

    /** Extract then expand: {@code length} bytes of output keying material (at most 255 × 32). */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_BYTES) throw new IllegalArgumentException("length out of range: " + length);
        byte[] prk = hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        for (int block = 1, done = 0; done < length; block++) {
            byte[] input = new byte[t.length + info.length + 1];
            System.arraycopy(t, 0, input, 0, t.length);
            System.arraycopy(info, 0, input, t.length, info.length);
            input[input.length - 1] = (byte) block;
            t = hmac(prk, input);
            int n = Math.min(HASH_BYTES, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        java.util.Arrays.fill(prk, (byte) 0);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return HmacSha256.mac(key, data);
    }
}
