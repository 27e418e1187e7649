package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.MutableClock;
import dev.palisade.store.sqlite.SqliteStore;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /_palisade/health} on a real server: 200 without credentials and outside the pipeline;
 * 503 naming the store when the database is closed, and the event queue while the database writer is
 * held up (another connection holds SQLite's write lock) until the writer catches up again.
 */
class HealthHttpTest {

    private static final int QUEUE = 8;

    @TempDir
    Path dir;
    private ServerFixture s;

    @AfterEach
    void stop() {
        if (s != null) s.close();
    }

    private ServerFixture.Reply health() {
        return s.get(s.api("/_palisade/health"), null);
    }

    @Test
    void aHealthyServerSaysOkToAnyoneAndCountsNoDecision() {
        s = new ServerFixture(dir);
        double decisions = Scrape.of(s).total("palisade_decisions_total");
        ServerFixture.Reply r = health();
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("store").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("event_queue").asText()).isEqualTo("ok");
        assertThat(Scrape.of(s).total("palisade_decisions_total")).isEqualTo(decisions);
    }

    @Test
    void aClosedStoreMakesIt503NamingTheStore() {
        s = new ServerFixture(dir);
        s.server.store().close();
        JsonNode p = assertProblem(health(), 503, "unhealthy");
        assertThat(p.get("failing").get("store").asText()).contains("database");
        assertThat(p.get("failing").has("event_queue")).isFalse();
        assertThat(p.get("checks").get("store").asText()).isEqualTo("failing");
        assertThat(p.get("checks").get("event_queue").asText()).isEqualTo("ok");
        assertThat(p.get("detail").asText()).startsWith("store: ");
    }

    /*
     * An outside test (session 54): an OutOfMemoryError ended the event writer's thread, and from then on no event was
     * stored (the console's lists froze) while the health check said ok. The writer is ended here by an interrupt.
     */
    @Test
    void aStoppedEventWriterMakesIt503NamingTheEventQueue() throws Exception {
        java.util.Set<Thread> before = writers();
        s = new ServerFixture(dir);
        assertThat(health().code()).isEqualTo(200);
        java.util.Set<Thread> mine = writers();
        mine.removeAll(before);
        assertThat(mine).as("this server's event writer").hasSize(1);
        Thread writer = mine.iterator().next();
        writer.interrupt();
        writer.join(10_000);
        JsonNode p = assertProblem(health(), 503, "unhealthy");
        assertThat(p.get("failing").get("event_queue").asText()).contains("event writer stopped");
    }

    private static java.util.Set<Thread> writers() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("palisade-event-writer") && t.isAlive()) out.add(t);
        }
        return out;
    }

    @Test
    void aFullEventQueueMakesIt503UntilTheWriterCatchesUp() throws Exception {
        s = new ServerFixture(dir, MutableClock.at2026(), c -> c.withEngine(c.engine().withEventQueueCapacity(QUEUE)));
        assertThat(health().code()).isEqualTo(200);
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             Statement sql = lock.createStatement()) {
            sql.execute("BEGIN IMMEDIATE"); // the event writer now waits for the write lock (up to its 10 s)
            ServerFixture.Reply h = health();
            for (int calls = 0; h.code() == 200 && calls < 100; calls++) {
                assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials"); // one event each
                h = health();
            }
            JsonNode p = assertProblem(h, 503, "unhealthy");
            assertThat(p.get("failing").get("event_queue").asText()).contains("full", QUEUE + " of " + QUEUE);
            assertThat(p.get("checks").get("store").asText()).isEqualTo("ok");
            assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials"); // its event has no room
            Scrape metrics = Scrape.of(s);
            assertThat(metrics.gauge("palisade_event_queue_depth")).isEqualTo(QUEUE);
            assertThat(metrics.counter("palisade_events_dropped_total")).isPositive();
            sql.execute("ROLLBACK");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        ServerFixture.Reply h = health();
        while (h.code() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = health();
        }
        assertThat(h.code()).as(h.toString()).isEqualTo(200);
    }

    @Test
    void theRestOfThePrefixIsReservedAndOnlyGetAsks() {
        s = new ServerFixture(dir);
        assertProblem(s.get(s.api("/_palisade/status"), null), 404, "not_found");
        assertProblem(s.send(new Request.Builder().url(s.api("/_palisade/health"))
                .post(okhttp3.RequestBody.create("{}", ServerFixture.JSON)).build()), 405, "method_not_allowed");
        ServerFixture.Reply head = s.send(new Request.Builder().url(s.api("/_palisade/health")).head().build());
        assertThat(head.code()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        // the admin listener has no health path: it is the API listener's, for load balancers
        assertProblem(s.send(new Request.Builder().url(s.admin("/_palisade/health"))
                .header("Authorization", "Bearer " + s.server.adminToken()).build()), 404, "not_found");
    }

    @Test
    void inFrontOfAnUpstreamPalisadeAnswersItselfAndNeverForwardsIt() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort(); // nothing listens there once closed: a forwarded call would be a 502
        }
        URI upstream = URI.create("http://127.0.0.1:" + closed);
        s = new ServerFixture(dir, MutableClock.at2026(), c -> c.withUpstream(upstream, Duration.ofSeconds(1)));
        assertThat(health().code()).isEqualTo(200);
        assertProblem(s.get(s.api("/_palisade/other"), null), 404, "not_found");
    }

    /*
     * Found in a durability probe: with the database unusable (a full disk, a lock held by another
     * process, the file deleted), logins and changes were answered 500 internal_error, as a defect
     * would be, and each logged a stack trace. They are 503 store_unavailable with Retry-After, and the
     * login counts as that in the metrics.
     */
    @Test
    void writesToADatabaseThatCannotBeUsedAre503StoreUnavailable() throws Exception {
        s = new ServerFixture(dir);
        s.ensureUser("alice");
        String ticket = s.ticket();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            java.nio.file.Files.deleteIfExists(dir.resolve(SqliteStore.FILE_NAME + suffix));
        }

        ServerFixture.Reply change = s.adminCall("POST", "/admin/users", "{\"username\":\"bob\",\"password\":\"a long password\"}");
        JsonNode p = assertProblem(change, 503, "store_unavailable");
        assertThat(p.get("check").asText()).isEqualTo("store");
        assertThat(change.header("Retry-After")).isEqualTo("10");
        assertThat(p.get("detail").asText()).doesNotContain(dir.toString()).contains("try again later");

        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, ticket), null),
                503, "store_unavailable");
        assertThat(Scrape.of(s).counter("palisade_logins_total", "result", "denied", "code", "store_unavailable")).isEqualTo(1);
        assertThat(health().code()).isEqualTo(503);
    }
}
