package dev.palisade.engine.state;

import java.util.List;

/**
 * A cluster's nonce and rate windows decided together, in one round trip to the shared store: a
 * signed call's nonce is recorded and the call counted in its windows, or neither (hot state, STYLE 12).
 */
public interface NonceAndRates {

    /**
     * @param nonce     what happened to the nonce; when not FRESH, nothing was counted
     * @param refused   the first exceeded window when the nonce was fresh (the nonce is then not recorded), else null
     * @param revokedAt when the shared store holds the session as revoked (by any node): then nothing was
     *                  recorded or counted and {@code nonce} is null; else 0
     */
    record Decided(NonceStore.Outcome nonce, SharedRates.Refused refused, long revokedAt) {

        public Decided(NonceStore.Outcome nonce, SharedRates.Refused refused) {
            this(nonce, refused, 0);
        }

        public static Decided revoked(long at) {
            return new Decided(null, null, at);
        }
    }

    /**
     * @param sessionId the call's session, refused when the shared store holds it as revoked; empty for none
     * @throws StateUnavailableException when the shared store cannot be reached
     */
    Decided decide(String sessionId, long session, long nonce, long createdSecond, List<SharedRates.Slot> slots, long now);
}
