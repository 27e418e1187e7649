package dev.palisade.state.redis;

import dev.palisade.engine.state.CallerCounts;
import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * The proof of work's record of callers in Redis: a counter per key ({@code palisade:callers:d:<address>},
 * {@code …:d:net:<network>}, {@code …:p:<address>}) that expires when its window, begun at its first
 * count, is over.
 */
final class RedisCallerCounts implements CallerCounts {

    /** KEYS: the counters; ARGV: the window, then each counter's increment. */
    private static final LuaScript ADD = new LuaScript("""
            for i = 1, #KEYS do
              local by = tonumber(ARGV[i + 1])
              if redis.call('INCRBY', KEYS[i], by) == by then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
            end
            return #KEYS
            """);

    /** KEYS: the counters. Each one's count and milliseconds left. */
    private static final LuaScript READ = new LuaScript("""
            local out = {}
            for i = 1, #KEYS do
              local n = tonumber(redis.call('GET', KEYS[i]) or '0')
              local left = redis.call('PTTL', KEYS[i])
              if n == 0 or left < 0 then n, left = 0, 0 end
              out[i] = {n, left}
            end
            return out
            """);

    private final RedisLink link;

    RedisCallerCounts(RedisLink link) {
        this.link = link;
    }

    @Override
    public void add(long windowMillis, java.util.Map<String, Long> increments) {
        if (increments.isEmpty()) return;
        String[] k = new String[increments.size()];
        String[] args = new String[increments.size() + 1];
        args[0] = Long.toString(windowMillis);
        int i = 0;
        for (java.util.Map.Entry<String, Long> e : increments.entrySet()) {
            k[i] = link.key("callers:" + e.getKey());
            args[++i] = Long.toString(e.getValue());
        }
        link.call("count callers", r -> ADD.<Long>run(r, ScriptOutputType.INTEGER, k, args));
    }

    @Override
    public long[][] read(String... keys) {
        String[] k = keys(keys);
        List<Object> rows = link.call("read callers", r -> READ.<List<Object>>run(r, ScriptOutputType.MULTI, k));
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            List<?> row = (List<?>) rows.get(i);
            out[i] = new long[] {(Long) row.get(0), (Long) row.get(1)};
        }
        return out;
    }

    private String[] keys(String[] names) {
        String[] k = new String[names.length];
        for (int i = 0; i < names.length; i++) k[i] = link.key("callers:" + names[i]);
        return k;
    }
}
