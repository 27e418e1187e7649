package dev.palisade.state.redis;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.SetArgs;

import java.time.Clock;

/**
 * Which life of the cluster's nonce store a node records into. Redis may lose what it holds (a restart
 * without persistence or from a file a second old, a failover to a replica behind, {@code FLUSHALL})
 * while the nodes keep their sessions in memory: every nonce recorded before would then be taken again,
 * so a captured request could be replayed. One key, with no expiry, names the store's life, the Redis
 * instance it began on ({@code run_id}, new at every start and failover) and the second it began in. The
 * nonce script compares it on every call (no extra round trip); a node checks the instance after each
 * reconnection and heartbeat, and a node that finds the key gone, changed, or the instance another,
 * begins or adopts a new life, whose signatures created in or before its first second are refused as
 * stale, as a single server refuses those from before its start. An eviction of nonces alone is not
 * seen: run Redis with {@code maxmemory-policy noeviction} (a node warns at start otherwise).
 */
final class NonceEpoch {

    /** A life, the Redis instance it began on ("" when not known) and the last second whose signatures it refuses. */
    record Life(String value, String instance, long floor) {}

    private static final Life UNKNOWN = new Life("", "", Long.MIN_VALUE); // never stored: the first call adopts
    /** KEYS: the life; ARGV: the life seen, the new one. Replaces only the life seen: of two nodes, one begins. */
    private static final LuaScript REPLACE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
            return redis.call('GET', KEYS[1])
            """);

    private final RedisLink link;
    private final String key;
    private final Clock clock;
    private volatile Life life = UNKNOWN;
    /** Set on reconnection and at each heartbeat: the next decision first checks which instance Redis is. */
    private volatile boolean checkInstance;

    NonceEpoch(RedisLink link, Clock clock) {
        this.link = link;
        this.key = link.key("nonce:epoch");
        this.clock = clock;
    }

    String key() { return key; }

    /** The life to record into: after a reconnection or a heartbeat, once Redis's instance is checked. */
    Life life() {
        if (checkInstance) checkInstance();
        return life;
    }

    /** Redis may have restarted or failed over: the next decision checks before it records. */
    void recheck() { checkInstance = true; }

    /** At a heartbeat, off the request path: checks which instance Redis is now. */
    void verifyInstance() {
        checkInstance = true;
        checkInstance();
        // the key gone on the same instance (FLUSHALL, an eviction): a life begins now, not at the next signed call,
        // which it would refuse as stale with every other call signed in its second
        if (life != UNKNOWN && read() == null) adopt("");
    }

    /** Begins a new life when the one in force began on another Redis instance than this one. */
    private synchronized void checkInstance() {
        if (!checkInstance) return;
        Life known = life;
        String here = instance();
        checkInstance = false;
        if (known == UNKNOWN || here.isEmpty() || here.equals(known.instance())) return;
        String replaced = link.call("begin the nonce store's epoch", r -> REPLACE.<String>run(r,
                io.lettuce.core.ScriptOutputType.VALUE, new String[] {key}, known.value(), fresh(here, 0)));
        adopt(replaced);
    }

    /**
     * At a node's start: begins a life if the store has none, refusing only the seconds before this one,
     * so a new cluster's first calls are taken (as a single server refuses those from before its start).
     */
    synchronized void open() {
        if (life != UNKNOWN) return;
        try {
            String found = read();
            if (found == null) begin(-1);
            adopt(found == null ? read() : found);
        } catch (StateUnavailableException e) {
            // Redis went away again: the first signed call adopts the life it finds
        }
    }

    /**
     * Takes the life the script found in Redis ({@code ""} when there is none: the store lost its data,
     * so a life begins now).
     */
    synchronized void adopt(String found) {
        if (found == null || found.isEmpty()) {
            begin(0); // this second's nonces may have been recorded before the loss
            found = read();
            if (found == null) {
                throw new StateUnavailableException("Redis at " + link.where() + " lost the nonce store's epoch"
                        + " as soon as it was written (is it evicting keys?)", null);
            }
        }
        String[] parts = found.split(" ");
        long floor;
        try {
            floor = Long.parseLong(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            throw new StateUnavailableException("Redis at " + link.where() + " holds a nonce store epoch this"
                    + " version cannot read", e);
        }
        life = new Life(found, parts.length == 3 && !parts[1].equals("-") ? parts[1] : "", floor);
    }

    /** Redis's run_id, or "" when INFO is refused (an ACL without it): then only a lost key is seen. */
    private String instance() {
        String info;
        try {
            info = link.probe("read Redis's run id", r -> r.info("server"));
        } catch (StateUnavailableException e) {
            // an ACL without INFO answers NOPERM: the call is refused, Redis is not away
            if (e.getCause() instanceof io.lettuce.core.RedisCommandExecutionException) return "";
            throw e;
        }
        java.util.regex.Matcher m = RUN_ID.matcher(info);
        return m.find() ? m.group(1) : "";
    }

    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("(?m)^run_id:([0-9a-f]+)");

    private String read() {
        return link.call("read the nonce store's epoch", r -> r.get(key));
    }

    /** Begins a life that refuses signatures up to this second plus {@code seconds}, unless another node began one. */
    private void begin(int seconds) {
        String value = fresh(instance(), seconds);
        link.call("begin the nonce store's epoch", r -> r.set(key, value, SetArgs.Builder.nx()));
    }

    /** "token instance floor": a new life on the Redis instance {@code instance}. */
    private String fresh(String instance, int seconds) {
        return Secrets.randomToken(9) + " " + (instance.isEmpty() ? "-" : instance) + " "
                + (Math.floorDiv(clock.millis(), 1_000L) + seconds);
    }
}
