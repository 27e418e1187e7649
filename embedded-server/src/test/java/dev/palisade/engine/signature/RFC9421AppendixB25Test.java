package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9421 Appendix B.2.5, "Signing a Request Using hmac-sha256": the test request of B.2, the
 * shared secret of B.1.5, and the published signature base and signature value.
 */
class RFC9421AppendixB25Test {

    private static final byte[] SHARED_SECRET = Base64.getDecoder().decode(
            "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==");
    private static final String SIGNATURE_INPUT =
            "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";
    private static final String SIGNATURE = "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:";
    private static final String BASE = String.join("\n",
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
            "\"@authority\": example.com",
            "\"content-type\": application/json",
            "\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"");

    /** B.2's request: POST /foo?param=Value&Pet=dog to example.com with a JSON body. */
    private static final SignedMessage REQUEST = new MessageParts("POST", "example.com", "/foo", "param=Value&Pet=dog",
            Map.of("date", "Tue, 20 Apr 2021 02:07:55 GMT", "content-type", "application/json",
                    "content-digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
                    "content-length", "18"));

    @Test
    void theSignatureInputParses() {
        SignatureInput input = SignatureHeaders.parseInput(SIGNATURE_INPUT).get("sig-b25");
        assertThat(input.components()).containsExactly("date", "@authority", "content-type");
        assertThat(input.created()).isEqualTo(1618884473L);
        assertThat(input.keyId()).isEqualTo("test-shared-secret");
        assertThat(input.alg()).isNull();
    }

    @Test
    void theSignatureBaseIsThePublishedOne() {
        SignatureInput input = SignatureHeaders.parseInput(SIGNATURE_INPUT).get("sig-b25");
        assertThat(SignatureBase.of(REQUEST, input.components(), input.serializedParams())).isEqualTo(BASE);
    }

    @Test
    void theHmacIsThePublishedSignature() {
        byte[] expected = SignatureHeaders.parseSignatures(SIGNATURE).get("sig-b25");
        assertThat(Hmac.sha256(SHARED_SECRET, BASE)).isEqualTo(expected);
        assertThat(Hmac.sha256(SHARED_SECRET, BASE.replace("example.com", "example.org"))).isNotEqualTo(expected);
        byte[] base = BASE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new Hmac.Rfc2104().sha256(SHARED_SECRET, base, base.length)).as("the signed call's construction")
                .isEqualTo(expected);
    }

    @Test
    void derivedQueryComponentFollowsTheRfc() {
        String base = SignatureBase.of(REQUEST, java.util.List.of("@method", "@path", "@query"), "()");
        assertThat(base).isEqualTo("\"@method\": POST\n\"@path\": /foo\n\"@query\": ?param=Value&Pet=dog\n"
                + "\"@signature-params\": ()");
    }
}
