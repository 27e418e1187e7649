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
    void aNameThatDiffersFromAUsersOnlyByCaseIsTaken() {
        create("alice", 8);
        for (String same : new String[] {"Alice", "ALICE", "alicE"}) {
            // two users an operator reads as one, in the console's lists and the audit trail
            assertThatThrownBy(() -> create(same, 8)).as(same).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("alice").hasMessageContaining("case");
        }
        assertThat(create("alice2", 8)).isNotNull();
        assertThat(users().list()).extracting(UserAccount::username).containsExactlyInAnyOrder("alice", "alice2");
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
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertThatThrownBy(() -> users().create("four", emoji.repeat(4).toCharArray(), 0)).as("four characters")
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> users().update("eight", emoji.repeat(4).toCharArray(), null)).isInstanceOf(InvalidInputException.class);
        assertThat(users().create("emoji", emoji.repeat(8).toCharArray(), 0)).isNotNull();
        assertThat(users().update("emoji", emoji.repeat(1_024).toCharArray(), null)).as("1024 characters, 2048 units").isNotNull();
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

    /**
     * The engine's store as a cluster node sees it: a user another node stored is found in it, and
     * {@code beforeUpdate} runs before each update of a user reaches it.
     */
    private void onAClusterStore(java.util.function.Consumer<dev.palisade.engine.store.Store> beforeUpdate) {
        f.close();
        f = new dev.palisade.engine.EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findUser")) {
                        return store.listUsers().stream().filter(u -> u.username().equals(args[0])).findFirst().orElse(null);
                    }
                    if (method.getName().equals("updateUser")) beforeUpdate.accept(store);
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    private static void flipDisabled(dev.palisade.engine.store.Store store) {
        UserAccount stored = store.listUsers().stream().filter(u -> u.username().equals("alice")).findFirst().orElseThrow();
        assertThat(store.updateUser(stored, new UserAccount("alice", stored.passwordHash(), stored.createdAt(), !stored.disabled())))
                .isTrue();
    }

    @Test
    void aChangeMadeOnAnotherNodeMeanwhileIsKeptUnderThisOne() {
        onAClusterStore(store -> {});
        create("alice", 8);
        flipDisabled(f.store); // another node disables her; this node has not heard of it yet
        assertThat(users().get("alice").disabled()).isFalse();

        UserUpdate update = users().update("alice", "q".repeat(8).toCharArray(), null);
        UserAccount changed = update.after();
        assertThat(changed.disabled()).as("the other node's disable stays").isTrue();
        assertThat(update.before().disabled()).as("what the change replaced is the stored user, disabled").isTrue();
        assertThat(users().get("alice")).isEqualTo(changed);
        f.restart();
        assertThat(users().get("alice")).as("and the new password is stored with it").isEqualTo(changed);

        UserAccount enabled = users().update("alice", null, false).after();
        assertThat(enabled).isEqualTo(new UserAccount("alice", changed.passwordHash(), changed.createdAt(), false));
        for (int bad : new int[] {7, 1_025}) {
            assertThatThrownBy(() -> users().update("alice", "q".repeat(bad).toCharArray(), true))
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThat(users().get("alice")).as("a refused change changes nothing").isEqualTo(enabled);
        assertThat(users().update("alice", "q".repeat(1_024).toCharArray(), null).after().passwordHash()).isNotEqualTo(enabled.passwordHash());
        assertThatThrownBy(() -> users().update("nobody", null, true)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aUserChangedElsewhereAtEveryTryIsAConflictAfterFiveTries() {
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        onAClusterStore(store -> { // another node changes her just before each try
            tries.incrementAndGet();
            flipDisabled(store);
        });
        create("alice", 8);
        String before = users().get("alice").passwordHash();
        assertThatThrownBy(() -> users().update("alice", "q".repeat(8).toCharArray(), null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("kept changing");
        assertThat(tries).hasValue(5);
        assertThat(f.store.listUsers()).singleElement().satisfies(u -> assertThat(u.passwordHash())
                .as("the password was never written").isEqualTo(before));
    }

    @Test
    void aNameIsToldWhatIsWrongWithIt() {
        assertThat(UserDirectory.nameProblem("alice.b@x-y_z")).isNull();
        assertThat(UserDirectory.nameProblem(".a.")).isNull();
        assertThat(UserDirectory.nameProblem("a b")).contains("letters, digits");
        assertThat(UserDirectory.nameProblem("")).contains("letters, digits");
        assertThat(UserDirectory.nameProblem(null)).contains("letters, digits");
        assertThat(UserDirectory.nameProblem("..")).contains("dots");
        assertThat(UserDirectory.nameProblem(".")).contains("dots");
    }
}
