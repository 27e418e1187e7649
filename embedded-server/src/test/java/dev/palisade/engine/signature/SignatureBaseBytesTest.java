package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureBaseBytesTest {

    private static byte[] written(MessageParts m, List<String> components, String params, Utf8Buffer buffer) {
        assertThat(SignatureBase.write(m, components, params, buffer)).isTrue();
        return Arrays.copyOf(buffer.bytes(), buffer.length());
    }

    @Test
    void theBytesAreTheBaseStringInUtf8AndTheBufferIsReused() {
        Utf8Buffer buffer = new Utf8Buffer();
        List<String> components = List.of("@method", "@authority", "@path", "@query", "authorization", "x-note");
        String params = SignatureBase.serializeParams(components, 1_700_000_000L, "s1", "hmac-sha256", "n1");
        MessageParts unicode = new MessageParts("POST", "example.com", "/api/notes", "a=1", Map.of("authorization",
                "Bearer " + "x".repeat(2_000), "x-note", "grüße, ünïcödé ✓"));
        assertThat(written(unicode, components, params, buffer))
                .isEqualTo(SignatureBase.of(unicode, components, params).getBytes(StandardCharsets.UTF_8));
        MessageParts shorter = new MessageParts("GET", "example.com", "/", null, Map.of("authorization", "Bearer t",
                "x-note", "plain"));
        assertThat(written(shorter, components, params, buffer)).as("nothing left over from the longer base")
                .isEqualTo(SignatureBase.of(shorter, components, params).getBytes(StandardCharsets.UTF_8));
        assertThat(Hmac.sha256(new byte[32], buffer.bytes(), buffer.length()))
                .isEqualTo(Hmac.sha256(new byte[32], SignatureBase.of(shorter, components, params)));
        assertThat(SignatureBase.write(new MessageParts("GET", "h", "/", null, Map.of()), List.of("x-missing"), params, buffer))
                .isFalse();
    }
}
