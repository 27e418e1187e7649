package dev.palisade;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Health;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.NodeBeat;
import dev.palisade.http.admin.ClusterView;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * This node as the cluster sees it: every second it writes a heartbeat (where it listens, its version,
 * uptime, calls per second, health) where the other nodes read it; alone, it only answers for itself.
 */
final class NodeHeartbeat implements ClusterView, AutoCloseable {

    static final long EVERY_MILLIS = 1_000;
    /** Calls per second are averaged over this many whole seconds. */
    private static final int AVERAGE_SECONDS = 5;

    private final String id;
    private final Engine engine;
    private final HotState state;
    private final String sharedState;
    private final java.util.function.Supplier<URI> api;
    private final java.util.function.Supplier<URI> admin;
    private final Clock clock;
    private final long startedAt;
    private final ScheduledExecutorService thread;
    /** When this process last wrote its beat; -1 before its first (which may replace its own previous life's). */
    private long lastBeatAt = -1;
    /** Where another process beats under this node's id (a copied data directory); null while none does. */
    private volatile String twin;
    /** This process's own beats found in a row since the other process's last: the other stopped after a few. */
    private int ownInARow;
    private static final int TWIN_GONE_AFTER = 5;

    /** @param api and {@code admin}: the listeners' URLs, known once they listen (a port 0 is chosen then) */
    NodeHeartbeat(Engine engine, HotState state, String sharedState, java.util.function.Supplier<URI> api,
                  java.util.function.Supplier<URI> admin, Clock clock) {
        this.engine = engine;
        this.state = state;
        this.id = state.shared() ? state.node() : Secrets.randomToken(6);
        this.sharedState = sharedState;
        this.api = api;
        this.admin = admin;
        this.clock = clock;
        this.startedAt = clock.millis();
        this.thread = state.shared() ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-heartbeat");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Starts beating, once the listeners listen. */
    void start() {
        if (thread != null) thread.scheduleWithFixedDelay(this::beatQuietly, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean clustered() { return state.shared(); }

    @Override
    public String sharedState() { return sharedState; }

    @Override
    public NodeBeat self() {
        long now = clock.millis();
        Health health = engine.health();
        String shown = health.ok() ? "ok" : health.failing().stream().map(Health.Check::name)
                .collect(Collectors.joining(", ", "failing: ", ""));
        String twinAt = twin;
        if (twinAt != null) {
            shown = (health.ok() ? "failing: " : shown + ", ") + "node_id (" + twinAt + " beats under this node's id too)";
        }
        return new NodeBeat(id, api.get().toString(), admin.get().toString(), Version.CURRENT, startedAt, now,
                callsPerSecond(now), shown, state.clockOffsetMillis());
    }

    @Override
    public List<NodeBeat> members() {
        return state.shared() ? state.members() : List.of(self());
    }

    private double callsPerSecond(long now) {
        List<TrafficStats.Second> seconds = engine.stats().window(now - 1_000, AVERAGE_SECONDS); // whole seconds only
        long calls = 0;
        for (TrafficStats.Second s : seconds) calls += s.allowed() + s.deniedTotal();
        return (double) calls / AVERAGE_SECONDS;
    }

    private void beatQuietly() {
        try {
            NodeBeat mine = self();
            notice(mine, state.beat(mine));
        } catch (RuntimeException e) {
            // Redis is away: the node's health and its state_unavailable event say so; the next beat retries
        }
    }

    /**
     * Between two of this process's beats, another process wrote a beat under its id: two nodes share one
     * id (a data directory copied with its {@code node.id}), so each takes the other's events for its own.
     */
    private void notice(NodeBeat mine, NodeBeat replaced) {
        // written since this process's last beat (not an older beat a restored Redis still had), and not by it
        boolean other = lastBeatAt >= 0 && replaced != null && replaced.at() >= lastBeatAt
                && !(replaced.startedAt() == mine.startedAt() && replaced.api().equals(mine.api())
                && replaced.admin().equals(mine.admin()));
        lastBeatAt = mine.at();
        if (other && twin == null) {
            twin = replaced.api();
            engine.nodeIdShared("the node at " + replaced.api() + " (admin " + replaced.admin() + ") beats under this"
                    + " node's id " + id + " too: give each node a data directory of its own (or delete node.id in one"
                    + " of them and restart it)");
        }
        ownInARow = other ? 0 : ownInARow + 1;
        if (ownInARow >= TWIN_GONE_AFTER) twin = null; // the other one stopped (or took an id of its own)
    }

    /** Stops beating and waits for a beat in flight, so none is written while the server stops (closed listeners). */
    @Override
    public void close() {
        if (thread == null) return;
        thread.shutdownNow();
        try {
            thread.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
