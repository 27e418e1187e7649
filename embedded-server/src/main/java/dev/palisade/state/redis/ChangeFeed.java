package dev.palisade.state.redis;

import dev.palisade.engine.store.StoreChange;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a change made through one node reaches the others: each shared write raises that part's version
 * in Redis and publishes it; every node hears the message and reads the part again. A message can be
 * missed (a node reconnecting), so each node also compares the versions once a second: a change is in
 * force on every node within about a second either way. Listeners run on the feed's own thread.
 *
 * <p>A version lower than the one a node has read means Redis lost data it had (restarted without
 * persistence, or restored from an older snapshot) and counts again from there: the check reads that
 * part again and goes on from the lower version, so the changes made since are not taken for old ones.
 * A version gone altogether (Redis came back empty) is not read: nothing was changed, and reading an
 * empty part would throw away what the node holds; the next change is read as usual.
 */
final class ChangeFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());
    static final long CHECK_EVERY_MILLIS = 1_000;

    /** KEYS: the version; ARGV: the channel, the part. */
    private static final LuaScript ANNOUNCE = new LuaScript("""
            local v = redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[1], ARGV[2] .. ' ' .. v)
            return v
            """);
    private static final StoreChange[] PARTS = StoreChange.values();

    private final RedisLink link;
    private final String channel;
    private final String[] versionKeys = new String[PARTS.length];
    private final Map<StoreChange, Long> seen = new EnumMap<>(StoreChange.class); // the feed's thread only
    private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();
    /** Changes stored whose announcement failed; announced by the next check. */
    private final java.util.Set<StoreChange> unannounced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "palisade-cluster-feed");
        t.setDaemon(true);
        return t;
    });
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean failing;

    ChangeFeed(RedisLink link) {
        this.link = link;
        this.channel = link.key("changes");
        for (int i = 0; i < PARTS.length; i++) versionKeys[i] = link.key("version:" + PARTS[i].name());
        List<io.lettuce.core.KeyValue<String, String>> now = link.call("read the versions", r -> r.mget(versionKeys));
        for (int i = 0; i < PARTS.length; i++) seen.put(PARTS[i], number(now.get(i).getValueOrElse(null)));
        this.subscription = link.subscribe();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                int space = message.indexOf(' ');
                if (space < 0) return;
                try {
                    StoreChange part = StoreChange.valueOf(message.substring(0, space));
                    long version = Long.parseLong(message.substring(space + 1));
                    thread.execute(() -> deliver(part, version, false));
                } catch (IllegalArgumentException e) {
                    // another version's part: its periodic check is what this node relies on
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the feed is closing
                }
            }
        });
        subscription.sync().subscribe(channel);
        thread.scheduleWithFixedDelay(this::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void listen(Consumer<StoreChange> listener) { listeners.add(listener); }

    /**
     * After a shared write: every node (this one too) reads {@code part} again. When Redis fails between
     * the write and this, the announcement is kept and made by the feed's next check, so the other
     * nodes still hear of a change that was stored.
     */
    void announce(StoreChange part) {
        try {
            link.call("announce a change", r -> ANNOUNCE.<Long>run(r, ScriptOutputType.INTEGER,
                    new String[] {versionKeys[part.ordinal()]}, channel, part.name()));
        } catch (RuntimeException e) {
            unannounced.add(part);
        }
    }

    /** The version check: what a missed message did not bring. */
    private void check() {
        for (StoreChange part : PARTS) {
            if (unannounced.remove(part)) announce(part);
        }
        try {
            List<io.lettuce.core.KeyValue<String, String>> now = link.call("read the versions", r -> r.mget(versionKeys));
            for (int i = 0; i < PARTS.length; i++) deliver(PARTS[i], number(now.get(i).getValueOrElse(null)), true);
        } catch (RuntimeException e) {
            // Redis is away: the hot state's watch reports it; the next check catches up
        }
    }

    /** @param counted whether {@code version} is Redis's count now (the check), not a message that may be late */
    private void deliver(StoreChange part, long version, boolean counted) {
        // nobody listens yet (the engine is still loading): the change stays unseen, so it is read once it listens
        long read = seen.get(part);
        if (listeners.isEmpty() || version == read || (version < read && !counted)) return;
        if (version < read) {
            LOG.log(System.Logger.Level.WARNING, "The cluster's count of " + part + " changes went back from " + read
                    + " to " + version + ": Redis lost data it had (run it with persistence); "
                    + (version == 0 ? "the node keeps what it holds" : "reading it again"));
            if (version == 0) {
                seen.put(part, 0L);
                return;
            }
        }
        try {
            for (Consumer<StoreChange> l : listeners) l.accept(part);
            seen.put(part, version);
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) LOG.log(System.Logger.Level.WARNING, "Could not read the cluster's " + part + " again; retrying"
                    + " every second", e);
            failing = true;
        }
    }

    private static long number(String s) { return s == null ? 0 : Long.parseLong(s); }

    @Override
    public void close() {
        thread.shutdownNow();
        subscription.close();
    }
}
