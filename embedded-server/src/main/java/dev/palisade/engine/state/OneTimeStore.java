package dev.palisade.engine.state;

/**
 * The port for single-use values with a lifetime and an attachment (hot state, STYLE 12): page nonces
 * and bootstrap tickets. A value is minted for an owner (the client's address), then taken at most
 * once. Bounded: when full of live values, minting is refused rather than evicting them, and no one
 * owner may hold more than its share. Implementations pass {@code OneTimeStoreContract}.
 */
public interface OneTimeStore<A> {

    /** What was minted: when, for whom, and what it was tied to. */
    record Minted<A>(long issuedAt, String owner, A attachment) {}

    /** Why a value could not be minted. */
    enum Refusal {
        /** The store holds its maximum of live values. */
        FULL,
        /** This owner holds its share already; others may still mint. */
        OWNER_FULL
    }

    /** A refused mint. */
    final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() { return refusal; }
    }

    /**
     * @param lifetimeMillis how long the value lives: each its own (a page's window grows with its price)
     * @return a new random value (base64url)
     * @throws RefusedException when the store or the owner's share is full of live values
     */
    String mint(String owner, long now, long lifetimeMillis, A attachment);

    /** Removes the value whatever its age, so it can never be taken twice; null if unknown. */
    Minted<A> take(String value);

    /** The value's record without taking it; null if unknown. */
    Minted<A> peek(String value);

    /** Drops the values whose lifetime ended before {@code now}. */
    void sweep(long now);

    int size();
}
