package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceAndRates;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.SharedRates;
import io.lettuce.core.ScriptOutputType;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * A signed call's nonce and its rate windows in one script, so a cluster node pays one round trip to
 * Redis for an allowed call: a replay (or a full second) counts nothing; a fresh nonce with an exceeded
 * window records neither; otherwise the nonce is recorded and the call counted in every window. The
 * same keys as {@link RedisNonceStore} (which records through this script, with no window) and
 * {@link RedisRates}.
 */
final class RedisNonceAndRates implements NonceAndRates {

    /** KEYS: nonce set, session counts, then per slot 3 (RedisRates); ARGV: nonce, session, perSecond, perSession, keep, then RedisRates'. */
    private static final LuaScript DECIDE = new LuaScript("""
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return {1} end
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {2} end
            local held = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
            if held >= tonumber(ARGV[4]) then return {3} end
            local now = tonumber(ARGV[6])
            local n = (#KEYS - 2) / 3
            for i = 1, n do
              local limit = tonumber(ARGV[5 + 2 * i])
              local w = tonumber(ARGV[6 + 2 * i])
              local cur = tonumber(redis.call('GET', KEYS[3 * i]) or '0')
              local prev = tonumber(redis.call('GET', KEYS[3 * i + 1]) or '0')
              local rate = prev * (1 - (now % w) / w) + cur + 1
              if rate > limit then
                local first = redis.call('SET', KEYS[3 * i + 2], '1', 'NX', 'PX', w) and 1 or 0
                return {0, i, tostring(rate), first}
              end
            end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            for i = 1, n do
              local w = tonumber(ARGV[6 + 2 * i])
              redis.call('INCR', KEYS[3 * i])
              redis.call('PEXPIRE', KEYS[3 * i], 2 * w + 1000)
            end
            return {0}
            """);
    private static final NonceStore.Outcome[] OUTCOMES = {NonceStore.Outcome.FRESH, NonceStore.Outcome.REPLAYED,
            NonceStore.Outcome.FULL, NonceStore.Outcome.SESSION_FULL};

    private final RedisLink link;
    private final IntSupplier perSecond;
    private final IntSupplier perSession;

    RedisNonceAndRates(RedisLink link, IntSupplier perSecond, IntSupplier perSession) {
        this.link = link;
        this.perSecond = perSecond;
        this.perSession = perSession;
    }

    @Override
    public Decided decide(long session, long nonce, long createdSecond, List<SharedRates.Slot> slots, long now) {
        String[] nonceKeys = RedisNonceStore.keys(link, createdSecond);
        String[] rateKeys = RedisRates.keys(link, slots, now);
        String[] keys = new String[2 + rateKeys.length];
        keys[0] = nonceKeys[0];
        keys[1] = nonceKeys[1];
        System.arraycopy(rateKeys, 0, keys, 2, rateKeys.length);
        String[] args = RedisRates.args(slots, now, 5);
        args[0] = Long.toString(nonce);
        args[1] = Long.toString(session);
        args[2] = Integer.toString(perSecond.getAsInt());
        args[3] = Integer.toString(perSession.getAsInt());
        args[4] = Long.toString(RedisNonceStore.KEEP_SECONDS);
        List<Object> reply = link.call("record a nonce and count the call",
                r -> DECIDE.<List<Object>>run(r, ScriptOutputType.MULTI, keys, args));
        NonceStore.Outcome outcome = OUTCOMES[((Long) reply.get(0)).intValue()];
        return new Decided(outcome, RedisRates.refused(reply, 1, slots, now));
    }
}
