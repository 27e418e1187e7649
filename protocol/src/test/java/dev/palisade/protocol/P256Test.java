package dev.palisade.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class P256Test {

    @Test
    void bothSidesAgreeOnTheSigningKey() {
        ClientKeys client = new ClientKeys();
        KeyPair server = P256.generate();
        String[] serverXy = P256.jwk((ECPublicKey) server.getPublic());
        String jwk = client.publicJwk();
        String x = jwk.replaceAll(".*\"x\":\"([^\"]+)\".*", "$1");
        String y = jwk.replaceAll(".*\"y\":\"([^\"]+)\".*", "$1");
        byte[] serverSide = SigningKeyAgreement.derive(P256.sharedSecret(server.getPrivate(), P256.publicKey(x, y)), "sid-1");
        assertThat(client.signingKey(serverXy[0], serverXy[1], "sid-1")).hasSize(32).isEqualTo(serverSide);
        assertThat(client.signingKey(serverXy[0], serverXy[1], "sid-2")).as("the session id salts the key")
                .isNotEqualTo(serverSide);
    }

    @Test
    void aCoordinateWithALeadingZeroByteKeepsAll32Bytes() {
        // about one key in 128 has a coordinate below 2^248; find one on purpose
        for (int i = 0; i < 10_000; i++) {
            ECPublicKey key = (ECPublicKey) P256.generate().getPublic();
            BigInteger x = key.getW().getAffineX();
            BigInteger y = key.getW().getAffineY();
            if (x.bitLength() > 248 && y.bitLength() > 248) continue;
            String[] xy = P256.jwk(key);
            assertThat(xy[0]).hasSize(43);
            assertThat(xy[1]).hasSize(43);
            byte[] raw = Base64.getUrlDecoder().decode(x.bitLength() <= 248 ? xy[0] : xy[1]);
            assertThat(raw[0]).isZero();
            ECPublicKey back = P256.publicKey(xy[0], xy[1]);
            assertThat(back.getW()).isEqualTo(key.getW());
            return;
        }
        throw new AssertionError("no key with a leading zero byte in 10 000 tries");
    }

    @Test
    void pointsOffTheCurveAndMalformedCoordinatesAreRefused() {
        String[] xy = P256.jwk((ECPublicKey) P256.generate().getPublic());
        byte[] y = Base64.getUrlDecoder().decode(xy[1]);
        y[31] ^= 1;
        String offCurve = Base64.getUrlEncoder().withoutPadding().encodeToString(y);
        assertThatThrownBy(() -> P256.publicKey(xy[0], offCurve)).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.member()).isEmpty());
        String zero = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThatThrownBy(() -> P256.publicKey(zero, zero)).isInstanceOf(InvalidKeyException.class);
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(P256.fixed(P256.P));
        assertThatThrownBy(() -> P256.publicKey(p, xy[1])).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.member()).isEqualTo("x"));
        assertThatThrownBy(() -> P256.publicKey(xy[0] + "=", xy[1])).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.member()).isEqualTo("x"));
        assertThatThrownBy(() -> P256.publicKey(xy[0].substring(2), xy[1])).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.member()).isEqualTo("x"));
        assertThatThrownBy(() -> P256.publicKey(xy[0], null)).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.member()).isEqualTo("y"));
        assertThat(P256.publicKey(xy[0], xy[1])).as("the unchanged key is accepted").isNotNull();
    }

    /* Audit 51: the decoder ignores the last character's two spare bits, so each coordinate had four spellings. */
    @Test
    void aCoordinateIsAcceptedInItsOneCanonicalSpellingOnly() {
        String[] xy = P256.jwk((ECPublicKey) P256.generate().getPublic());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = xy[0].charAt(42);
        String spareBitSet = xy[0].substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(Base64.getUrlDecoder().decode(spareBitSet)).as("the same bytes").isEqualTo(Base64.getUrlDecoder().decode(xy[0]));
        assertThatThrownBy(() -> P256.publicKey(spareBitSet, xy[1])).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.getMessage()).contains("canonical"));
        // a padded coordinate is 32 bytes too: told by its length in characters, not "was 32 bytes"
        assertThatThrownBy(() -> P256.publicKey(xy[0] + "=", xy[1])).isInstanceOfSatisfying(InvalidKeyException.class,
                e -> assertThat(e.getMessage()).contains("was 44 characters"));
    }
}
