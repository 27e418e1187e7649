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

    /** KEYS: per slot the bucket a call was counted in; takes one call out of each that holds one. */
    private static final LuaScript RELEASE = new LuaScript("""
            for i = 1, #KEYS do
              if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
            end
            return 0
            """);

    private final RedisLink link;
    private final RedisClock clock;

    RedisRates(RedisLink link, RedisClock clock) {
        this.link = link;
        this.clock = clock;
    }

    @Override
    public Refused acquire(List<Slot> slots, long localNow) {
        long now = clock.shared(localNow); // every node's buckets start together
        List<Object> refused = link.call("count a call in the rate windows",
                r -> ACQUIRE.<List<Object>>run(r, ScriptOutputType.MULTI, keys(link, slots, now), args(slots, now, 0)));
        return refused(refused, 0, slots, now);
    }

    @Override
    public void release(List<Slot> slots, long countedAt) {
        long now = clock.shared(countedAt);
        String[] all = keys(link, slots, now);
        String[] counted = new String[slots.size()];
        for (int i = 0; i < counted.length; i++) counted[i] = all[3 * i]; // the bucket that was current then
        link.call("take a refused call out of the rate windows",
                r -> RELEASE.<Long>run(r, ScriptOutputType.INTEGER, counted, new String[0]));
    }

    /** Per slot: its current bucket, its previous bucket, its current bucket's reported mark for its limit. */
    static String[] keys(RedisLink link, List<Slot> slots, long now) {
        String[] keys = new String[slots.size() * 3];
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            long bucket = Math.floorDiv(now, s.windowMillis());
            String base = link.key("rate:" + s.id() + ":" + s.windowMillis() + ":");
            keys[3 * i] = base + bucket;
            keys[3 * i + 1] = base + (bucket - 1);
            // the limit names the mark: a window whose limit changed reports its new limit's refusals (review 55 #5)
            keys[3 * i + 2] = base + bucket + ":reported:" + s.limit();
        }
        return keys;
    }

    /** {@code before} arguments of the caller's, then now, then per slot its limit and window. */
    static String[] args(List<Slot> slots, long now, int before) {
        return args(slots, now, before, 0);
    }

    /** As {@link #args(List, long, int)}, with room for {@code after} more of the caller's at the end. */
    static String[] args(List<Slot> slots, long now, int before, int after) {
        String[] args = new String[before + 1 + slots.size() * 2 + after];
        args[before] = Long.toString(now);
        for (int i = 0; i < slots.size(); i++) {
            args[before + 1 + 2 * i] = Integer.toString(slots.get(i).limit());
            args[before + 2 + 2 * i] = Long.toString(slots.get(i).windowMillis());
        }
        return args;
    }

    /** The script's answer from {@code from}: slot (1-based), rate, first; nothing when the call was counted. */
    static Refused refused(List<Object> reply, int from, List<Slot> slots, long now) {
        if (reply == null || reply.size() <= from || reply.get(from) == null) return null; // counted
        int index = ((Long) reply.get(from)).intValue() - 1;
        double observed = Double.parseDouble(String.valueOf(reply.get(from + 1)));
        long window = slots.get(index).windowMillis();
        long retryAfter = Math.max(1, (window - Math.floorMod(now, window) + 999) / 1000);
        return new Refused(index, observed, retryAfter, ((Long) reply.get(from + 2)) == 1);
    }
}
