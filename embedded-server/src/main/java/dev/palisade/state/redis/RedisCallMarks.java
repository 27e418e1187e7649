package dev.palisade.state.redis;

import dev.palisade.engine.state.CallMarks;
import io.lettuce.core.ScriptOutputType;

/**
 * The sequence rules' calls in Redis: a hash per session ({@code palisade:calls:<session>}), a field per
 * kind of call ({@code GET /api/cart}) holding when it was last allowed on any node, kept a day.
 */
final class RedisCallMarks implements CallMarks {


    /** The later of two marks wins: nodes' calls may arrive out of order. */
    private static final LuaScript MARK = new LuaScript("""
            local last = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
            if tonumber(ARGV[2]) > last then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """);

    private final RedisLink link;

    RedisCallMarks(RedisLink link) {
        this.link = link;
    }

    @Override
    public void mark(String sessionId, String method, String pattern, long at) {
        String[] keys = {link.key("calls:" + sessionId)};
        link.call("mark a call for the sequence rules", r -> MARK.<Long>run(r, ScriptOutputType.INTEGER, keys,
                method + " " + pattern, Long.toString(at), Long.toString(KEEP_MILLIS)));
    }

    @Override
    public long last(String sessionId, String method, String pattern) {
        String at = link.call("read a session's calls", r -> r.hget(link.key("calls:" + sessionId), method + " " + pattern));
        if (at == null) return -1;
        try {
            return Long.parseLong(at);
        } catch (NumberFormatException e) {
            return -1; // not written by Palisade: as if never
        }
    }
}
