package dev.palisade.console.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCounterTest {

    private static long count(String format, String text, int chunk) {
        ExportCounter counter = new ExportCounter(format);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) counter.feed(bytes, i, Math.min(chunk, bytes.length - i));
        return counter.events();
    }

    @Test
    void jsonObjectsOneLevelInAreCountedWhateverTheirStringsHoldAndHoweverTheBytesArrive() {
        String json = "[{\"id\":2,\"detail\":\"{\\\"changes\\\":[{\\\"a\\\":\\\"}\\\"}]}\",\"path\":\"/a{b\"},"
                + "{\"id\":1,\"detail\":\"\\\\\",\"user\":\"é{\"}]";
        assertThat(count("json", json, 1)).isEqualTo(2);
        assertThat(count("json", json, 7)).isEqualTo(2);
        assertThat(count("json", "[]", 1)).isZero();
    }

    @Test
    void csvRecordsAreLineEndsOutsideQuotesAndTheHeaderIsNotOne() {
        String csv = "id,detail\r\n2,\"line\r\nbreak, \"\"quoted\"\"\"\r\n1,plain\r\n";
        assertThat(count("csv", csv, 1)).isEqualTo(2);
        assertThat(count("csv", csv, 5)).isEqualTo(2);
        assertThat(count("csv", "id,detail\r\n", 3)).isZero();
    }
}
