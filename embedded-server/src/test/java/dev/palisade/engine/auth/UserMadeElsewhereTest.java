package dev.palisade.engine.auth;

import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.engine.store.UserStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user made through another node of a cluster, before this node heard of it; and a store that cannot say. */
class UserMadeElsewhereTest {

    private static final PasswordHasher HASHER = new PasswordHasher(1_000);

    /** A store holding users in a list; {@code find} as a cluster's store answers it. */
    private static UserStore store(List<UserAccount> users, Function<String, UserAccount> find) {
        return new UserStore() {
            @Override public List<UserAccount> listUsers() { return new ArrayList<>(users); }
            @Override public boolean insertUser(UserAccount user) { return users.add(user); }
            @Override public boolean deleteUser(String username) { return users.removeIf(u -> u.username().equals(username)); }
            @Override public boolean updateUser(UserAccount expected, UserAccount next) { return false; }
            @Override public UserAccount findUser(String username) { return find.apply(username); }
        };
    }

    @Test
    void aUserThisNodeHasNotHeardOfIsReadFromTheStoreToLogInAndToBeShown() {
        List<UserAccount> shared = new ArrayList<>();
        new UserDirectory(store(shared, name -> null), HASHER).create("ivo", "long enough".toCharArray(), 1);
        Function<String, UserAccount> find = name -> shared.stream().filter(u -> u.username().equals(name)).findFirst().orElse(null);

        UserDirectory other = new UserDirectory(store(new ArrayList<>(), find), HASHER);
        assertThat(other.authenticate("ivo", "long enough".toCharArray())).as("made elsewhere a moment ago").isPresent();
        assertThat(other.authenticate("ivo", "wrong guess".toCharArray())).isEmpty();
        assertThat(new UserDirectory(store(new ArrayList<>(), find), HASHER).get("ivo")).as("shown").isNotNull()
                .extracting(UserAccount::username).isEqualTo("ivo");
        assertThat(other.get("nobody")).isNull();
    }

    @Test
    void aStoreThatCannotSayIsAMissForALoginAndAFailureForAnOperator() {
        UserDirectory cut = new UserDirectory(store(new ArrayList<>(), name -> {
            throw new StateUnavailableException("Redis away", null);
        }), HASHER);
        // a login is refused as for an unknown name: the caller learns nothing of the cluster
        assertThat(cut.authenticate("ivo", "long enough".toCharArray())).isEmpty();
        // an operator asking after the user is told to try again, not that there is no such user
        assertThatThrownBy(() -> cut.get("ivo")).isInstanceOf(StateUnavailableException.class);
    }
}
