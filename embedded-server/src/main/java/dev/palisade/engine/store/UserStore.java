package dev.palisade.engine.store;

import dev.palisade.engine.auth.UserAccount;

import java.util.List;

public interface UserStore {
    List<UserAccount> listUsers();

    /** @return false if the user name is taken */
    boolean insertUser(UserAccount user);

    /** @return false if there was no such user */
    boolean deleteUser(String username);
}
