package dev.palisade.engine.auth;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Users on the real store: names and passwords at their bounds, duplicates, deletion and the password check. */
class UserDirectoryTest extends EngineTestBase {

    private UserDirectory users() { return f.engine.users(); }

    private UserAccount create(String name, int passwordLength) {
        return users().create(name, "p".repeat(passwordLength).toCharArray(), f.clock.millis());
    }

    @Test
    void namesAreUpTo64OfLettersDigitsAndDotUnderscoreAtDash() {
        assertThat(create("a".repeat(64), 8).username()).hasSize(64);
        assertThat(create("ops.team_1@example-2", 8).username()).isEqualTo("ops.team_1@example-2");
        for (String bad : new String[] {"a".repeat(65), "", "two words", "ümlaut", "a/b", null}) {
            assertThatThrownBy(() -> create(bad, 8)).as(String.valueOf(bad)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.errors()).singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("username")));
        }
    }

    @Test
    void passwordsAreEightTo1024Characters() {
        assertThat(create("eight", 8)).isNotNull();
        assertThat(create("longest", 1_024)).isNotNull();
        for (int bad : new int[] {7, 1_025}) {
            assertThatThrownBy(() -> create("u" + bad, bad)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.errors()).singleElement().satisfies(x -> assertThat(x.message()).isEqualTo("must be 8–1024 characters")));
        }
        assertThatThrownBy(() -> users().create("nopassword", null, 0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aNameIsTakenOnceAndDeletedOnce() {
        create("alice", 8);
        assertThatThrownBy(() -> create("alice", 9)).isInstanceOf(ConflictException.class);
        users().delete("alice");
        assertThat(users().exists("alice")).isFalse();
        assertThatThrownBy(() -> users().delete("alice")).isInstanceOf(NotFoundException.class);
        assertThat(create("alice", 10)).as("free again").isNotNull();
        f.restart();
        assertThat(users().authenticate("alice", "p".repeat(10).toCharArray())).isPresent();
    }

    @Test
    void onlyTheRightPasswordOfAKnownUserAuthenticates() {
        create("bob", 8);
        create("alice", 8);
        assertThat(users().authenticate("alice", "pppppppp".toCharArray())).map(UserAccount::username).hasValue("alice");
        assertThat(users().authenticate("alice", "ppppppp".toCharArray())).isEmpty();
        assertThat(users().authenticate("carol", "pppppppp".toCharArray())).isEmpty();
        assertThat(users().authenticate(null, "pppppppp".toCharArray())).isEmpty();
        assertThat(users().list()).extracting(UserAccount::username).containsSubsequence("alice", "bob");
    }
}
