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

    /** KEYS: the counters; ARGV: the window. */
    private static final LuaScript COUNT = new LuaScript("""
            for i = 1, #KEYS do
              if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
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
    public void count(long windowMillis, String... keys) {
        String[] k = keys(keys);
        link.call("count a caller", r -> COUNT.<Long>run(r, ScriptOutputType.INTEGER, k, Long.toString(windowMillis)));
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
