package dev.palisade.engine.store;

import dev.palisade.engine.auth.UserAccount;

import java.util.List;

public interface UserStore {
    List<UserAccount> listUsers();

    /**
     * @return false if the user name is taken, also by a name that differs from it only by case (names are ASCII):
     *         two nodes of a cluster told {@code Alice} and {@code alice} at once must not make both
     */
    boolean insertUser(UserAccount user);

    /** @return false if there was no such user */
    boolean deleteUser(String username);

    /**
     * Replaces the user's password hash and disabled flag with {@code next}'s, only while the stored
     * ones are still {@code expected}'s: on a cluster another node may have changed them since this
     * node read them, and writing over that change would undo it (a disable, a new password).
     *
     * @return false if there is no such user, or its stored fields are no longer {@code expected}'s
     */
    boolean updateUser(UserAccount expected, UserAccount next);

    /** The user as another node of a cluster stored it, for a node that does not know it yet; null if none (or alone). */
    default UserAccount findUser(String username) {
        return null;
    }
}
