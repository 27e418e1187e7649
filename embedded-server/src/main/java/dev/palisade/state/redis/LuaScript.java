package dev.palisade.state.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script that runs atomically in Redis: sent once, then called by its SHA-1, so each call costs
 * one round trip with only its keys and arguments. Sent again if Redis forgot it (a restart).
 */
final class LuaScript {

    private final String source;
    private final String sha;

    /**
     * A write's script that Redis runs only until a deadline on its own clock ({@link RedisLink#deadline}),
     * given by {@link #runBy} as its last argument (taken off ARGV before {@code body} runs; 0 for none).
     * Past it, the script changes nothing and answers the error {@link RedisLink#LATE}: a command that
     * timed out stays on the connection, and a Redis that only hung runs it when it wakes, after the node
     * has told its caller the change failed.
     */
    static LuaScript deadlined(String body) {
        return new LuaScript("local deadline = tonumber(table.remove(ARGV))\n"
                + "if deadline > 0 then\n"
                + "  local now = redis.call('TIME')\n"
                + "  if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > deadline then\n"
                + "    return redis.error_reply('" + RedisLink.LATE + " the write came after its deadline')\n"
                + "  end\n"
                + "end\n"
                + body);
    }

    LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** Runs a {@link #deadlined} script: Redis makes its change only until {@code deadline} on its clock. */
    <T> T runBy(long deadline, RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = Long.toString(deadline);
        return run(redis, type, keys, all);
    }

    <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }
}
