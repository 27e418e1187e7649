package dev.palisade.protocol;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/**
 * ECDH on NIST P-256 with public keys as JWKs ({@code {"kty":"EC","crv":"P-256","x","y"}}, RFC 7518
 * §6.2.1): coordinates are exactly 32 bytes, big-endian, base64url without padding. A point from
 * outside is used only after it is checked to lie on the curve, so an invalid-curve point can never
 * make the shared secret leak bits of a private key.
 */
public final class P256 {

    /** The field prime p and the curve y² = x³ + ax + b (SEC 2, secp256r1). */
    static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec PARAMS;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            PARAMS = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {}

    /** A fresh key pair; the private half never leaves the process. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available in this JDK", e);
        }
    }

    /**
     * The public key of a JWK's coordinates, checked.
     *
     * @throws InvalidKeyException naming {@code x} or {@code y} when a coordinate is not 32 bytes of
     *                             base64url below p, or no member when the point is not on P-256
     */
    public static ECPublicKey publicKey(String x, String y) {
        BigInteger bx = coordinate("x", x);
        BigInteger by = coordinate("y", y);
        BigInteger left = by.multiply(by).mod(P);
        BigInteger right = bx.multiply(bx).multiply(bx).add(A.multiply(bx)).add(B).mod(P);
        if (!left.equals(right)) throw new InvalidKeyException("", "the point (x, y) is not on the P-256 curve");
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("", "the point is not a usable P-256 public key");
        }
    }

    private static BigInteger coordinate(String member, String text) {
        if (text == null) throw new InvalidKeyException(member, "required: the coordinate as base64url");
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(member, "not base64url");
        }
        if (raw.length != COORDINATE_BYTES || text.length() != 43) {
            throw new InvalidKeyException(member, "must be exactly 32 bytes (43 base64url characters, no padding),"
                    + " leading zero bytes included; was " + (raw.length != COORDINATE_BYTES ? raw.length + " bytes"
                    : text.length() + " characters"));
        }
        // the decoder ignores the last character's two spare bits: four spellings of one key, where the JWK has one
        if (!Base64Url.encode(raw).equals(text)) {
            throw new InvalidKeyException(member, "not canonical base64url: its last character's unused bits must be zero");
        }
        BigInteger v = new BigInteger(1, raw);
        if (v.compareTo(P) >= 0) throw new InvalidKeyException(member, "is not below the field prime of P-256");
        return v;
    }

    /** The JWK coordinates {@code [x, y]} of a public key, each padded to 32 bytes. */
    public static String[] jwk(ECPublicKey key) {
        ECPoint w = key.getW();
        return new String[] {Base64Url.encode(fixed(w.getAffineX())), Base64Url.encode(fixed(w.getAffineY()))};
    }

    /** The 32-byte big-endian form of a coordinate (BigInteger drops leading zeros or adds a sign byte). */
    static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[COORDINATE_BYTES];
        int copy = Math.min(raw.length, COORDINATE_BYTES);
        System.arraycopy(raw, raw.length - copy, out, COORDINATE_BYTES - copy, copy);
        return out;
    }

    /** The ECDH shared secret: the 32-byte x-coordinate of the shared point, as WebCrypto's deriveBits gives it. */
    public static byte[] sharedSecret(PrivateKey own, ECPublicKey other) {
        try {
            javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("ECDH");
            ka.init(own);
            ka.doPhase(other, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("", "no shared secret with this key: " + e.getMessage());
        }
    }
}
