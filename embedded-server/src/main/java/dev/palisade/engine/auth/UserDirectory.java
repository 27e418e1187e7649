package dev.palisade.engine.auth;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.store.Reloaded;
import dev.palisade.engine.store.UserStore;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The users who may log in. Held in memory (written through to the store), so a login reads no
 * database; passwords are checked with the KDF, and unknown names cost the same as known ones.
 */
public final class UserDirectory {

    public static final int MAX_NAME = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_NAME + "}");
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1_024;

    /** Whether a password of this many characters is taken: counted as a person counts them, an emoji as one. */
    public static boolean fitsPassword(int characters) {
        return characters >= MIN_PASSWORD && characters <= MAX_PASSWORD;
    }
    /** Tries of a change while other nodes change the same user: each lost try means another node wrote. */
    private static final int UPDATE_ATTEMPTS = 5;

    private final UserStore store;
    private final PasswordHasher hasher;
    private final ConcurrentHashMap<String, UserAccount> users = new ConcurrentHashMap<>();

    public UserDirectory(UserStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
        for (UserAccount u : store.listUsers()) users.put(u.username(), u);
    }

    /** Reads the users again: another node of the cluster changed them. */
    public synchronized void reload() {
        Reloaded.refill(users, store.listUsers(), UserAccount::username);
    }

    /** What is wrong with a new user's name, or null: the one rule for the admin API and a configuration file. */
    public static String nameProblem(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            return "1–" + MAX_NAME + " characters: letters, digits, . _ @ -";
        }
        // a URL's path cannot name such a user (/admin/users/.. is /admin/), so it could never be changed or deleted
        if (username.chars().allMatch(c -> c == '.')) return "must not be dots alone";
        return null;
    }

    /**
     * @throws InvalidInputException for a bad name or too short/long password
     * @throws ConflictException     if the name is taken
     */
    public UserAccount create(String username, char[] password, long now) {
        String problem = nameProblem(username);
        if (problem != null) throw InvalidInputException.of("username", problem);
        if (password == null || !fitsPassword(Character.codePointCount(password, 0, password.length))) {
            throw InvalidInputException.of("password", "must be " + MIN_PASSWORD + "–" + MAX_PASSWORD + " characters");
        }
        if (users.containsKey(username)) throw new ConflictException("user " + username + " already exists");
        String taken = takenByCase(username);
        if (taken != null) throw new ConflictException("user " + taken + " already exists (names that differ only by case are one)");
        UserAccount account = new UserAccount(username, hasher.hash(password), now);
        synchronized (this) {
            // the store refuses the name by case too: another node of a cluster may have just made it
            if (!store.insertUser(account)) {
                throw new ConflictException("user " + username + ", or one whose name differs only by case, already exists");
            }
            users.put(username, account);
        }
        return account;
    }

    /** @throws NotFoundException if there is no such user */
    public synchronized void delete(String username) {
        if (!store.deleteUser(username)) throw new NotFoundException("no user " + username);
        users.remove(username);
    }

    /** @return the account if the password matches; takes the KDF's time whether or not the user exists */
    public Optional<UserAccount> authenticate(String username, char[] password) {
        UserAccount account = username == null ? null : users.get(username);
        if (account == null && username != null) {
            account = Reloaded.madeElsewhereIfAnswered(users, username, store::findUser);
        }
        if (account == null) {
            hasher.burn(password);
            return Optional.empty();
        }
        return hasher.matches(password, account.passwordHash()) ? Optional.of(account) : Optional.empty();
    }

    public boolean exists(String username) { return users.containsKey(username); }

    /**
     * The user whose name differs from {@code username} only by case, or null (also when that very name exists):
     * two such names an operator reads as one, in the console's lists and the audit trail, so no second is made.
     */
    public String takenByCase(String username) {
        if (users.containsKey(username)) return null;
        for (String existing : users.keySet()) {
            if (existing.equalsIgnoreCase(username)) return existing;
        }
        return null;
    }

    /**
     * Why a login whose password was just checked against {@code checkedHash} may no longer stand, or null when it
     * may: the user as stored (on a cluster, as any node left it) is read after the login saved its session, so a
     * disable, delete or new password that looked for the user's sessions before that one existed is not missed. A
     * new password set while the old one was being checked (the KDF takes a while, and may wait its turn), or on
     * another node before this one heard of it, refuses the login made with the old one.
     */
    public dev.palisade.engine.Reason refusesLogin(String username, String checkedHash) {
        UserAccount stored = store.findUser(username);
        UserAccount account = stored != null ? stored : users.get(username);
        if (account == null) return dev.palisade.engine.Reason.INVALID_CREDENTIALS;
        if (account.disabled()) return dev.palisade.engine.Reason.USER_DISABLED;
        return account.passwordHash().equals(checkedHash) ? null : dev.palisade.engine.Reason.INVALID_CREDENTIALS;
    }

    /** A user another node of the cluster created a moment ago, before this node heard of it; null if none. */
    private UserAccount madeElsewhere(String username) {
        return Reloaded.madeElsewhere(users, username, store::findUser);
    }

    /**
     * The account, or null. A user another node of the cluster created a moment ago, before this node
     * heard of it, is read from the store (an operator shown the new user on one node asks another).
     */
    public UserAccount get(String username) {
        if (username == null) return null;
        UserAccount account = users.get(username);
        return account != null ? account : madeElsewhere(username);
    }

    /**
     * Sets a new password and/or the disabled flag (null: unchanged). The store takes the change only
     * while it holds what this node holds; when another node of a cluster changed the user meanwhile,
     * the change is made again on top of the stored user, so neither undoes the other.
     *
     * @throws NotFoundException     if there is no such user
     * @throws InvalidInputException for a password of the wrong length
     * @return the account replaced and the one stored
     * @throws ConflictException     if the user kept changing elsewhere while this change was tried
     */
    public synchronized UserUpdate update(String username, char[] password, Boolean disabled) {
        if (get(username) == null) throw new NotFoundException("no user " + username);
        if (password != null && !fitsPassword(Character.codePointCount(password, 0, password.length))) {
            throw InvalidInputException.of("password", "must be " + MIN_PASSWORD + "–" + MAX_PASSWORD + " characters");
        }
        String passwordHash = password == null ? null : hasher.hash(password);
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            UserAccount current = users.get(username);
            if (current == null) throw new NotFoundException("no user " + username);
            UserAccount next = new UserAccount(username, passwordHash == null ? current.passwordHash() : passwordHash,
                    current.createdAt(), disabled == null ? current.disabled() : disabled);
            if (store.updateUser(current, next)) {
                users.put(username, next);
                return new UserUpdate(current, next);
            }
            UserAccount stored = store.findUser(username); // changed by another node, or gone
            if (stored == null) {
                users.remove(username);
                throw new NotFoundException("no user " + username);
            }
            users.put(username, stored);
        }
        throw new ConflictException("user " + username + " kept changing on other nodes; try again");
    }

    public List<UserAccount> list() {
        return users.values().stream().sorted(Comparator.comparing(UserAccount::username)).toList();
    }
}
