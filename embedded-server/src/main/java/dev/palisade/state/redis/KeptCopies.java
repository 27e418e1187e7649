package dev.palisade.state.redis;

import dev.palisade.engine.store.StoreChange;
import io.lettuce.core.ScriptOutputType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node last read of the cluster's shared parts, as Redis held them, to write back when Redis
 * lost them (restarted without persistence, restored from an older snapshot, {@code FLUSHALL}). The
 * nodes hold every part in memory; without this, the first change after a loss made every node read
 * a part holding that change alone: one new user and every other user was gone, one blacklist entry
 * and the whole blacklist. A field Redis holds is never replaced: a change made after the loss, before
 * a node noticed it, stands; what an older snapshot holds stands too, and what it lacks is written back.
 */
final class KeptCopies {

    /** KEYS: the hash; ARGV: pairs of a field and its value, each set only where the hash lacks it. */
    private static final LuaScript WRITE_BACK = new LuaScript("""
            for i = 1, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 0
            """);
    /** Fields a script call carries at most: a large blacklist goes in several. */
    private static final int PAIRS_A_CALL = 1_000;

    private final Map<StoreChange, Map<String, Map<String, String>>> hashes = new ConcurrentHashMap<>();
    private final Map<String, String> singles = new ConcurrentHashMap<>();
    private final java.util.function.BooleanSupplier onTheFeed;

    /**
     * @param onTheFeed whether a read is the change feed's: the node's copy of a part is what the feed
     *                  last read of it (after every change, this node's too), not what an admin call read
     *                  in between, which in the moment Redis lost its data reads a part empty
     */
    KeptCopies(java.util.function.BooleanSupplier onTheFeed) {
        this.onTheFeed = onTheFeed;
    }

    /** {@code fields}: the whole hash as just read; an empty one replaces what was kept of it. */
    void remember(StoreChange part, String hash, Map<String, String> fields) {
        Map<String, Map<String, String>> kept = hashes.computeIfAbsent(part, p -> new ConcurrentHashMap<>());
        if (onTheFeed.getAsBoolean() || !kept.containsKey(hash)) kept.put(hash, Map.copyOf(fields));
    }

    /** Whether anything of {@code part} was kept (a part never read, such as the sessions, has nothing to give back). */
    boolean keeps(StoreChange part) {
        return hashes.containsKey(part);
    }

    /** A key with one value that marks the cluster itself (founded, its key check, its upstream key). */
    void rememberSingle(String key, String value) {
        if (value != null) singles.put(key, value);
    }

    /**
     * Writes back the cluster's marks where Redis lacks them, {@code last} after the others: a node starting
     * meanwhile waits for it (founded) before it takes the others as the cluster's (the upstream key).
     */
    void writeBackMarks(RedisLink link, String last) {
        singles.forEach((key, value) -> {
            if (!key.equals(last)) link.call("write back " + key, r -> r.setnx(key, value));
        });
        String value = singles.get(last);
        if (value != null) link.call("write back " + last, r -> r.setnx(last, value));
    }

    /** Writes back what was kept of {@code part} where Redis lacks it. */
    void writeBack(RedisLink link, StoreChange part) {
        Map<String, Map<String, String>> kept = hashes.get(part);
        if (kept == null) return;
        kept.forEach((hash, fields) -> {
            List<String> args = new ArrayList<>(Math.min(fields.size(), PAIRS_A_CALL) * 2);
            for (Map.Entry<String, String> f : fields.entrySet()) {
                args.add(f.getKey());
                args.add(f.getValue());
                if (args.size() == PAIRS_A_CALL * 2) {
                    send(link, hash, args);
                    args.clear();
                }
            }
            if (!args.isEmpty()) send(link, hash, args);
        });
    }

    private static void send(RedisLink link, String hash, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        link.call("write back " + hash, r -> WRITE_BACK.<Long>run(r, ScriptOutputType.INTEGER, new String[] {hash}, argv));
    }
}
