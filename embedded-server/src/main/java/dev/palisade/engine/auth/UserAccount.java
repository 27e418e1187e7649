package dev.palisade.engine.auth;

/** A user who may log in; the password exists only as a KDF hash. */
public record UserAccount(String username, String passwordHash, long createdAt, boolean disabled) {

    /** An account as created: enabled. */
    public UserAccount(String username, String passwordHash, long createdAt) {
        this(username, passwordHash, createdAt, false);
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + "]";
    }
}
