package dev.palisade.state.redis;

import dev.palisade.engine.state.DenialCounts;
import io.lettuce.core.ScriptOutputType;

/**
 * The auto-block's counts for a cluster: per address its window's start and count, changed by one
 * script per refusal, expiring with the window.
 */
final class RedisDenialCounts implements DenialCounts {

    /** KEYS: the address's count; ARGV: now, window. */
    private static final LuaScript COUNT = new LuaScript("""
            local now = tonumber(ARGV[1])
            local w = tonumber(ARGV[2])
            local start = tonumber(redis.call('HGET', KEYS[1], 's') or '-1')
            if start < 0 or now - start >= w then
              redis.call('DEL', KEYS[1]) -- a new window: its block not claimed yet
              redis.call('HSET', KEYS[1], 's', ARGV[1], 'n', 1)
              redis.call('PEXPIRE', KEYS[1], w)
              return 1
            end
            return redis.call('HINCRBY', KEYS[1], 'n', 1)
            """);

    /** KEYS: the address's count. 1 for the first claim of its window; a window that ended has no key, and gets none. */
    private static final LuaScript CLAIM = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 1 end
            return redis.call('HSETNX', KEYS[1], 'b', 1)
            """);

    private final RedisLink link;
    private final RedisClock clock;

    RedisDenialCounts(RedisLink link, RedisClock clock) {
        this.link = link;
        this.clock = clock;
    }

    @Override
    public long count(String address, long localNow, long windowMillis) {
        long now = clock.shared(localNow); // one window for the address on every node
        return link.call("count a refusal", r -> COUNT.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {link.key("denials:" + address)}, Long.toString(now), Long.toString(windowMillis)));
    }

    @Override
    public boolean claimBlock(String address) {
        return link.call("claim an auto-block", r -> CLAIM.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {link.key("denials:" + address)})) == 1;
    }

    @Override
    public void releaseBlock(String address) {
        link.call("give back an auto-block's claim", r -> r.hdel(link.key("denials:" + address), "b"));
    }
}
