package dev.palisade.state.redis;

import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection to the cluster's Redis, shared by every thread of this node (Lettuce's connections
 * are thread-safe; commands of concurrent calls go out together). While it is down, commands fail at
 * once instead of queueing, so a call is refused with {@code state_unavailable} rather than left
 * waiting, and it reconnects by itself, retrying within a second. While Redis hangs with the connection
 * open (a command timed out), commands fail at once too, until Redis answers the link's ping.
 */
final class RedisLink implements AutoCloseable {

    /** A command that takes longer than this fails (the call is refused, not held). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final String PREFIX = "palisade:";

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> connection;
    private final String where;
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    private RedisLink(RedisClient client, ClientResources resources, StatefulRedisConnection<String, String> connection,
                      String where) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.where = where;
    }

    /**
     * Connects now.
     *
     * @throws StateUnavailableException when Redis cannot be reached or refuses the credentials
     */
    static RedisLink open(RedisURI uri) {
        String where = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        uri.setTimeout(COMMAND_TIMEOUT);
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            String tooOld = tooOld(connection);
            if (tooOld != null) {
                connection.close();
                client.shutdown();
                resources.shutdown();
                throw new StateUnavailableException("Redis at " + where + " is version " + tooOld + "; Palisade needs"
                        + " Redis 6.2 or later (or Valkey): its scripts use ZADD GT and ZMSCORE", null);
            }
            if (sharded(connection)) {
                connection.close();
                client.shutdown();
                resources.shutdown();
                // its scripts touch keys of many slots in one call (the nonce with the windows and revocations, the change
                // feed's versions): a sharded cluster would refuse them with CROSSSLOT, call by call (cluster audit 62, I1)
                throw new StateUnavailableException("Redis at " + where + " runs in cluster mode (a sharded Redis"
                        + " Cluster); Palisade needs one Redis, with replicas or Sentinel for failover if you like, since each"
                        + " of its scripts touches keys no single shard holds", null);
            }
            RedisLink link = new RedisLink(client, resources, connection, where);
            client.addListener(link.new Transitions());
            return link;
        } catch (RedisException e) {
            client.shutdown();
            resources.shutdown();
            throw new StateUnavailableException("cannot reach Redis at " + where + ": " + reason(e), e);
        }
    }

    /** The server's version when it is older than 6.2; null when it is recent enough, or does not say. */
    static String tooOld(StatefulRedisConnection<String, String> connection) {
        String info;
        try {
            info = connection.sync().info("server");
        } catch (RedisException e) {
            return null; // INFO refused (an ACL without it): the first script that needs 6.2 says so
        }
        return tooOld(info);
    }

    /** Whether the server is a shard of a Redis Cluster ({@code INFO cluster}); false when it does not say. */
    static boolean sharded(StatefulRedisConnection<String, String> connection) {
        try {
            return connection.sync().info("cluster").contains("cluster_enabled:1");
        } catch (RedisException e) {
            return false; // INFO refused (an ACL without it): the first script across slots says so
        }
    }

    /** The version {@code INFO server} gives when it is older than 6.2; null otherwise. */
    static String tooOld(String info) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^redis_version:(\\d+)\\.(\\d+)\\S*").matcher(info);
        if (!m.find()) return null;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 6 || (major == 6 && minor >= 2) ? null : m.group(0).substring("redis_version:".length());
    }

    /** Runs one command (or script) on the shared connection; a failure of Redis is the caller's refusal. */
    <T> T call(String what, Function<RedisCommands<String, String>, T> command) {
        return call(what, command, true, false);
    }

    /**
     * {@link #call} for a command Redis may refuse by design (INFO or PUBSUB under an ACL): its refusal
     * is not a failure that could have hidden another node's change.
     */
    <T> T probe(String what, Function<RedisCommands<String, String>, T> command) {
        return call(what, command, false, false);
    }

    private <T> T call(String what, Function<RedisCommands<String, String>, T> command, boolean counted, boolean deadlined) {
        // a Redis that timed out a command is not asked again until it answers the link's own ping: a request
        // making several calls waits one command timeout at most, not one for each call
        if (state.get() == SILENT) {
            if (counted) failures.incrementAndGet();
            throw new StateUnavailableException("Redis at " + where + " could not " + what + ": it does not answer"
                    + " (a command timed out; not sent until Redis answers again)", null);
        }
        try {
            T answer = command.apply(connection.sync());
            if (state.get() == SILENT && state.compareAndSet(SILENT, UP)) told(null); // a hang is over
            return answer;
        } catch (RedisException e) {
            boolean answered = e instanceof io.lettuce.core.RedisCommandExecutionException;
            if (answered && String.valueOf(e.getMessage()).startsWith(LATE)) {
                failures.incrementAndGet();
                throw new StateUnavailableException("Redis at " + where + " could not " + what + " in time (it ran"
                        + " the command after its deadline, and so did not make the change)", e);
            }
            // a command that failed may have hidden a change made through another node; racy by design (what counts
            // is that the count changed), under a lock it would cost every call
            if (counted || !answered) failures.incrementAndGet();
            // a Redis that hangs with its connection open (overloaded, paused, stopped by a signal) drops no
            // connection, so the transitions never tell of it: a command that timed out does
            if (e instanceof io.lettuce.core.RedisCommandTimeoutException && state.compareAndSet(UP, SILENT)) {
                told("Redis at " + where + " does not answer (commands time out)");
                listen();
            }
            throw new StateUnavailableException("Redis at " + where + " could not " + what + ": " + reason(e)
                    + (deadlined && e instanceof io.lettuce.core.RedisCommandTimeoutException
                    ? " (not made: Redis refuses it once it answers again, as it was sent with a deadline)" : ""), e);
        }
    }

    /** Redis's answer to a write it got after {@link #deadline()}: the script's error, made nothing. */
    static final String LATE = "PALISADE_LATE";

    /**
     * Where the link last read Redis's clock: Redis's time in ms, and this node's {@link System#nanoTime()}
     * when the reading was answered (so Redis's clock was at least that far along then). Kept apart from
     * {@link RedisClock}'s offset, which follows the node's wall clock (an injected one in tests, and one NTP
     * may step): a deadline must hold against both.
     */
    private record Reading(long redisMillis, long answeredNanos, long roundTripNanos) {}
    private volatile Reading reading;

    /** Tells the link a reading of Redis's TIME, sent at {@code sentNanos} and answered at {@code answeredNanos}. */
    void heard(long redisMillis, long sentNanos, long answeredNanos) {
        Reading last = reading;
        long roundTrip = answeredNanos - sentNanos;
        // a slow reading says little of where Redis's clock is: kept only when no better one is recent
        if (last == null || roundTrip <= Math.max(last.roundTripNanos, 200_000_000L)
                || answeredNanos - last.answeredNanos > 30_000_000_000L) {
            reading = new Reading(redisMillis, answeredNanos, roundTrip);
        }
    }

    /**
     * The time on Redis's clock, in ms, after which a write sent now is refused by Redis itself: half a
     * {@link #COMMAND_TIMEOUT} from now by the last reading's lower bound of Redis's clock. Redis's clock is
     * further along than the reading says, never less, so by the time this node gives the write up, Redis
     * will run it only to refuse it. 0 (no deadline) until Redis's clock was read once.
     */
    long deadline() {
        Reading r = reading;
        if (r == null) return 0;
        return r.redisMillis + (System.nanoTime() - r.answeredNanos) / 1_000_000L + COMMAND_TIMEOUT.toMillis() / 2;
    }

    /**
     * {@link #call} for a write that must not be made once this node has given up on it: {@code command}
     * is given {@link #deadline()} to pass to a {@link LuaScript#deadlined deadlined script}.
     */
    <T> T write(String what, java.util.function.BiFunction<RedisCommands<String, String>, Long, T> command) {
        long by = deadline();
        return call(what, r -> command.apply(r, by), true, by != 0);
    }

    /**
     * While the link is silent, one ping at a time waits for Redis (each for a command timeout): its answer
     * ends the silence. A connection lost meanwhile is the transitions' to tell, and they end it.
     */
    private void listen() {
        if (closing || state.get() != SILENT) return;
        connection.async().ping().whenComplete((pong, failure) -> {
            // an error answered (an ACL that refuses PING) is an answer too: Redis no longer hangs
            if (failure == null || failure instanceof io.lettuce.core.RedisCommandExecutionException) {
                if (state.compareAndSet(SILENT, UP)) told(null); // a hang is over
            } else if (failure instanceof io.lettuce.core.RedisCommandTimeoutException) {
                listen();
            } else { // refused at once (the connection going), or an error: not a loop as fast as it fails
                java.util.concurrent.CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(this::listen);
            }
        });
    }

    /** A second connection for the change feed's subscription (a subscribed connection sends no commands). */
    io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> subscribe() {
        try {
            return client.connectPubSub();
        } catch (RedisException e) {
            throw new StateUnavailableException("cannot subscribe to Redis at " + where + ": " + reason(e), e);
        }
    }

    /** A connection of its own, for a command that blocks (reading the cluster's events). */
    StatefulRedisConnection<String, String> connect() {
        return client.connect();
    }

    /** Every key Palisade writes starts with {@code palisade:}: one Redis database may hold other data too. */
    String key(String name) { return PREFIX + name; }

    String where() { return where; }

    /** Null when Redis answers a PING now (its ACL's refusal is an answer too), else why not. */
    String problem() {
        try {
            probe("answer a ping", RedisCommands::ping);
            return null;
        } catch (StateUnavailableException e) {
            // a user without PING (an ACL of Palisade's commands alone) was unhealthy for good, its start gate shut
            return e.getCause() != null && String.valueOf(e.getCause().getMessage()).startsWith("NOPERM") ? null
                    : e.getMessage();
        }
    }

    void watch(Consumer<String> watcher) { watchers.add(watcher); }

    /** The outage told: none, commands timing out on an open connection, or the connection lost; one event each way. */
    private static final int UP = 0;
    private static final int SILENT = 1;
    private static final int LOST = 2;
    private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(UP);

    private void told(String problem) {
        for (Consumer<String> w : watchers) w.accept(problem);
    }

    /**
     * Commands that failed so far, and how many of them the change feed's last whole read came after: a
     * node that could not reach Redis may have missed changes made through other nodes meanwhile (a
     * session revoked), so it decides nothing until the feed has read every part again.
     */
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private volatile long caughtUpTo;
    private volatile boolean fed;

    long failures() { return failures.get(); }

    /** The change feed read every part again, having started when {@code asOf} commands had failed. */
    void caughtUp(long asOf) {
        caughtUpTo = asOf;
        fed = true;
    }

    /** Whether a command failed since the change feed last read every part: changes made elsewhere may be unread. */
    boolean behind() { return fed && failures.get() != caughtUpTo; }

    @Override
    public void close() {
        closing = true; // a connection closed on purpose is not an outage
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lettuce's messages name the failure, never a key, value or password. */
    static String reason(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    /** Tells the watchers when the connection goes and when it comes back (not at the first connect). */
    private final class Transitions implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> handler) {
            // the change feed's subscription has its own connection: only the one commands go over counts
            if (handler != connection || closing) return;
            failures.incrementAndGet();
            // a hang told as such, now a lost connection: one outage
            if (state.getAndSet(LOST) == UP) told("the connection to Redis at " + where + " was lost");
        }

        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress address) {
            if (handler != connection) return;
            if (state.compareAndSet(LOST, UP)) told(null);
        }
    }
}
