package dev.palisade.engine;

/**
 * The engine's port for metrics: what it counts as it happens, for an adapter to expose (the
 * Prometheus one lives in {@code dev.palisade.metrics}). Figures the engine already keeps (sessions,
 * the nonce stores, the event queue) are read by the adapter when it is scraped, not reported here.
 * {@link #NONE} counts nothing.
 */
public interface Meter {

    Meter NONE = new Meter() {};

    /**
     * A verdict of the pipeline ({@link Engine#protect}). Called on the request path for every call:
     * an implementation allocates nothing and never waits.
     */
    default void decision(Verdict verdict) {
        // counts nothing
    }

    /**
     * A password login ended: {@link Reason#ALLOWED} or the refusal's reason ({@link Reason#INTERNAL_ERROR}
     * when it failed unexpectedly), after {@code nanos} of wall time, password hashing included.
     */
    default void login(Reason outcome, long nanos) {
        // counts nothing
    }

    /**
     * A bootstrap (a page nonce redeemed for a ticket) ended: {@link Reason#ALLOWED} or the refusal's reason
     * (the ladder's L4 and L5 refusals: {@code work_required}, {@code challenge_failed}, {@code automation_suspected}, …).
     */
    default void bootstrap(Reason outcome) {
        // counts nothing
    }

    /** The protected upstream failed a call Palisade had allowed: {@code upstream_unavailable} or {@code upstream_timeout}. */
    default void upstreamFailure(Reason reason) {
        // counts nothing
    }

    /**
     * The protected upstream's verifying middleware refused a forwarded call ({@code upstream_signature}, its 401), for
     * {@code fault}: {@code signature}, {@code expired}, {@code nonce}, {@code body} or {@code other}.
     */
    default void upstreamRefused(String fault) {
        // counts nothing
    }
}
