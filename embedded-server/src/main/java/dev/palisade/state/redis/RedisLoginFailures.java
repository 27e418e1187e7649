package dev.palisade.state.redis;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.LoginFailures;
import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login throttle's memory for a cluster: per user a hash of client kind → {@code count first last},
 * counted by a script (so failures on different nodes add up), kept twice the window after the last
 * failure; per user a list of the clients they logged in from, newest first. Keys name the user by a
 * hash: a flood of guessed names makes many small keys that expire, never long ones.
 */
final class RedisLoginFailures implements LoginFailures {

    /**
     * KEYS: the user's failures, the user's attempts in flight (member {@code client|attempt}, score: when
     * it began); ARGV: client, attempt, now, how long one counts. The client's record and how many of its
     * attempts were in flight.
     */
    private static final LuaScript BEGIN = new LuaScript("""
            local now = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', now - tonumber(ARGV[4]) + 1))
            local prefix = ARGV[1] .. '|'
            local before = 0
            for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
              if string.sub(m, 1, #prefix) == prefix then before = before + 1 end
            end
            redis.call('ZADD', KEYS[2], now, prefix .. ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            local rec = redis.call('HGET', KEYS[1], ARGV[1])
            return {rec or '', before}
            """);
    /** KEYS: the user's failures; ARGV: client, now, window. */
    private static final LuaScript FAILED = new LuaScript("""
            local now = tonumber(ARGV[2])
            local w = tonumber(ARGV[3])
            local rec = redis.call('HGET', KEYS[1], ARGV[1])
            local count, first = 0, now
            if rec then
              local c, f, l = string.match(rec, '^(%d+) (%d+) (%d+)$')
              if c and now - tonumber(l) < w then count, first = tonumber(c), tonumber(f) end
            end
            redis.call('HSET', KEYS[1], ARGV[1], (count + 1) .. ' ' .. string.format('%d', first) .. ' ' .. ARGV[2])
            redis.call('PEXPIRE', KEYS[1], 2 * w)
            return count + 1
            """);
    /** KEYS: the user's known clients; ARGV: client, how many to keep. */
    private static final LuaScript REMEMBER = new LuaScript("""
            redis.call('LREM', KEYS[1], 0, ARGV[1])
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 0
            """);
    /** KEYS: the user's failures, the user's attempts in flight; the number of client kinds with failures, then gone. */
    private static final LuaScript CLEAR_USER = new LuaScript("""
            local n = redis.call('HLEN', KEYS[1])
            redis.call('DEL', KEYS[1], KEYS[2])
            return n
            """);

    private final RedisLink link;

    RedisLoginFailures(RedisLink link) {
        this.link = link;
    }

    @Override
    public Failures get(String user, String client) {
        return parse(link.call("read login failures", r -> r.hget(failures(user), client)));
    }

    @Override
    public Begun begin(String user, String client, long now) {
        String attempt = dev.palisade.engine.Secrets.randomToken(9);
        List<Object> r = link.call("begin a login attempt", c -> BEGIN.<List<Object>>run(c, ScriptOutputType.MULTI,
                new String[] {failures(user), inFlight(user)}, client, attempt, Long.toString(now),
                Long.toString(IN_FLIGHT_MILLIS)));
        String rec = String.valueOf(r.get(0));
        return new Begun(rec.isEmpty() ? null : parse(rec), ((Long) r.get(1)).intValue(), attempt);
    }

    @Override
    public void ended(String user, String client, String attempt) {
        link.call("end a login attempt", c -> c.zrem(inFlight(user), client + "|" + attempt));
    }

    @Override
    public void failed(String user, String client, long now, long windowMillis) {
        link.call("count a failed login", r -> FAILED.<Long>run(r, ScriptOutputType.INTEGER, new String[] {failures(user)},
                client, Long.toString(now), Long.toString(windowMillis)));
    }

    @Override
    public void clear(String user, String client) {
        link.call("clear login failures", r -> r.hdel(failures(user), client));
    }

    @Override
    public Map<String, Failures> of(String user) {
        Map<String, Failures> out = new HashMap<>();
        link.call("read login failures", r -> r.hgetall(failures(user))).forEach((client, rec) -> {
            Failures f = parse(rec);
            if (f != null) out.put(client, f);
        });
        return out;
    }

    @Override
    public int clearUser(String user) {
        return link.call("lift a login throttle", r -> CLEAR_USER.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {failures(user), inFlight(user)})).intValue();
    }

    @Override
    public void sweep(long now, long windowMillis) {
        // each user's failures expire by themselves, twice the window after the last one
    }

    @Override
    public void remember(String user, String client, int keep) {
        link.call("remember a user's client", r -> REMEMBER.<Long>run(r, ScriptOutputType.INTEGER, new String[] {known(user)},
                client, Integer.toString(keep)));
    }

    @Override
    public boolean knows(String user, String client) {
        return link.call("look up a user's clients", r -> r.lpos(known(user), client)) != null;
    }

    @Override
    public void forgetKnown(String user) {
        link.call("forget a user's clients", r -> r.del(known(user)));
    }

    private String failures(String user) { return link.key("login-failures:" + hashed(user)); }

    private String known(String user) { return link.key("known-clients:" + hashed(user)); }

    private String inFlight(String user) { return link.key("login-in-flight:" + hashed(user)); }

    static String hashed(String user) {
        byte[] b = user.getBytes(StandardCharsets.UTF_8);
        return Long.toHexString(Secrets.sha256Prefix(b, b.length));
    }

    private static Failures parse(String rec) {
        if (rec == null) return null;
        String[] p = rec.split(" ");
        return new Failures(Integer.parseInt(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    }
}
