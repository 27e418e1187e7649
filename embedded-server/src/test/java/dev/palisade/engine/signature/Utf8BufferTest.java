package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature base's buffer writes exactly the UTF-8 a String would, however long or wide the text. */
class Utf8BufferTest {

    private static String written(Utf8Buffer b) {
        return new String(Arrays.copyOf(b.bytes(), b.length()), StandardCharsets.UTF_8);
    }

    @Test
    void shortLongAndNonAsciiTextAreWrittenAsUtf8AndTheBufferGrows() {
        Utf8Buffer b = new Utf8Buffer();
        String expected = "";
        for (String piece : new String[] {"a", "\"@path\": /api/notes", "x".repeat(31), "y".repeat(32), "z".repeat(33),
                "naïve-é", "€uro ✓", "ü".repeat(40), "q".repeat(5_000)}) {
            b.append(piece);
            expected += piece;
            assertThat(written(b)).isEqualTo(expected);
            assertThat(b.length()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        }
        b.append('\n').append('é');
        assertThat(written(b)).isEqualTo(expected + "\né");
        b.clear();
        assertThat(b.length()).isZero();
        b.append("again");
        assertThat(written(b)).isEqualTo("again");
    }
}
