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
     * Takes back what this check recorded for a request that a later check refused (e.g. the nonce),
     * so the decision and its record are one: a refused call leaves nothing behind.
     */
    default void undo(ProtectedRequest request) {
        // most checks record nothing
    }
}
