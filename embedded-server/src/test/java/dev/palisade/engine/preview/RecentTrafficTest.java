package dev.palisade.engine.preview;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a preview replays: allowed calls and stored refusals over one and the same stretch of time. */
class RecentTrafficTest {

    private static final long HOUR = 3_600_000;
    private static final long NOW = 10 * HOUR;

    @TempDir
    Path dir;

    /*
     * Under a flood, the refusals a preview may replay cover only the last moments while the ring
     * holds hours of allowed calls: side by side they made the refused share look tiny (hours of
     * allowed calls against seconds of refusals). Both are replayed from the oldest refusal kept.
     */
    @Test
    void aFloodOfRefusalsIsReplayedOnlyBesideTheAllowedCallsOfTheStretchItCovers() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            RecentCalls ring = new RecentCalls(1_000);
            for (int i = 0; i < 120; i++) ring.add(NOW - 2 * HOUR + i * 60_000L, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
            for (int i = 0; i < 3; i++) ring.add(NOW - 5_000 + i, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
            List<Event> flood = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                flood.add(new Event(i + 1, NOW - 30_000 + i * 1_000L, EventType.DECISION, "rate_limited", "rate", "s2", "bob",
                        "10.0.0.2", "GET", "/api/notes", 429, 0, "over the window"));
            }
            store.appendEvents(flood);
            RecentTraffic traffic = new RecentTraffic(ring, store, 10);
            long kept = NOW - 30_000 + 20_000; // the oldest of the 10 newest refusals

            List<ReplayedCall> windows = traffic.replay(NOW, "rate_limited");
            assertThat(windows).filteredOn(c -> !c.allowed()).hasSize(10);
            assertThat(windows).as("the allowed calls of the refusals' stretch, and none from before it")
                    .filteredOn(ReplayedCall::allowed).hasSize(3);
            assertThat(windows).allSatisfy(c -> assertThat(c.at()).isGreaterThanOrEqualTo(kept));

            List<ReplayedCall> all = traffic.replayAllRefusals(NOW);
            assertThat(all).filteredOn(c -> !c.allowed()).hasSize(10);
            assertThat(all).filteredOn(ReplayedCall::allowed).hasSize(3);
        }
    }

    @Test
    void refusalsThatAllFitAreReplayedBesideEveryAllowedCallInMemory() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            RecentCalls ring = new RecentCalls(1_000);
            for (int i = 0; i < 8; i++) ring.add(NOW - 2 * HOUR + i * 900_000L, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
            List<Event> few = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                few.add(new Event(i + 1, NOW - 30_000 + i * 1_000L, EventType.DECISION, "rate_limited", "rate", "s2", "bob",
                        "10.0.0.2", "GET", "/api/notes", 429, 0, "over the window"));
            }
            store.appendEvents(few);
            List<ReplayedCall> windows = new RecentTraffic(ring, store, 10).replay(NOW, "rate_limited");
            assertThat(windows).filteredOn(c -> !c.allowed()).hasSize(10);
            assertThat(windows).as("two hours of them").filteredOn(ReplayedCall::allowed).hasSize(8);
        }
    }

    /*
     * Cluster audit 62, M1: on a cluster every node stores every node's events, but its ring holds only the calls it
     * allowed itself. A preview replayed this node's allowed calls beside every node's refusals (a no-op change let the
     * cluster's refusals through); it replays this node's own. What rule suggestions learn from still leaves out
     * every session any node refused.
     */
    @Test
    void aPreviewReplaysThisNodesOwnRefusalsBesideItsOwnAllowedCalls() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            RecentCalls ring = new RecentCalls(1_000);
            for (int i = 0; i < 3; i++) ring.add(NOW - 60_000 + i * 1_000L, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
            List<Event> refusals = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refusals.add(new Event(i + 1, NOW - 30_000 + i * 1_000L, EventType.DECISION, "rate_limited", "rate",
                        i == 0 ? "s1" : "s" + (i + 1), "alice", "10.0.0.1", "GET", "/api/notes", 429, 0, "over the window", "",
                        i == 0 ? "node-a" : "node-b"));
            }
            store.appendEvents(refusals);

            List<ReplayedCall> windows = new RecentTraffic(ring, store, "node-a", 10).replay(NOW, "rate_limited");
            assertThat(windows).as("node-a's one refusal, not node-b's four").filteredOn(c -> !c.allowed())
                    .extracting(ReplayedCall::sessionId).containsExactly("s1");
            assertThat(windows).filteredOn(ReplayedCall::allowed).hasSize(3);
            assertThat(new RecentTraffic(ring, store, "node-b", 10).replay(NOW, "rate_limited"))
                    .filteredOn(c -> !c.allowed()).hasSize(4);

            assertThat(new RecentTraffic(ring, store, "node-a", 10).replayAllRefusals(NOW))
                    .as("every session any node refused is no model to learn from").filteredOn(c -> !c.allowed()).hasSize(5);
        }
    }
}
