package dev.palisade.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/* Audit 51: a nonce or key id the profile's strings cannot hold made a Signature-Input no server parses. */
class RequestSignerTest {

    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);

    private static RequestSigner.Signed sign(String keyId, String nonce) {
        return RequestSigner.sign("GET", "example.com", "/api/notes", null, "Bearer t", null, keyId, KEY, 1_700_000_000L, nonce);
    }

    @Test
    void aNonceOrKeyIdOutsideTheProfilesStringsIsRefused() {
        assertThat(sign("s-1", "n".repeat(128)).signatureInput()).contains("nonce=\"" + "n".repeat(128) + "\"");
        assertThat(sign("s-1", "n".repeat(129)).signatureInput()).as("the server's to refuse, for its length alone")
                .contains("n".repeat(129));
        for (String nonce : new String[] {"", "a\"b", "a\\b", "é", "a\nb", null}) {
            assertThatThrownBy(() -> sign("s-1", nonce)).as(String.valueOf(nonce)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String keyId : new String[] {"", "a\"b", "a\\b", null}) {
            assertThatThrownBy(() -> sign(keyId, "n")).as(String.valueOf(keyId)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
