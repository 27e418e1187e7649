package dev.palisade.engine.store;

/**
 * Whether a call may ask the store for a credential's id this node has not heard of (an API key, a debug token): one
 * made through another node a moment ago, or a forgery. A node alone made every one it holds, so it never asks; a
 * cluster's node asks at most once each {@link #EVERY_NANOS} for all such ids together, so forged ids cost the store no
 * more than that (audit path57 L2: each read the store before the secret was compared). A credential made elsewhere is
 * known here once the change feed brings it, tens of milliseconds later; until then a call with it may be refused.
 */
public final class UnknownIdLookups {

    public static final long EVERY_NANOS = 100_000_000L;

    private final boolean shared;
    private final dev.palisade.engine.OncePer turns = new dev.palisade.engine.OncePer(java.time.Duration.ofNanos(EVERY_NANOS));

    /** @param shared whether other nodes make credentials in the store too (a cluster) */
    public UnknownIdLookups(boolean shared) {
        this.shared = shared;
    }

    /** Whether this call may ask the store now; the one that may takes the turn. */
    public boolean mayAsk() {
        return shared && turns.take();
    }
}
