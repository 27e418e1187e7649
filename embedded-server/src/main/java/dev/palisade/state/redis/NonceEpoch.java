package dev.palisade.state.redis;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.SetArgs;

import java.time.Clock;
import java.util.List;

/**
 * Which life of the cluster's nonce store a node records into. Redis may lose what it holds (a restart
 * without persistence or from a file a second old, a failover to a replica behind, {@code FLUSHALL})
 * while the nodes keep their sessions in memory: every nonce recorded before would then be taken again,
 * so a captured request could be replayed. One key, with no expiry, names the store's life, the Redis
 * instance it began on ({@code run_id}, new at every start and failover) and the second it began in. The
 * nonce script compares it on every call (no extra round trip); a node checks the instance after each
 * reconnection and heartbeat, and a node that finds the key gone, changed, or the instance another,
 * begins or adopts a new life, whose signatures created in or before its first second are refused as
 * stale, as a single server refuses those from before its start; one that begins a life after a loss
 * refuses the second after too (a browser's clock correction often signs a second ahead). An eviction of nonces alone is not
 * seen: run Redis with {@code maxmemory-policy noeviction} (a node warns at start otherwise).
 * <p>
 * A signature created 2 s or more ahead of the clock is still fresh after those seconds: the nonces a node
 * recorded for such signatures ({@link NoncesAheadKept}) are spent into every new life it adopts before
 * it decides by it. Another node's are spent when that node adopts it, at its next heartbeat (a second)
 * at the latest: for {@link #YOUTH_NANOS} after adopting a life that replaced one it knew, a node that saw
 * other nodes running at its last heartbeat decides no signed call created after the life began (503), so
 * none is taken before every node has spent its own.
 */
final class NonceEpoch {

    /**
     * A life, the Redis instance it began on ("" when not known) and the last second whose signatures it refuses;
     * {@code young}: adopted in place of one the node knew, until {@link System#nanoTime()} reaches {@code youngUntil}.
     */
    record Life(String value, String instance, long floor, boolean young, long youngUntil) {

        /** Whether the other nodes may not all have spent the nonces they kept ahead into this life yet. */
        boolean stillYoung() {
            return young && System.nanoTime() - youngUntil < 0;
        }
    }

    /**
     * How long a node decides no signed call created after a new life began: every node checks the life at its
     * heartbeat (every second) and spends what it kept ahead then; three heartbeats, for one that runs late.
     */
    static final long YOUTH_NANOS = 3_000_000_000L;
    /** Nonces spent in one round trip at most, so no script holds Redis for long. */
    private static final int PER_ROUND_TRIP = 1_000;

    private static final Life UNKNOWN = new Life("", "", Long.MIN_VALUE, false, 0); // never stored: the first call adopts
    /** KEYS: the life; ARGV: the life seen, the new one. Replaces only the life seen: of two nodes, one begins. */
    private static final LuaScript REPLACE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
            return redis.call('GET', KEYS[1])
            """);

    private final RedisLink link;
    private final String key;
    private final Clock clock;
    private volatile Life life = UNKNOWN;
    /** What this node recorded for signatures created ahead of its clock: spent into each new life. */
    private final NoncesAheadKept ahead = new NoncesAheadKept();
    /** Other nodes running at this node's last heartbeat: with none, no other node has nonces to spend. */
    private volatile int others;
    /** Set on reconnection and at each heartbeat: the next decision first checks which instance Redis is. */
    private volatile boolean checkInstance;

    NonceEpoch(RedisLink link, Clock clock) {
        this.link = link;
        this.key = link.key("nonce:epoch");
        this.clock = clock;
    }

    String key() { return key; }

    NoncesAheadKept ahead() { return ahead; }

    /** Tells how many other nodes were running at this node's heartbeat. */
    void others(int running) { others = running; }

    /** This node's current second, by the clock its lives begin by. */
    long second() { return Math.floorDiv(clock.millis(), 1_000L); }

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
        if (life == UNKNOWN) return;
        String found = read();
        // the key gone on the same instance (FLUSHALL, an eviction): a life begins now, not at the next signed call,
        // which it would refuse as stale with every other call signed in its second; or another node began one: this
        // node adopts it now, spending what it kept ahead into it, not at its next signed call (which may never come)
        if (found == null || !found.equals(life.value())) adopt(found == null ? "" : found);
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
        Life known = life;
        if (found != null && !found.isEmpty() && found.equals(known.value())) return; // adopted by another thread
        if (found == null || found.isEmpty()) {
            // this second's nonces may have been recorded before the loss, and the next's, which no node keeps (a second
            // ahead is how browsers often sign: kept, every such call would pass a node-wide lock)
            begin(1);
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
        if (found.equals(known.value())) return;
        boolean replaced = known != UNKNOWN;
        Life next = new Life(found, parts.length == 3 && !parts[1].equals("-") ? parts[1] : "", floor,
                replaced && others > 0, System.nanoTime() + YOUTH_NANOS);
        // before any call is decided by it: a signature this node took ahead of its clock must stay spent
        if (replaced) spendAhead(next);
        life = next;
    }

    /**
     * Spends what this node kept ahead into {@code next}, a second's worth (at most {@link #PER_ROUND_TRIP}) a round
     * trip; throws when Redis does not take them (then the node keeps its old life, and adopts again at its next
     * signed call or heartbeat).
     */
    private void spendAhead(Life next) {
        for (NoncesAheadKept.Spent s : ahead.all()) {
            if (s.createdSecond() <= next.floor()) continue; // refused as stale in that life anyway
            for (int from = 0; from < s.nonces().length; from += PER_ROUND_TRIP) {
                int to = Math.min(s.nonces().length, from + PER_ROUND_TRIP);
                List<Object> reply = RedisNonceAndRates.spendIn(link, key, next.value(), s.createdSecond(),
                        java.util.Arrays.copyOfRange(s.sessions(), from, to), java.util.Arrays.copyOfRange(s.nonces(), from, to));
                if (((Long) reply.get(0)).intValue() != 0) {
                    throw new StateUnavailableException("Redis at " + link.where() + " lost the nonce store's data again"
                            + " while this node spent the nonces it recorded ahead of its clock", null);
                }
            }
        }
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
