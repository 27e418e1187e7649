package dev.palisade.http.tls;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * Whether a private key is the other half of a certificate's public key: a random challenge signed
 * with the one must verify with the other. Neither a key store nor Jetty checks it, and a pair that
 * does not match fails only later, at every client's handshake.
 */
final class KeyPairProof {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairProof() {}

    /**
     * @throws IllegalArgumentException for a kind of key this cannot sign with (not RSA, EC or EdDSA), or a key this
     *                                  Java cannot sign with (an EC curve it does not implement, such as secp256k1)
     */
    static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = signatureAlgorithm(key);
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            signature = signer.sign();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java", e);
        } catch (GeneralSecurityException e) {
            // a matching pair on such a curve read as "halves of two key pairs", sending its owner after a mix-up
            throw new IllegalArgumentException("a key this Java cannot sign with, so cannot serve TLS with (" + e.getMessage()
                    + "): use an RSA key or an EC key on P-256, P-384 or P-521");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java", e);
        } catch (GeneralSecurityException e) {
            return false; // a public key of another kind or curve, or a signature it cannot read: not this key's
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm() + " key, where TLS here takes RSA, EC or EdDSA");
        };
    }
}
