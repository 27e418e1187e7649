package dev.palisade.engine.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = hasher.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
        assertThat(hasher.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.matches("correct hors".toCharArray(), hash)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void theWorkFactorTravelsWithTheHash() {
        String strong = new PasswordHasher(2_000).hash("pw-123456".toCharArray());
        assertThat(hasher.matches("pw-123456".toCharArray(), strong)).isTrue();
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$a$b", "pbkdf2-sha256$1000$%%%$abc"}) {
            assertThat(hasher.matches("x".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void refusesAWorkFactorTooLowToMatter() {
        assertThatThrownBy(() -> new PasswordHasher(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
