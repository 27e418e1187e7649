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

    /**
     * A paced call: refused (the last such call's time) when a field of ARGV[5..] is at or after
     * ARGV[2], else marked as ARGV[1] at ARGV[3] (-1); in one step, so calls at once on any nodes
     * cannot all pass.
     */
    private static final LuaScript PACE = new LuaScript("""
            local last = -1
            for i = 5, #ARGV do
              local at = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '-1') or -1
              if at >= tonumber(ARGV[2]) and at > last then last = at end
            end
            if last >= 0 then return last end
            local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1') or -1
            if tonumber(ARGV[3]) > mine then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return -1
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
    public long pace(String sessionId, String method, String pattern, java.util.List<String> pacedMethods, long since, long at) {
        String[] keys = {link.key("calls:" + sessionId)};
        String[] args = new String[4 + pacedMethods.size()];
        args[0] = method + " " + pattern;
        args[1] = Long.toString(since);
        args[2] = Long.toString(at);
        args[3] = Long.toString(KEEP_MILLIS);
        for (int i = 0; i < pacedMethods.size(); i++) args[4 + i] = pacedMethods.get(i) + " " + pattern;
        Long last = link.call("pace a call for the sequence rules", r -> PACE.<Long>run(r, ScriptOutputType.INTEGER, keys, args));
        return last == null ? -1 : last;
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
