package dev.palisade.engine.store;

import dev.palisade.engine.auth.UserAccount;

import java.util.List;

public interface UserStore {
    List<UserAccount> listUsers();

    /** @return false if the user name is taken */
    boolean insertUser(UserAccount user);

    /** @return false if there was no such user */
    boolean deleteUser(String username);

    /** Replaces the user's password hash and disabled flag; @return false if there is no such user */
    boolean updateUser(UserAccount user);

    /** The user as another node of a cluster stored it, for a node that does not know it yet; null if none (or alone). */
    default UserAccount findUser(String username) {
        return null;
    }
}
