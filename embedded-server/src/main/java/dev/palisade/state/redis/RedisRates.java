package dev.palisade.state.redis;

import dev.palisade.engine.state.SharedRates;
import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * The cluster's rate windows in Redis: each window as two fixed buckets (this one and the last, as
 * a node's own counts), estimated as a sliding window (the last bucket weighed by how much of it is
 * still inside), checked for every window and counted in all of them in one script: one round trip.
 * A refused call is not counted; the first refusal of a bucket is marked so it is reported once.
 */
final class RedisRates implements SharedRates {

    /** KEYS: per slot its current bucket, its previous bucket, its reported mark; ARGV: now, then per slot limit and window (ms). */
    private static final LuaScript ACQUIRE = new LuaScript("""
            local now = tonumber(ARGV[1])
            local n = #KEYS / 3
            for i = 1, n do
              local limit = tonumber(ARGV[2 * i])
              local w = tonumber(ARGV[2 * i + 1])
              local cur = tonumber(redis.call('GET', KEYS[3 * i - 2]) or '0')
              local prev = tonumber(redis.call('GET', KEYS[3 * i - 1]) or '0')
              local inside = 1 - (now % w) / w
              local rate = prev * inside + cur + 1
              if rate > limit then
                local first = redis.call('SET', KEYS[3 * i], '1', 'NX', 'PX', w) and 1 or 0
                return {i, tostring(rate), first}
              end
            end
            for i = 1, n do
              local w = tonumber(ARGV[2 * i + 1])
              redis.call('INCR', KEYS[3 * i - 2])
              redis.call('PEXPIRE', KEYS[3 * i - 2], 2 * w + 1000)
            end
            return {}
            """);

    private final RedisLink link;

    RedisRates(RedisLink link) {
        this.link = link;
    }

    @Override
    public Refused acquire(List<Slot> slots, long now) {
        String[] keys = new String[slots.size() * 3];
        String[] args = new String[1 + slots.size() * 2];
        args[0] = Long.toString(now);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            long bucket = Math.floorDiv(now, s.windowMillis());
            String base = link.key("rate:" + s.id() + ":" + s.windowMillis() + ":");
            keys[3 * i] = base + bucket;
            keys[3 * i + 1] = base + (bucket - 1);
            keys[3 * i + 2] = base + bucket + ":reported";
            args[1 + 2 * i] = Integer.toString(s.limit());
            args[2 + 2 * i] = Long.toString(s.windowMillis());
        }
        List<Object> refused = link.call("count a call in the rate windows",
                r -> ACQUIRE.<List<Object>>run(r, ScriptOutputType.MULTI, keys, args));
        if (refused == null || refused.isEmpty() || refused.get(0) == null) return null; // counted
        int index = ((Long) refused.get(0)).intValue() - 1;
        double observed = Double.parseDouble(String.valueOf(refused.get(1)));
        long window = slots.get(index).windowMillis();
        long retryAfter = Math.max(1, (window - Math.floorMod(now, window) + 999) / 1000);
        return new Refused(index, observed, retryAfter, ((Long) refused.get(2)) == 1);
    }
}
