package dev.palisade.engine;

/** The root of the engine's exceptions; messages are written for the person who must act on them. */
public class PalisadeException extends RuntimeException {
    public PalisadeException(String message) { super(message); }
    public PalisadeException(String message, Throwable cause) { super(message, cause); }
}
