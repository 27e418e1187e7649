package dev.palisade.engine.signature;

import dev.palisade.engine.PerThread;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 by RFC 2104's construction over a thread's SHA-256 {@link MessageDigest}: keying a
 * JDK {@code Mac} for each call's session copied the key twice and allocated 144–168 B a call
 * (BENCHMARKS.md, section 2m). HmacTest holds it to the JDK's {@code Mac}.
 */
public final class Hmac {

    private static final PerThread<Rfc2104> PER_THREAD = PerThread.withInitial(Rfc2104::new);

    private Hmac() {}

    public static byte[] sha256(byte[] key, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return sha256(key, bytes, bytes.length);
    }

    /** HMAC-SHA256 of {@code length} bytes of {@code data}, a new array. */
    public static byte[] sha256(byte[] key, byte[] data, int length) {
        if (key.length == 0) throw new IllegalArgumentException("unusable HMAC key: empty");
        byte[] out = PER_THREAD.get().sha256(key, data, length);
        byte[] mac = out.clone();
        Arrays.fill(out, (byte) 0); // the thread keeps no MAC it made
        return mac;
    }

    /** Constant-time: whether the MAC {@code fields} holds is the HMAC of the bytes in {@code data}. */
    public static boolean verify(byte[] key, Utf8Buffer data, SignatureFields fields) {
        if (key.length == 0) return false; // no key signs nothing
        Rfc2104 hmac = PER_THREAD.get();
        byte[] out = hmac.sha256(key, data.bytes(), data.length());
        boolean matches = fields.macEquals(out, out.length);
        Arrays.fill(out, (byte) 0); // after a refusal it would be the right MAC for the caller's data
        return matches;
    }

    /**
     * H((K ^ opad) || H((K ^ ipad) || data)), RFC 2104, into arrays of its own: one per thread, so
     * a MAC costs no allocation. Not thread-safe; the result is overwritten by the next call.
     */
    static final class Rfc2104 {
        private static final int BLOCK = 64;
        private final MessageDigest sha256;
        private final byte[] pad = new byte[BLOCK];
        private final byte[] hashedKey = new byte[32];
        private final byte[] inner = new byte[32];
        private final byte[] out = new byte[32];

        Rfc2104() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
        }

        /** The MAC of {@code data[0, length)}, in an array this object reuses. */
        byte[] sha256(byte[] key, byte[] data, int length) {
            boolean done = false;
            try {
                byte[] k = key;
                if (key.length > BLOCK) { // a key longer than a block is hashed first
                    sha256.update(key);
                    sha256.digest(hashedKey, 0, hashedKey.length);
                    k = hashedKey;
                }
                for (int i = 0; i < BLOCK; i++) pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
                sha256.update(pad);
                sha256.update(data, 0, length);
                sha256.digest(inner, 0, inner.length);
                for (int i = 0; i < BLOCK; i++) pad[i] ^= 0x36 ^ 0x5c;
                sha256.update(pad);
                sha256.update(inner);
                sha256.digest(out, 0, out.length);
                done = true;
                return out;
            } catch (DigestException e) {
                throw new IllegalStateException(e); // cannot happen: the arrays are a digest long
            } finally {
                if (!done) sha256.reset(); // a call cut short leaves no keyed state for the next one
                Arrays.fill(pad, (byte) 0); // derived from the key: no copy of it lingers in the thread
                Arrays.fill(inner, (byte) 0);
                Arrays.fill(hashedKey, (byte) 0);
            }
        }
    }
}
