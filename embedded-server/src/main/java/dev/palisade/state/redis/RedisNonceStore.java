package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceStore;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The cluster's {@link NonceStore}: one Redis set of nonce hashes per second of {@code created} time,
 * with a hash of counts per session beside it, changed only by scripts, so "is it new, is there room,
 * record it" is one atomic step for every node: a nonce recorded on one node is a replay on all.
 * Each second's keys expire {@link #KEEP_SECONDS} after its last nonce, counted by Redis: a second is
 * written only while it lies in some node's skew window (±300 s at most), so it lapses after the window
 * has passed, whatever Redis's clock says; the nodes' clocks must agree within the 20 s between the widest
 * window (600 s) and the 620 s kept (NTP).
 */
final class RedisNonceStore implements NonceStore {

    /** Seconds a second's nonces are kept after its last one: longer than the widest skew window (600 s). */
    static final long KEEP_SECONDS = 620;

    private final RedisLink link;
    /** Recording is the signed call's script with no window to count: one place for the nonce's rules. */
    private final RedisNonceAndRates recorder;

    RedisNonceStore(RedisLink link, NonceEpoch epoch, RedisClock clock, IntSupplier perSecond, IntSupplier perSession) {
        this.link = link;
        this.recorder = new RedisNonceAndRates(link, epoch, clock, perSecond, perSession);
    }

    @Override
    public Outcome record(long session, long nonce, long createdSecond) {
        // no session named: a nonce spent for a call refused already, or a signed logout's (its session check follows)
        return recorder.decide("", session, nonce, createdSecond, List.of(), 0).nonce();
    }

    @Override
    public void spend(long createdSecond, long[] sessions, long[] nonces) {
        recorder.spend(createdSecond, sessions, nonces);
    }

    @Override
    public void forgetBefore(long second) {
        recorder.forgetBefore(second); // the nonces this node kept ahead of its clock (Redis's seconds expire on their own)
    }

    @Override
    public int size(long createdSecond) {
        return link.call("count nonces", redis -> redis.scard(keys(createdSecond)[0])).intValue();
    }

    /** The second's set and its session counts; one hash tag, so both live on one Redis Cluster slot. */
    private String[] keys(long second) {
        return keys(link, second);
    }

    static String[] keys(RedisLink link, long second) {
        String set = link.key("nonce:{" + second + "}");
        return new String[] {set, set + ":sessions"};
    }
}
