package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The forwarded call's signature is RFC 9421's over the base docs/protocol.md spells out, as UTF-8, under the upstream key. */
class UpstreamSignatureTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theSignatureIsTheHmacOfTheBaseWrittenOutInFull() throws Exception {
        UpstreamSignature.Headers sig = UpstreamSignature.sign(KEY, "POST", "http://127.0.0.1:9000/api/notes?x=1", "zoë",
                "s-1", "sha-256=:abc=:", 1_700_000_000L, "n0nce");
        String params = "(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\" \"content-digest\")"
                + ";created=1700000000;expires=1700000030;nonce=\"n0nce\";keyid=\"upstream\";alg=\"hmac-sha256\"";
        String base = "\"@method\": POST\n"
                + "\"@target-uri\": http://127.0.0.1:9000/api/notes?x=1\n"
                + "\"x-palisade-user\": zoë\n"
                + "\"x-palisade-session\": s-1\n"
                + "\"content-digest\": sha-256=:abc=:\n"
                + "\"@signature-params\": " + params;
        assertThat(sig.signatureInput()).isEqualTo("palisade=" + params);
        assertThat(sig.signature()).isEqualTo("palisade=:" + jdkHmac(base) + ":");
    }

    @Test
    void withoutABodyTheDigestIsNeitherCoveredNorInTheBase() throws Exception {
        UpstreamSignature.Headers sig = UpstreamSignature.sign(KEY, "GET", "http://h/p", "", "", null, 10L, "n");
        String params = "(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\")"
                + ";created=10;expires=40;nonce=\"n\";keyid=\"upstream\";alg=\"hmac-sha256\"";
        String base = "\"@method\": GET\n\"@target-uri\": http://h/p\n\"x-palisade-user\": \n\"x-palisade-session\": \n"
                + "\"@signature-params\": " + params;
        assertThat(sig.signature()).isEqualTo("palisade=:" + jdkHmac(base) + ":");
        // the thread's buffer is reused: after a longer base, this one is signed over its own bytes alone
        UpstreamSignature.sign(KEY, "POST", "http://h/a/much/longer/path?with=a&query=1", "someone", "s-2", "sha-256=:x=:", 10L, "n");
        assertThat(UpstreamSignature.sign(KEY, "GET", "http://h/p", "", "", null, 10L, "n").signature()).isEqualTo(sig.signature());
    }

    private static String jdkHmac(String base) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noncesAreTwelveRandomBytesNeverRepeatedAcrossTheThreadsRefills() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) { // 80 a refill: twelve refills and more
            String nonce = UpstreamSignature.nonce();
            assertThat(nonce).matches("[A-Za-z0-9_-]{16}");
            assertThat(Base64.getUrlDecoder().decode(nonce)).hasSize(12).isNotEqualTo(new byte[12]);
            assertThat(seen.add(nonce)).as("nonce %d repeats", i).isTrue();
        }
    }
}
