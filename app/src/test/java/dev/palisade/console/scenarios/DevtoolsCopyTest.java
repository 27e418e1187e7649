package dev.palisade.console.scenarios;

import dev.palisade.protocol.RequestSigner;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The copier's offline test of a guess: one that is the key reproduces the captured signature, others do not. */
class DevtoolsCopyTest {

    private static final byte[] KEY = "the agreed key, 32 bytes long...".getBytes(StandardCharsets.UTF_8);

    private static Request seen() {
        RequestSigner.Signed sig = RequestSigner.sign("GET", "127.0.0.1:8080", "/api/notes", "page=2",
                "Bearer the-token", null, "s-1", KEY, 1_700_000_000L, "n0nce");
        return new Request.Builder().url("http://127.0.0.1:8080/api/notes?page=2").header("Authorization", "Bearer the-token")
                .header("Signature-Input", sig.signatureInput()).header("Signature", sig.signature()).build();
    }

    @Test
    void aGuessThatIsTheKeyReproducesTheCapturedSignature() {
        Map<String, byte[]> guesses = new LinkedHashMap<>();
        guesses.put("the token", "the-token".getBytes(StandardCharsets.UTF_8));
        guesses.put("the key", KEY.clone());
        assertThat(DevtoolsCopy.reproducing(guesses, seen())).isNotNull()
                .satisfies(m -> assertThat(m.getKey()).isEqualTo("the key"));
    }

    @Test
    void noGuessReproducesItWithoutTheKey() throws Exception {
        String answer = "{\"accessToken\":\"the-token\",\"sessionId\":\"s-1\",\"serverKey\":{\"x\":\"AAEC\",\"y\":\"AwQF\"}}";
        Map<String, byte[]> guesses = DevtoolsCopy.guesses(answer, seen());
        assertThat(guesses).containsKeys("serverKey.x (decoded)", "SHA-256 of accessToken (text)");
        assertThat(DevtoolsCopy.reproducing(guesses, seen())).isNull();
    }
}
