package dev.palisade.engine.session;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7515 Appendix A.1, the HS256 example: the MAC Palisade's tokens rely on reproduces the
 * published signature, and one flipped bit breaks it.
 */
class RFC7515AppendixA1Test {

    private static final String KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    private static final String JWS = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    void publishedExampleVerifies() throws Exception {
        SignedJWT jws = SignedJWT.parse(JWS);
        assertThat(jws.verify(new MACVerifier(Base64.getUrlDecoder().decode(KEY)))).isTrue();
        assertThat(jws.getJWTClaimsSet().getIssuer()).isEqualTo("joe");
    }

    @Test
    void oneChangedSignatureCharacterFails() throws Exception {
        SignedJWT jws = SignedJWT.parse(JWS.substring(0, JWS.length() - 1) + "Y");
        assertThat(jws.verify(new MACVerifier(Base64.getUrlDecoder().decode(KEY)))).isFalse();
    }
}
