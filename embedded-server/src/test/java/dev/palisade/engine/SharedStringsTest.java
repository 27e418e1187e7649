package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedStringsTest {

    @Test
    void equalStringsBecomeOneCopyAndLongOnesStayAsGiven() {
        String ua = new String("Mozilla/5.0 (SharedStringsTest)");
        assertThat(SharedStrings.share(new String(ua))).isSameAs(SharedStrings.share(ua)).isEqualTo(ua);
        String huge = "x".repeat(SharedStrings.LONGEST + 1);
        assertThat(SharedStrings.share(huge)).isSameAs(huge);
        assertThat(SharedStrings.share(new String(huge))).isNotSameAs(huge);
        assertThat(SharedStrings.share(null)).isNull();
    }

    @Test
    void whenFullItStartsOverAndStaysBounded() {
        String first = SharedStrings.share(new String("first of many"));
        for (int i = 0; i <= SharedStrings.CAPACITY; i++) SharedStrings.share("junk " + i);
        String again = new String("first of many");
        assertThat(SharedStrings.share(again)).as("forgotten when it started over, so shared anew").isSameAs(again).isNotSameAs(first);
    }
}
