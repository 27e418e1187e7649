package dev.palisade.engine.auth;

/** A user changed: the account the change replaced and the one stored. */
public record UserUpdate(UserAccount before, UserAccount after) {

    /** Whether the change turned the user's disabled flag. */
    public boolean turned(boolean disabled) { return before.disabled() != disabled && after.disabled() == disabled; }
}
