package dev.palisade.engine;

/** The change clashes with what exists (a user name already taken, ...). */
public final class ConflictException extends PalisadeException {
    public ConflictException(String message) { super(message); }
}
