package dev.palisade.engine;

/** The named thing (session, user, key) does not exist. */
public final class NotFoundException extends PalisadeException {
    public NotFoundException(String message) { super(message); }
}
