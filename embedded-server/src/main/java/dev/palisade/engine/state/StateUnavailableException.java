package dev.palisade.engine.state;

/**
 * A shared store of hot state could not be reached (the cluster's Redis is down, or slower than its
 * timeout). The checks that depend on it fail closed with {@code state_unavailable}: a nonce that
 * cannot be recorded could be replayed on another node.
 */
public final class StateUnavailableException extends RuntimeException {

    /** @param message what could not be done, without any key or value */
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
