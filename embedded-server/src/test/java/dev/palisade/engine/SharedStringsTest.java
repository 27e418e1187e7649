package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedStringsTest {

    @Test
    void equalStringsBecomeOneCopyAndLongOnesStayAsGiven() {
        String ua = new String("Mozilla/5.0 (SharedStringsTest)");
        assertThat(SharedStrings.share(new String(ua))).isSameAs(SharedStrings.share(ua)).isEqualTo(ua);
        String longest = "y".repeat(SharedStrings.LONGEST);
        assertThat(SharedStrings.share(new String(longest))).isSameAs(SharedStrings.share(longest));
        String huge = "x".repeat(SharedStrings.LONGEST + 1);
        assertThat(SharedStrings.share(huge)).isSameAs(huge);
        assertThat(SharedStrings.share(new String(huge))).isNotSameAs(huge);
        assertThat(SharedStrings.share(null)).isNull();
    }

    @Test
    void whenFullItStartsOverAndStaysBounded() {
        String first = SharedStrings.share(new String("first of many"));
        SharedStrings.share(new String("second of many"));
        assertThat(SharedStrings.share(new String("first of many"))).as("kept while there is room").isSameAs(first);
        for (int i = 0; i <= SharedStrings.CAPACITY; i++) {
            SharedStrings.share("junk " + i);
            assertThat(SharedStrings.size()).isLessThanOrEqualTo(SharedStrings.CAPACITY).isPositive();
        }
        String again = new String("first of many");
        assertThat(SharedStrings.share(again)).as("forgotten when it started over, so shared anew").isSameAs(again).isNotSameAs(first);
    }
}
