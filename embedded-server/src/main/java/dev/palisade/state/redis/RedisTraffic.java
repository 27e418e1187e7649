package dev.palisade.state.redis;

import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.state.SharedTraffic;
import io.lettuce.core.ScriptOutputType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's calls per second in Redis: a hash per second ({@code palisade:traffic:<epoch second>})
 * holding each node process's whole count per outcome ({@code <process>|allowed}, {@code
 * <process>|<code>}), summed when read. Whole counts make a second put twice harmless; a process of its
 * own per start keeps a restarted node from overwriting what it counted before. A hash expires a minute
 * after the longest window anyone reads.
 */
final class RedisTraffic implements SharedTraffic {

    static final long KEPT_MILLIS = (TrafficStats.SECONDS + 60) * 1000L;
    private static final String ALLOWED = "allowed";

    /** KEYS: one hash per second; ARGV: how long kept, then per key how many fields, then field, count… */
    private static final LuaScript PUT = new LuaScript("""
            local a = 2
            for i = 1, #KEYS do
              local n = tonumber(ARGV[a])
              a = a + 1
              for j = 1, n do
                redis.call('HSET', KEYS[i], ARGV[a], ARGV[a + 1])
                a = a + 2
              end
              redis.call('PEXPIRE', KEYS[i], ARGV[1])
            end
            return #KEYS
            """);

    /** KEYS: one hash per second. Each one's fields and counts. */
    private static final LuaScript READ = new LuaScript("""
            local out = {}
            for i = 1, #KEYS do out[i] = redis.call('HGETALL', KEYS[i]) end
            return out
            """);

    private final RedisLink link;
    /** This process: the node's id and a token of this start. */
    private final String process;
    private final RedisClock clock;

    /** @param clock the cluster's clock: a second is filed and read as Redis's, as the windows and heartbeats are */
    RedisTraffic(RedisLink link, String node, RedisClock clock) {
        this.link = link;
        this.process = node + "." + dev.palisade.engine.Secrets.randomToken(6);
        this.clock = clock;
    }

    /**
     * Whole seconds from this node's clock to the cluster's (cluster audit 62, I2: a node 5 s behind had its calls drawn
     * 5 s early on the others' charts); counts are filed by second, so the offset is rounded to one.
     */
    private long shift() {
        return Math.round(clock.offsetMillis() / 1000.0);
    }

    @Override
    public void put(List<TrafficStats.Second> counted) {
        if (counted.isEmpty()) return;
        String[] keys = new String[counted.size()];
        List<String> args = new ArrayList<>();
        args.add(Long.toString(KEPT_MILLIS));
        for (int i = 0; i < keys.length; i++) {
            TrafficStats.Second s = counted.get(i);
            keys[i] = key(s.epochSecond() + shift());
            args.add(Integer.toString(s.denied().size() + 1));
            args.add(process + "|" + ALLOWED);
            args.add(Long.toString(s.allowed()));
            s.denied().forEach((code, n) -> {
                args.add(process + "|" + code);
                args.add(Long.toString(n));
            });
        }
        String[] a = args.toArray(String[]::new);
        link.call("put the traffic", r -> PUT.<Long>run(r, ScriptOutputType.INTEGER, keys, a));
    }

    @Override
    public List<TrafficStats.Second> others(long nowMillis, int seconds) {
        long now = Math.floorDiv(nowMillis, 1000);
        int n = Math.min(seconds, TrafficStats.SECONDS);
        String[] keys = new String[n];
        long shift = shift(); // read as the cluster's seconds, told as this node's
        for (int i = 0; i < n; i++) keys[i] = key(now - n + 1 + i + shift);
        List<Object> rows = link.call("read the traffic", r -> READ.<List<Object>>run(r, ScriptOutputType.MULTI, keys));
        String own = process + "|";
        List<TrafficStats.Second> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<?> fields = (List<?>) rows.get(i);
            long allowed = 0;
            Map<String, Long> denied = new LinkedHashMap<>();
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                String field = String.valueOf(fields.get(f));
                int bar = field.lastIndexOf('|');
                if (bar < 0 || field.startsWith(own)) continue;
                String code = field.substring(bar + 1);
                long count = Long.parseLong(String.valueOf(fields.get(f + 1)));
                if (code.equals(ALLOWED)) allowed += count;
                else if (count != 0) denied.merge(code, count, Long::sum);
            }
            out.add(new TrafficStats.Second(now - n + 1 + i, allowed, denied));
        }
        return out;
    }

    private String key(long epochSecond) {
        return link.key("traffic:" + epochSecond);
    }
}
