package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureHeadersTest {

    @Test
    void readsSeveralMembersAndAllParameters() {
        Map<String, SignatureInput> in = SignatureHeaders.parseInput(
                "a=(\"@method\");created=1;keyid=\"k\";alg=\"hmac-sha256\";nonce=\"n1\", b=();created=2;keyid=\"x\"");
        assertThat(in).containsOnlyKeys("a", "b");
        assertThat(in.get("a").nonce()).isEqualTo("n1");
        assertThat(in.get("a").serializedParams()).isEqualTo("(\"@method\");created=1;keyid=\"k\";alg=\"hmac-sha256\";nonce=\"n1\"");
        assertThat(in.get("b").components()).isEmpty();
        assertThat(SignatureHeaders.parseSignatures("a=:AQID:, b=::")).containsKeys("a", "b");
    }

    @Test
    void stringsWithEscapesAreUnescapedAndBadOnesRefused() {
        SignatureInput in = SignatureHeaders.parseInput(
                "sig1=(\"@method\" \"x-a\\\\b\");created=1;keyid=\"a\\\"quoted\\\" id\";nonce=\"n\"").get("sig1");
        assertThat(in.components()).containsExactly("@method", "x-a\\b");
        assertThat(in.keyId()).isEqualTo("a\"quoted\" id");
        assertThat(in.nonce()).isEqualTo("n");
        assertThatThrownBy(() -> SignatureHeaders.parseInput("sig1=(\"@method\");keyid=\"a\\x\""))
                .isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> SignatureHeaders.parseInput("sig1=(\"@method\");keyid=\"unterminated"))
                .isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> SignatureHeaders.parseInput("sig1=(\"@méthod\")"))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void serialisesWhatItParses() {
        String params = SignatureBase.serializeParams(java.util.List.of("@method", "authorization"), 5, "sid", "hmac-sha256", "n");
        SignatureInput in = SignatureHeaders.parseInput("sig1=" + params).get("sig1");
        assertThat(in.serializedParams()).isEqualTo(params);
        assertThat(in.components()).containsExactly("@method", "authorization");
    }

    @Test
    void refusesMalformedFields() {
        for (String bad : new String[] {"", "sig1", "sig1=", "sig1=(\"a\"", "sig1=(a)", "Sig1=()", "sig1=();created=x",
                "sig1=();colour=\"red\"", "sig1=(\"a\";p=1)", "sig1=(), ", "sig1=();keyid=\"\u00e9\""}) {
            assertThatThrownBy(() -> SignatureHeaders.parseInput(bad)).as(bad).isInstanceOf(MalformedSignatureException.class);
        }
        assertThatThrownBy(() -> SignatureHeaders.parseSignatures("sig1=:***:")).isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> SignatureHeaders.parseInput("a=()" + ";keyid=\"x\"".repeat(2_000)))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void contentDigestReadsTheSha256Member() {
        byte[] d = new byte[32];
        d[0] = 9;
        assertThat(ContentDigest.sha256Of(ContentDigest.header(d))).isEqualTo(d);
        assertThat(ContentDigest.sha256Of("sha-512=:AAAA:")).isNull();
        assertThat(ContentDigest.sha256Of("garbage")).isNull();
        assertThat(ContentDigest.sha256Of(null)).isNull();
    }
}
