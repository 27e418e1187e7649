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

    /* Audit path57 M1: a thread's buffer, grown once by an odd request, was kept at that size as long as the thread. */
    @Test
    void roomBeyondWhatIsKeptIsGivenBackAtTheNextClear() {
        Utf8Buffer b = new Utf8Buffer();
        b.append("x".repeat(Utf8Buffer.KEPT));
        b.clear();
        assertThat(b.capacity()).as("up to 64 KiB is kept for the next base").isGreaterThanOrEqualTo(Utf8Buffer.KEPT);
        b.append("x".repeat(Utf8Buffer.KEPT + 1));
        b.clear();
        assertThat(b.capacity()).isEqualTo(1024);
        assertThat(b.append("ab").length()).isEqualTo(2);
    }

    @Test
    void theLastAsciiCharacterAndTheFirstWideOneAreToldApart() {
        Utf8Buffer b = new Utf8Buffer();
        b.append((char) 0x7f).append((char) 0x80).append('x').append("\u007f\u0080");
        assertThat(Arrays.copyOf(b.bytes(), b.length())).containsExactly(0x7f, 0xc2, 0x80, 'x', 0x7f, 0xc2, 0x80);
    }

    @Test
    void manyShortPiecesFillTheFirstKilobyteExactlyAndThenGrow() {
        Utf8Buffer b = new Utf8Buffer();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 32; i++) { // 32 × 32 bytes: exactly the first 1 024
            String piece = Character.toString('a' + i % 26).repeat(32);
            b.append(piece);
            expected.append(piece);
        }
        assertThat(b.length()).isEqualTo(1_024);
        b.append("é-short").append('ü').append("tail");
        expected.append("é-short").append('ü').append("tail");
        for (int i = 0; i < 100; i++) {
            b.append("ünï" + i);
            expected.append("ünï").append(i);
        }
        assertThat(written(b)).isEqualTo(expected.toString());
    }

    @Test
    void aShortPieceAtTheBuffersEdgeMakesRoomForItsCharactersAndForItsWiderBytes() {
        Utf8Buffer ascii = new Utf8Buffer();
        ascii.append("x".repeat(1_000));
        for (int i = 0; i < 3; i++) ascii.append("12345678"); // 1 024 exactly
        ascii.append("tail");
        assertThat(written(ascii)).isEqualTo("x".repeat(1_000) + "12345678".repeat(3) + "tail");
        Utf8Buffer wide = new Utf8Buffer();
        wide.append("y".repeat(1_017)); // 7 characters of room, but these 7 take 14 bytes
        wide.append("ééééééé");
        assertThat(written(wide)).isEqualTo("y".repeat(1_017) + "ééééééé");
    }
}
