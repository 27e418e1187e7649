package dev.palisade.engine.signature;

import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.SpentNonce;
import dev.palisade.engine.store.SpentNonceStore;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single node's nonce store that outlives a restart where it must. Nonces live in memory, so a start
 * refuses every signature created before it (FreshnessCheck); one created ahead of the clock (a client
 * whose clock runs fast, inside the skew window) is after the next start, and used before it would be
 * accepted again there. Those created {@value #AHEAD_SECONDS} s or more ahead are noted as they are
 * spent, written with each maintenance run and at a clean stop, and spent again at the next start. A
 * second ahead is not: palisade.js learns the server's clock in whole seconds, so a browser whose clock
 * leads by a fraction signs many calls a second ahead. Of those, and of the rest, only the newest second
 * is written ({@link #signedThrough()}), and the next start refuses it and those before it: a start
 * quicker than two seconds, or a clock set back, then accepts none of them again (audit 61, L4). Spent
 * between the last run and a crash, one may still be made twice: the few seconds a crash loses.
 */
public final class NoncesAhead implements NonceStore {

    static final int AHEAD_SECONDS = 2;

    private final NonceStore memory;
    private final Clock clock;
    private final dev.palisade.engine.state.UnwrittenNonces unwritten = new dev.palisade.engine.state.UnwrittenNonces();
    /** The newest second a nonce not written one by one was created in: read on each call, raised once a second. */
    private final AtomicLong signedThrough = new AtomicLong(Long.MIN_VALUE);
    private long signedThroughWritten = Long.MIN_VALUE;

    public NoncesAhead(NonceStore memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public Outcome record(long session, long nonce, long createdSecond) {
        Outcome outcome = memory.record(session, nonce, createdSecond);
        if (outcome != Outcome.FRESH) return outcome;
        if (createdSecond >= Math.floorDiv(clock.millis(), 1000) + AHEAD_SECONDS) {
            unwritten.add(new SpentNonce(createdSecond, session, nonce));
        } else if (createdSecond > signedThrough.get()) {
            signedThrough.accumulateAndGet(createdSecond, Math::max);
        }
        return outcome;
    }

    @Override
    public int size(long createdSecond) { return memory.size(createdSecond); }

    @Override
    public void forgetBefore(long second) { memory.forgetBefore(second); }

    /** Spends again what the last run wrote, at a start, whatever the shares per second are now. */
    public void restore(List<SpentNonce> spent) {
        for (SpentNonce n : spent) memory.restore(n.session(), n.nonce(), n.createdSecond());
    }

    /**
     * Writes what was spent since the last run, but for what was created before {@code deadBefore}
     * (refused as stale by now: a store that refused for a while does not make it grow); given back
     * when the store refuses.
     */
    public void write(SpentNonceStore store, long deadBefore) {
        // the newest second first: a store refusing the nonces (a full disk) must not keep the next start's floor low too
        long newest = signedThrough.get();
        if (newest != signedThroughWritten) {
            store.saveSignedThrough(newest);
            signedThroughWritten = newest;
        }
        unwritten.write(store, deadBefore);
    }

    /** The newest second a signature was created in whose nonce is not written one by one, as spent so far. */
    public long signedThrough() { return signedThrough.get(); }
}
