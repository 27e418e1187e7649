package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The span decoder reads exactly what the JDK's basic decoder reads, and refuses what it refuses. */
class Base64TextTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** The JDK's answer: the bytes, or null when it refuses the text. */
    private static byte[] jdk(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] ours(String text) {
        // inside a longer value, as in a header: only the span is read
        byte[] inHeader = ours("x:", text, ":y");
        // and between alphabet characters, so reading one outside the span would change the answer
        byte[] amidAlphabet = ours("AQID", text, "BAUG");
        assertThat(amidAlphabet).as("the span alone is read: %s", text).isEqualTo(inHeader);
        return inHeader;
    }

    private static byte[] ours(String before, String text, String after) {
        String field = before + text + after;
        int from = before.length();
        byte[] out = new byte[Base64Text.maxDecodedLength(text.length())];
        int n = Base64Text.decode(field, from, from + text.length(), out);
        int checked = Base64Text.decode(field, from, from + text.length(), null);
        assertThat(checked).as("checking alone agrees with decoding: %s", text).isEqualTo(n);
        return n == Base64Text.MALFORMED ? null : Arrays.copyOf(out, n);
    }

    @Test
    void agreesWithTheJdkOnEncodedBytesOfEveryLength() {
        Random random = new Random(7);
        for (int length = 0; length <= 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String padded = Base64.getEncoder().encodeToString(bytes);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            assertThat(ours(padded)).as(padded).isEqualTo(bytes);
            assertThat(ours(unpadded)).as(unpadded).isEqualTo(bytes);
        }
    }

    @Test
    void agreesWithTheJdkOnPaddingEdges() {
        for (String text : new String[] {"", "=", "==", "A", "A=", "A==", "AQ", "AQ=", "AQ==", "AQ===", "AQI", "AQI=", "AQI==",
                "AQID", "AQID=", "AQ==AQ==", "AQ=x", "AQ= ", " AQ==", "AQ\u00e9=", "AQ\u0141=", "AQID\n", "A-_B", "AQ*D", "AQ\u0080=", "AQI\u007f", "\u0080\u0080\u0080\u0080", "AQ\uffff=", "AQIDBA\u0080=", "\u0080AQIDBAU", "AQIDBAUG\u0080AQI", "AAAAAAAA", "AAAA=AAAA"}) {
            assertThat(ours(text)).as("'%s'", text).isEqualTo(jdk(text));
        }
    }

    @Test
    void agreesWithTheJdkOnRandomText() {
        Random random = new Random(11);
        String pool = ALPHABET + "==-_ .:\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) b.append(pool.charAt(random.nextInt(pool.length())));
            String text = b.toString();
            assertThat(ours(text)).as("'%s'", text).isEqualTo(jdk(text));
        }
    }
}
