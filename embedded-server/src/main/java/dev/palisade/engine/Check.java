package dev.palisade.engine;

/**
 * One protection technique. A check either passes ({@code null}) or denies with a verdict; it may
 * enrich the request (e.g. attach the session) for the checks after it.
 */
public interface Check {

    /** A short stable name, shown to operators as "which check denied". */
    String name();

    /** @return {@code null} to pass, or the denying verdict */
    Verdict evaluate(ProtectedRequest request);

    /**
     * Takes back what this check recorded for a request that a later check refused (the rate windows'
     * counts), so a refused call weighs on no later one. The nonce stays spent: a signature is used once.
     */
    default void undo(ProtectedRequest request) {
        // most checks record nothing
    }
}
