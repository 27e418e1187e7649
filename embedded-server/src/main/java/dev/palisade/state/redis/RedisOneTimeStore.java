package dev.palisade.state.redis;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.OneTimeStore;
import io.lettuce.core.ScriptOutputType;

/**
 * The cluster's {@link OneTimeStore}: values in a Redis hash ({@code issuedAt \n owner \n attachment}),
 * when each lapses in a sorted set (what has lapsed is a range; each its own lifetime, a page's growing with its
 * price; the set keeps its name {@code issued} from when it held issue times), and a count per owner, all changed
 * by scripts: a page nonce served by one node is redeemed once, on any node, and the shares hold for
 * the whole cluster. Lapse follows the callers' clock ({@code now}), as in memory. Each value is kept under its
 * SHA-256 alone: a page nonce or a ticket read out of Redis (a backup, a monitoring user) redeems nothing, as the
 * session keys and key rings there are sealed.
 */
final class RedisOneTimeStore<A> implements OneTimeStore<A> {

    /** At most this many lapsed values are dropped by one script run, so no run holds Redis for long. */
    private static final int SWEEP_BATCH = 5_000;

    private static final String SWEEP = """
            local function sweep(values, issued, owners, cutoff)
              local old = redis.call('ZRANGEBYSCORE', issued, '-inf', '(' .. cutoff, 'LIMIT', 0, %d)
              for _, v in ipairs(old) do
                local rec = redis.call('HGET', values, v)
                if rec then
                  local owner = string.match(rec, '^[^\\n]*\\n([^\\n]*)')
                  if owner and redis.call('HINCRBY', owners, owner, -1) <= 0 then redis.call('HDEL', owners, owner) end
                  redis.call('HDEL', values, v)
                end
                redis.call('ZREM', issued, v)
              end
            end
            """.formatted(SWEEP_BATCH);
    // ARGV: value, owner, when it lapses, now, capacity, share, record
    private static final LuaScript MINT = new LuaScript(SWEEP + """
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
              sweep(KEYS[1], KEYS[2], KEYS[3], ARGV[4])
              if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 1 end
            end
            if tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0') >= tonumber(ARGV[6]) then
              sweep(KEYS[1], KEYS[2], KEYS[3], ARGV[4])
              if tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0') >= tonumber(ARGV[6]) then return 2 end
            end
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[7]) == 0 then return 3 end
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
            return 0
            """);
    // ARGV: value
    private static final LuaScript TAKE = new LuaScript("""
            local rec = redis.call('HGET', KEYS[1], ARGV[1])
            if not rec then return false end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            local owner = string.match(rec, '^[^\\n]*\\n([^\\n]*)')
            if owner and redis.call('HINCRBY', KEYS[3], owner, -1) <= 0 then redis.call('HDEL', KEYS[3], owner) end
            return rec
            """);
    private static final LuaScript SWEEP_ONLY = new LuaScript(SWEEP + """
            sweep(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
            return 0
            """);

    private final RedisLink link;
    private final String[] keys;
    private final int capacity;
    private final int ownerShare;
    private final AttachmentCodec<A> codec;

    RedisOneTimeStore(RedisLink link, String kind, int capacity, int ownerShare, AttachmentCodec<A> codec) {
        this.link = link;
        String base = link.key("once:{" + kind + "}");
        this.keys = new String[] {base + ":values", base + ":issued", base + ":owners"};
        this.capacity = capacity;
        this.ownerShare = ownerShare;
        this.codec = codec;
    }

    @Override
    public String mint(String owner, long now, long lifetimeMillis, A attachment) {
        String who = owner.replace('\n', ' ');
        String record = now + "\n" + who + "\n" + codec.encode(attachment);
        while (true) {
            String value = Secrets.randomToken(18);
            String field = field(value);
            long result = link.call("mint a one-time value", redis -> MINT.<Long>run(redis, ScriptOutputType.INTEGER,
                    keys, field, who, Long.toString(now + lifetimeMillis), Long.toString(now), Integer.toString(capacity),
                    Integer.toString(ownerShare), record));
            if (result == 0) return value;
            if (result == 1) throw new RefusedException(Refusal.FULL);
            if (result == 2) throw new RefusedException(Refusal.OWNER_FULL);
            // 3: the random value exists already (never seen at 144 bits); draw another
        }
    }

    @Override
    public Minted<A> take(String value) {
        if (value == null) return null;
        String field = field(value);
        String rec = link.call("take a one-time value", redis -> TAKE.<String>run(redis, ScriptOutputType.VALUE, keys, field));
        return decode(rec);
    }

    @Override
    public Minted<A> peek(String value) {
        if (value == null) return null;
        String field = field(value);
        return decode(link.call("read a one-time value", redis -> redis.hget(keys[0], field)));
    }

    @Override
    public void sweep(long now) {
        link.call("sweep one-time values", redis -> SWEEP_ONLY.<Long>run(redis, ScriptOutputType.INTEGER, keys,
                Long.toString(now)));
    }

    @Override
    public int size() {
        return link.call("count one-time values", redis -> redis.zcard(keys[1])).intValue();
    }

    /** Where a value is kept: its SHA-256, which the value's holder can compute and a reader of Redis cannot undo. */
    private static String field(String value) {
        return Secrets.base64Url(Secrets.sha256(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Minted<A> decode(String rec) {
        if (rec == null) return null;
        int first = rec.indexOf('\n');
        int second = rec.indexOf('\n', first + 1);
        return new Minted<>(Long.parseLong(rec.substring(0, first)), rec.substring(first + 1, second),
                codec.decode(rec.substring(second + 1)));
    }
}
