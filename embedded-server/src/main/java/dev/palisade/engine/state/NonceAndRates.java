package dev.palisade.engine.state;

import java.util.List;

/**
 * A cluster's nonce and rate windows decided together, in one round trip to the shared store: a
 * signed call's nonce is recorded and the call counted in its windows, or neither (hot state, STYLE 12).
 */
public interface NonceAndRates {

    /**
     * @param nonce   what happened to the nonce; when not FRESH, nothing was counted
     * @param refused the first exceeded window when the nonce was fresh (the nonce is then not recorded), else null
     */
    record Decided(NonceStore.Outcome nonce, SharedRates.Refused refused) {}

    /**
     * @throws StateUnavailableException when the shared store cannot be reached
     */
    Decided decide(long session, long nonce, long createdSecond, List<SharedRates.Slot> slots, long now);
}
