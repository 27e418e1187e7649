package dev.palisade.state.redis;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.ClusterEvents;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.state.EventExchange;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's share of the cluster's events, on a real redis-server: each event reaches the others once. */
class ClusterEventsTest {

    @TempDir
    Path dir;

    /** The real exchange, but the reply to its first send is lost on the way back (a network cut after Redis ran it). */
    private static final class FirstReplyLost implements EventExchange {
        private final EventExchange real;
        private final AtomicInteger sends = new AtomicInteger();

        FirstReplyLost(EventExchange real) { this.real = real; }

        @Override
        public void send(String batchId, List<Event> batch) {
            real.send(batchId, batch);
            if (sends.getAndIncrement() == 0) throw new StateUnavailableException("the reply was lost", null);
        }

        @Override
        public Received receive(String position, int max, long waitMillis) { return real.receive(position, max, waitMillis); }

        @Override
        public void close() { real.close(); }
    }

    @Test
    void aBatchWhoseReplyWasLostIsSentAgainAndArrivesOnce() throws Exception {
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b");
             SqliteStore store = SqliteStore.open(Files.createDirectories(dir.resolve("a")))) {
            FirstReplyLost exchange = new FirstReplyLost(a.events());
            EventHub hub = new EventHub(store, 1_000, store.lastEventId(), "node-a");
            Audit audit = new Audit(hub, new TrafficStats(), new RecentCalls(16), Settings::defaults, MutableClock.at2026());
            ClusterEvents events = ClusterEvents.start(hub, exchange, store, audit);
            try {
                audit.system("marker_one", "the first event of this node");
                audit.system("marker_two", "the second");
                List<Event> seen = new ArrayList<>();
                String position = "";
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (exchange.sends.get() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(exchange.sends.get()).as("the lost reply made the sender try again").isGreaterThanOrEqualTo(2);
                audit.system("marker_three", "after the resend");
                while (seen.stream().noneMatch(e -> e.code().equals("marker_three")) && System.nanoTime() < deadline) {
                    EventExchange.Received in = b.events().receive(position, 100, 500);
                    seen.addAll(in.events());
                    position = in.position();
                }
                assertThat(seen).extracting(Event::code).containsExactly("marker_one", "marker_two", "marker_three");
            } finally {
                events.close();
                hub.close();
            }
        }
    }

    @Test
    void whatRedisCouldNotTakeBeyondTheBacklogIsCountedAsUnshared() throws Exception {
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             SqliteStore store = SqliteStore.open(Files.createDirectories(dir.resolve("a")))) {
            EventHub hub = new EventHub(store, 100_000, store.lastEventId(), "node-a");
            Audit audit = new Audit(hub, new TrafficStats(), new RecentCalls(16), Settings::defaults, MutableClock.at2026());
            ClusterEvents events = ClusterEvents.start(hub, a.events(), store, audit);
            long dropped = -1;
            try {
                redis.stop();
                for (int i = 0; i < 20_000; i++) audit.system("burst", "event " + i);
                // the sender holds one batch of at most 1 000 waiting for Redis; the backlog holds 16 384 more
                dropped = events.unsent();
                assertThat(dropped).isBetween(20_000L - 16_384 - 1_000, 20_000L - 16_384);
            } finally {
                events.close();
                hub.close();
            }
            // the node stopped with Redis away: what it never sent is said where it can be read
            long waiting = 20_000 - dropped;
            long droppedBefore = dropped;
            assertThat(store.queryEvents(dev.palisade.engine.event.EventQuery.latest(5))).anySatisfy(e -> {
                assertThat(e.code()).isEqualTo("cluster_events_unshared");
                assertThat(e.detail()).as("those waiting at the stop; the dropped ones were counted then")
                        .startsWith(waiting + " events recorded on this node were waiting")
                        .contains("; " + droppedBefore + " more were not sent since the node started");
            });
        }
    }
}
