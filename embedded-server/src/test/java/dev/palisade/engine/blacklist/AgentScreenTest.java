package dev.palisade.engine.blacklist;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick screen in front of the User-Agent patterns must never say "no" where a pattern matches:
 * plain prefixes and words, regular expressions joined, and back-references tried one by one.
 */
class AgentScreenTest {

    private static AgentScreen of(String... patterns) {
        return AgentScreen.of(java.util.Arrays.stream(patterns).map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList());
    }

    @Test
    void plainPrefixesAndWordsMatchRegardlessOfCase() {
        AgentScreen screen = of("^curl/", "python-requests");
        assertThat(screen.mayMatch("curl/8.5")).isTrue();
        assertThat(screen.mayMatch("CURL/8.5")).isTrue();
        assertThat(screen.mayMatch("x curl/8.5")).as("a prefix only at the start").isFalse();
        assertThat(screen.mayMatch("my Python-Requests/2")).isTrue();
        assertThat(screen.mayMatch("Mozilla/5.0 Firefox/140.0")).isFalse();
    }

    @Test
    void prefixesAloneAndWordsAloneAreScreenedToo() {
        assertThat(of("^curl/").mayMatch("curl/8.5")).isTrue();
        assertThat(of("^curl/").mayMatch("Mozilla/5.0")).isFalse();
        assertThat(of("python-requests").mayMatch("x python-requests/2")).isTrue();
        assertThat(of("python-requests").mayMatch("Mozilla/5.0")).isFalse();
    }

    @Test
    void regularExpressionsAreJoinedAndEachStillMatches() {
        AgentScreen screen = of("^bot.[0-9]", "x+y", "^curl/");
        assertThat(screen.mayMatch("bot-7")).isTrue();
        assertThat(screen.mayMatch("a xxy b")).isTrue();
        assertThat(screen.mayMatch("curl/1")).isTrue();
        assertThat(screen.mayMatch("Mozilla/5.0 Firefox/140.0")).isFalse();
        assertThat(of("^bot.[0-9]").mayMatch("Mozilla")).isFalse();
    }

    @Test
    void aBackReferenceIsNeverJoinedWithAnotherPatternsGroups() {
        AgentScreen screen = of("(x)y+", "(ab)\\1");
        assertThat(screen.mayMatch("abab")).as("\\1 is the pattern's own group").isTrue();
        assertThat(of("(ab)\\1").mayMatch("zz")).as("tried one by one: the screen lets all through").isTrue();
    }

    @Test
    void noPatternsMatchNothing() {
        assertThat(AgentScreen.of(List.of()).mayMatch("curl/8")).isFalse();
    }

    @Test
    void aUserAgentScreenedBeforeGetsTheSameAnswerAndTwoSharingARememberedSlotAreToldApart() {
        AgentScreen screen = of("aa");
        assertThat("xAa".hashCode()).as("the same slot").isEqualTo("xBB".hashCode());
        for (int i = 0; i < 3; i++) {
            assertThat(screen.mayMatch("xAa")).isTrue();
            assertThat(screen.mayMatch("xBB")).isFalse();
            assertThat(screen.mayMatch(new String("xAa"))).as("another String with the same text").isTrue();
        }
        String longOne = "Mozilla/5.0 ".repeat(50) + "AA";
        assertThat(longOne.length()).isGreaterThan(AgentScreen.REMEMBERED_LENGTH);
        assertThat(screen.mayMatch(longOne)).as("screened afresh, not remembered").isTrue();
        assertThat(screen.mayMatch(longOne)).isTrue();
    }
}
