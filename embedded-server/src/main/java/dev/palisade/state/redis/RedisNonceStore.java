package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceStore;
import io.lettuce.core.ScriptOutputType;

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

    private static final LuaScript RECORD = new LuaScript("""
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 2 end
            local held = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
            if held >= tonumber(ARGV[4]) then return 3 end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            return 0
            """);
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('SREM', KEYS[1], ARGV[1]) == 1 then
              if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
            end
            return 0
            """);
    private static final Outcome[] OUTCOMES = {Outcome.FRESH, Outcome.REPLAYED, Outcome.FULL, Outcome.SESSION_FULL};

    private final RedisLink link;
    private final IntSupplier perSecond;
    private final IntSupplier perSession;

    RedisNonceStore(RedisLink link, IntSupplier perSecond, IntSupplier perSession) {
        this.link = link;
        this.perSecond = perSecond;
        this.perSession = perSession;
    }

    @Override
    public Outcome record(long session, long nonce, long createdSecond) {
        Long outcome = link.call("record a nonce", redis -> RECORD.run(redis, ScriptOutputType.INTEGER,
                keys(createdSecond), Long.toString(nonce), Long.toString(session),
                Integer.toString(perSecond.getAsInt()), Integer.toString(perSession.getAsInt()),
                Long.toString(KEEP_SECONDS)));
        return OUTCOMES[outcome.intValue()];
    }

    @Override
    public void release(long session, long nonce, long createdSecond) {
        link.call("release a nonce", redis -> RELEASE.run(redis, ScriptOutputType.INTEGER, keys(createdSecond),
                Long.toString(nonce), Long.toString(session)));
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
