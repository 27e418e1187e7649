package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes upstream of a target a client sent with raw UTF-8 in it: its bytes, percent-encoded; ASCII as it came. */
class AsciiTargetTest {

    @Test
    void charactersOutsideAsciiGoAsTheirUtf8BytesPercentEncodedAndAsciiAsItCame() {
        assertThat(AsciiTarget.of("/api/notes?q=caf\u00e9&x=1")).isEqualTo("/api/notes?q=caf%C3%A9&x=1");
        assertThat(AsciiTarget.of("\u00e9t\u00e9")).as("at the very start").isEqualTo("%C3%A9t%C3%A9");
        assertThat(AsciiTarget.of("/a?q=\u20ac\ud83d\ude00b")).as("three bytes, then four for a pair of surrogates")
                .isEqualTo("/a?q=%E2%82%AC%F0%9F%98%80b");
        assertThat(AsciiTarget.of("/a?q=\u0080\u007f")).as("the first past ASCII and the last in it").isEqualTo("/a?q=%C2%80\u007f");
        assertThat(AsciiTarget.of("/a?q=%C3%A9 stays")).isEqualTo("/a?q=%C3%A9 stays");
        String ascii = "/api/notes?q=plain";
        assertThat(AsciiTarget.of(ascii)).as("nearly every target: the same text, no copy").isSameAs(ascii);
        assertThat(AsciiTarget.of(null)).isNull();
    }
}
