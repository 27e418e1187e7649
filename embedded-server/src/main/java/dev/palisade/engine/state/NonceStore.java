package dev.palisade.engine.state;

/**
 * The port for technique 4's memory of used nonces (hot state, STYLE 12): each (session, nonce) is
 * accepted once while its {@code created} second lies in the skew window. Implementations pass
 * {@code NonceStoreContract}: the embedded one keeps hashes in memory, a shared one may follow.
 */
public interface NonceStore {

    /** What happened to a nonce. */
    enum Outcome {
        /** Recorded now: the first use. */
        FRESH,
        /** Already recorded: a replay. */
        REPLAYED,
        /** The second holds its maximum of nonces (fails closed; nothing live is forgotten). */
        FULL,
        /** This session holds its fair share of the second already; other sessions are unaffected. */
        SESSION_FULL,
        /**
         * Created in a second whose nonces the store let go ({@link #forgetBefore}): it cannot tell a
         * replay from a first use, so the call is refused (the skew window was widened since, or the
         * server's clock was set back).
         */
        FORGOTTEN
    }

    /**
     * Records a nonce for the second it was created in, if it is new and there is room for it and
     * for its session. The caller has checked that {@code createdSecond} lies inside the skew window.
     *
     * @param session a hash of the session (the unit of the fair share)
     * @param nonce   a hash of the session and its nonce
     */
    Outcome record(long session, long nonce, long createdSecond);

    /**
     * Records a nonce spent before a restart, beyond the shares per second and per session (they may
     * have been lowered since): it must not be accepted once more.
     */
    default void restore(long session, long nonce, long createdSecond) {
        record(session, nonce, createdSecond);
    }

    /**
     * Records nonces of calls refused already, all created in {@code createdSecond} ({@code sessions[i]} with
     * {@code nonces[i]}), as {@link #restore} does each; a shared store takes them in one round trip. A second
     * whose nonces the store let go ({@link Outcome#FORGOTTEN}) needs none: its calls are refused anyway.
     */
    default void spend(long createdSecond, long[] sessions, long[] nonces) {
        for (int i = 0; i < nonces.length; i++) restore(sessions[i], nonces[i], createdSecond);
    }

    /** Nonces held for the given second. */
    int size(long createdSecond);

    /**
     * Gives back what is held for every second before {@code second}: signatures created then are
     * refused as stale already. A second that held nonces is {@link Outcome#FORGOTTEN} from then on,
     * never recorded afresh, so widening the skew window later cannot let a replay through. A store
     * whose seconds expire on their own (Redis) needs nothing here.
     */
    default void forgetBefore(long second) {}
}
