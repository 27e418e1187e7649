package dev.palisade.state.redis;

import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.OneTimeStore;
import io.lettuce.core.RedisURI;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A cluster's hot state in Redis ({@code --cluster redis://…}): nonces and one-time values that every
 * node sees at once. Valkey-compatible commands and Lua only.
 */
public final class RedisHotState implements HotState {

    private final RedisLink link;
    private final Heartbeats heartbeats;
    private final RedisRates rates;
    private final String node;
    private final RedisEventExchange events;
    private final RedisTraffic traffic;
    private final NonceEpoch nonceEpoch;
    private final RedisClock sharedClock;

    private RedisHotState(RedisLink link, String node, java.time.Clock clock, java.util.function.LongSupplier wall) {
        this.link = link;
        this.sharedClock = new RedisClock(link, wall);
        sharedClock.measureQuietly();
        this.nonceEpoch = new NonceEpoch(link, clock);
        // a reconnection may be to a restarted or another instance: checked before the next nonce is recorded
        link.watch(problem -> {
            if (problem == null) nonceEpoch.recheck();
        });
        warnIfEvicting(link);
        this.node = node;
        this.heartbeats = new Heartbeats(link, sharedClock);
        this.rates = new RedisRates(link, sharedClock);
        this.events = new RedisEventExchange(link, node);
        this.traffic = new RedisTraffic(link, node, sharedClock);
    }

    @Override
    public String node() { return node; }

    @Override
    public dev.palisade.engine.state.CallerCounts callerCounts() { return new RedisCallerCounts(link); }

    @Override
    public dev.palisade.engine.state.CallMarks callMarks() { return new RedisCallMarks(link, sharedClock); }

    @Override
    public dev.palisade.engine.state.EventExchange events() { return events; }

    @Override
    public dev.palisade.engine.state.SharedTraffic traffic() { return traffic; }

    @Override
    public dev.palisade.engine.state.NodeBeat beat(dev.palisade.engine.state.NodeBeat beat) {
        nonceEpoch.verifyInstance(); // a Redis restarted from its file, or failed over, without this node noticing
        sharedClock.measureQuietly(); // a reading Redis refuses (an ACL without TIME) never holds up the beat
        dev.palisade.engine.state.NodeBeat replaced = heartbeats.beat(beat);
        nonceEpoch.others(heartbeats.others()); // whose nonces kept ahead a new life of the store must wait for
        return replaced;
    }

    @Override
    public dev.palisade.engine.state.SharedRates rates() { return rates; }

    @Override
    public dev.palisade.engine.state.NonceAndRates nonceAndRates(IntSupplier perSecond, IntSupplier perSession) {
        nonceEpoch.open();
        return new RedisNonceAndRates(link, nonceEpoch, sharedClock, perSecond, perSession);
    }

    @Override
    public dev.palisade.engine.state.LoginFailures loginFailures() { return new RedisLoginFailures(link); }

    @Override
    public dev.palisade.engine.state.DenialCounts denialCounts() { return new RedisDenialCounts(link, sharedClock); }

    @Override
    public java.util.List<dev.palisade.engine.state.NodeBeat> members() { return heartbeats.members(); }

    @Override
    public long clockOffsetMillis() { return sharedClock.offsetMillis(); }

    /**
     * Connects to Redis now.
     *
     * @param uri      {@code redis://host:port/db} or {@code rediss://…} (TLS)
     * @param username an ACL user, or null for {@code default}
     * @param password null when Redis asks for none
     * @throws dev.palisade.engine.state.StateUnavailableException when it cannot be reached or refuses us
     */
    public static RedisHotState connect(java.net.URI uri, String username, char[] password) {
        return connect(uri, username, password, dev.palisade.engine.Secrets.randomToken(6));
    }

    /**
     * Connects now, as the node {@code node} (the same id across its restarts, so the events it shared
     * before are known as its own).
     */
    public static RedisHotState connect(java.net.URI uri, String username, char[] password, String node) {
        return connect(uri, username, password, node, java.time.Clock.systemUTC());
    }

    /** Connects now, as the node {@code node} whose decisions read {@code clock}. */
    public static RedisHotState connect(java.net.URI uri, String username, char[] password, String node,
                                        java.time.Clock clock) {
        return connect(uri, username, password, node, clock, System::currentTimeMillis);
    }

    /** As above, on a machine whose wall clock reads {@code wall} (a test's node with its clock set wrong). */
    static RedisHotState connect(java.net.URI uri, String username, char[] password, String node,
                                 java.time.Clock clock, java.util.function.LongSupplier wall) {
        RedisURI redis = RedisURI.create(uri);
        if (password != null) {
            if (username != null) redis.setAuthentication(username, password);
            else redis.setAuthentication(password);
        }
        return new RedisHotState(RedisLink.open(redis), node, clock, wall);
    }

    @Override
    public NonceStore nonces(IntSupplier perSecond, IntSupplier perSession) {
        nonceEpoch.open();
        return new RedisNonceStore(link, nonceEpoch, sharedClock, perSecond, perSession);
    }

    /**
     * A signed call's nonce and windows with a nonce store life of their own, begun by {@code clock}'s seconds (a test's
     * node, as if started anew: it keeps no nonces recorded ahead of its clock from before).
     */
    RedisNonceAndRates nonceAndRates(IntSupplier perSecond, IntSupplier perSession, java.time.Clock clock) {
        return new RedisNonceAndRates(link, new NonceEpoch(link, clock), sharedClock, perSecond, perSession);
    }

    /** A nonce store whose lives begin by {@code clock}'s seconds (a test's node with a clock of its own). */
    RedisNonceStore nonces(IntSupplier perSecond, IntSupplier perSession, java.time.Clock clock) {
        return new RedisNonceStore(link, new NonceEpoch(link, clock), sharedClock, perSecond, perSession);
    }

    @Override
    public <A> OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare, AttachmentCodec<A> codec) {
        return new RedisOneTimeStore<>(link, kind, capacity, ownerShare, codec);
    }

    @Override
    public boolean shared() { return true; }

    @Override
    public String problem() {
        String away = link.problem();
        if (away != null || !link.behind()) return away;
        // answers again, but signed calls wait until what other nodes changed meanwhile is read (within a second)
        return "reading the changes other nodes made while this node could not reach Redis";
    }

    @Override
    public void watch(Consumer<String> listener) { link.watch(listener); }

    @Override
    public boolean catchingUp() { return link.behind(); }

    /**
     * The node's store: what the cluster shares in this Redis, the rest in {@code local}; secrets sealed
     * with {@code key}. Its change feed starts now.
     *
     * @throws ClusterKey.WrongKeyException when the cluster's data was sealed with another key
     */
    /** Whether a node ever started on this Redis: a one-shot command that only reads must not found a cluster. */
    public boolean holdsACluster() {
        return KeyCheck.present(link);
    }

    public dev.palisade.engine.store.Store store(dev.palisade.engine.store.Store local, ClusterKey key) {
        boolean newCluster = KeyCheck.verify(link, key);
        ClusterStore store = new ClusterStore(link, local, key, new ChangeFeed(link));
        try {
            // a cluster made before the founding mark keeps the blacklist its operators made
            if (newCluster) store.found();
            store.keepMarks();
        } catch (RuntimeException e) {
            store.closeFeed();
            throw e;
        }
        return store;
    }

    /** The built-in demo API's data, shared by the nodes (each node's SQLite would hold only its share). */
    public dev.palisade.demo.DemoRepository demo() { return new RedisDemoRepository(link); }

    /** Redis evicting keys could drop a second's used nonces while the store's life key stays: replays pass. */
    private static void warnIfEvicting(RedisLink link) {
        try {
            String info = link.probe("read Redis's memory policy", r -> r.info("memory"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^maxmemory_policy:(\\S+)").matcher(info);
            if (m.find() && !m.group(1).equals("noeviction")) {
                System.getLogger(RedisHotState.class.getName()).log(System.Logger.Level.WARNING, "Redis at {0} evicts keys"
                        + " (maxmemory-policy {1}): used nonces it evicts could be replayed; set maxmemory-policy noeviction",
                        link.where(), m.group(1));
            }
        } catch (RuntimeException notAllowed) {
            // INFO refused by an ACL: nothing to say
        }
    }

    /** Where this node's state lives, for the start banner (no credentials). */
    public String where() { return "redis " + link.where(); }

    @Override
    public void close() {
        events.close();
        link.close();
    }
}
