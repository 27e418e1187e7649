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
     * A paced call, its kinds in one step: ARGV[1] the time, ARGV[2] how long to keep, ARGV[3] the
     * number of kinds, then per kind its field to mark, its bound, the number of fields that refuse and
     * those fields. Answers {0} when it marked every kind, else {index (from 1), last call's time}.
     */
    private static final LuaScript PACE = new LuaScript("""
            local kinds = tonumber(ARGV[3])
            local at = 4
            local marks = {}
            for k = 1, kinds do
              local mark, since, n = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
              local last = -1
              for i = 1, n do
                local was = tonumber(redis.call('HGET', KEYS[1], ARGV[at + 2 + i]) or '-1') or -1
                if was >= since and was > last then last = was end
              end
              if last >= 0 then return {k, last} end
              marks[#marks + 1] = mark
              at = at + 3 + n
            end
            for _, mark in ipairs(marks) do
              local mine = tonumber(redis.call('HGET', KEYS[1], mark) or '-1') or -1
              if tonumber(ARGV[1]) > mine then redis.call('HSET', KEYS[1], mark, ARGV[1]) end
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {0}
            """);

    private final RedisLink link;
    /** The marks are on the cluster's clock: a pacing rule holds across nodes whose clocks disagree. */
    private final RedisClock clock;

    RedisCallMarks(RedisLink link, RedisClock clock) {
        this.link = link;
        this.clock = clock;
    }

    @Override
    public void mark(String sessionId, String method, String pattern, long at) {
        String[] keys = {link.key("calls:" + sessionId)};
        link.call("mark a call for the sequence rules", r -> MARK.<Long>run(r, ScriptOutputType.INTEGER, keys,
                method + " " + pattern, Long.toString(clock.shared(at)), Long.toString(KEEP_MILLIS)));
    }

    @Override
    public TooSoon pace(String sessionId, java.util.List<Paced> kinds, long at) {
        String[] keys = {link.key("calls:" + sessionId)};
        java.util.List<String> args = new java.util.ArrayList<>();
        args.add(Long.toString(clock.shared(at)));
        args.add(Long.toString(KEEP_MILLIS));
        args.add(Integer.toString(kinds.size()));
        for (Paced p : kinds) {
            args.add(p.method() + " " + p.pattern());
            args.add(Long.toString(clock.shared(p.since())));
            args.add(Integer.toString(p.pacedMethods().size()));
            for (String m : p.pacedMethods()) args.add(m + " " + p.pattern());
        }
        java.util.List<Object> answer = link.call("pace a call for the sequence rules",
                r -> PACE.<java.util.List<Object>>run(r, ScriptOutputType.MULTI, keys, args.toArray(String[]::new)));
        long kind = (Long) answer.get(0);
        return kind == 0 ? null : new TooSoon((int) kind - 1, clock.local((Long) answer.get(1)));
    }

    @Override
    public long last(String sessionId, String method, String pattern) {
        String at = link.call("read a session's calls", r -> r.hget(link.key("calls:" + sessionId), method + " " + pattern));
        if (at == null) return -1;
        try {
            return clock.local(Long.parseLong(at));
        } catch (NumberFormatException e) {
            return -1; // not written by Palisade: as if never
        }
    }
}
