package dev.palisade.state.redis;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key every node of a cluster reads from the same file ({@code --cluster-key-file}): the secrets
 * kept in Redis (signing keys, fingerprint salts, sessions' signing keys) are sealed with it
 * (AES-256-GCM, a fresh 96-bit nonce each time, the Redis key and field as associated data, so a sealed
 * value cannot be moved to another place), so a copy of Redis's data or a look at its traffic gives
 * no secret away.
 */
public final class ClusterKey {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private ClusterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /**
     * Reads the file's first line: 32 random bytes in base64.
     *
     * @throws IllegalArgumentException with what to do, when the file is missing or not such a key
     */
    public static ClusterKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("--cluster-key-file: cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); make one with: head -c 32 /dev/urandom | base64 > cluster.key; chmod 600 cluster.key");
        }
        int end = text.indexOf('\n');
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode((end < 0 ? text : text.substring(0, end)).strip());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("--cluster-key-file: " + file + " must hold 32 random bytes in base64;"
                    + " make one with: head -c 32 /dev/urandom | base64 > cluster.key");
        }
        return of(bytes);
    }

    public static ClusterKey of(byte[] bytes) {
        if (bytes.length != 32) throw new IllegalArgumentException("a cluster key is 32 bytes");
        return new ClusterKey(bytes.clone());
    }

    /** {@code plain} sealed for {@code place} (where it is kept): base64 of nonce, ciphertext and tag. */
    public String seal(byte[] plain, String place) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * @throws WrongKeyException when it was sealed with another key, for another place, or changed
     */
    public byte[] open(String sealed, String place) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new WrongKeyException();
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) throw new WrongKeyException();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongKeyException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** A sealed value does not open: another cluster key, another place, or tampered with. */
    public static final class WrongKeyException extends RuntimeException {
        WrongKeyException() {
            super("a value in Redis does not open with this node's cluster key (another --cluster-key-file, or changed"
                    + " in Redis)", null, false, false);
        }
    }

    @Override
    public String toString() { return "ClusterKey[…]"; }
}
