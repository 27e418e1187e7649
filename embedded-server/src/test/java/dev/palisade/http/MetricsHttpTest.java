package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} on a real server, scraped and read with a Prometheus text-format parser: every
 * decision, login and figure moves by what the traffic sent, exactly; the door is the admin one.
 */
class MetricsHttpTest {

    private static final String DECISIONS = "palisade_decisions_total";
    private static final String[] MISSING = {"result", "denied", "code", "missing_credentials", "check", "credentials"};
    private static final String[] ALLOWED = {"result", "allowed", "code", "allowed", "check", "none"};

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void refusedAndAllowedCallsAreCountedByResultCodeAndCheck() {
        String token = s.token("alice");
        Scrape before = Scrape.of(s);
        for (int i = 0; i < 3; i++) assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials");
        assertProblem(s.get(s.api("/api/notes"), "not-a-token"), 401, "invalid_token");
        for (int i = 0; i < 2; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        Scrape after = Scrape.of(s);

        assertThat(after.counter(DECISIONS, MISSING) - before.counter(DECISIONS, MISSING)).isEqualTo(3);
        assertThat(after.counter(DECISIONS, "result", "denied", "code", "invalid_token", "check", "token")
                - before.counter(DECISIONS, "result", "denied", "code", "invalid_token", "check", "token")).isEqualTo(1);
        assertThat(after.counter(DECISIONS, ALLOWED) - before.counter(DECISIONS, ALLOWED)).isEqualTo(2);
        assertThat(after.observations("palisade_decision_duration_seconds", "result", "denied")
                - before.observations("palisade_decision_duration_seconds", "result", "denied")).isEqualTo(4);
        assertThat(after.observations("palisade_decision_duration_seconds", "result", "allowed")
                - before.observations("palisade_decision_duration_seconds", "result", "allowed")).isEqualTo(2);
    }

    @Test
    void loginsAreCountedAndTimedByOutcome() {
        Scrape before = Scrape.of(s);
        s.token("alice");
        ServerFixture.Reply wrong = s.postJson(s.api("/auth/login"), s.loginBody("alice", "wrong password", s.ticket()), null);
        assertProblem(wrong, 401, "invalid_credentials");
        Scrape after = Scrape.of(s);

        assertThat(after.counter("palisade_logins_total", "result", "allowed", "code", "allowed")).isEqualTo(1);
        assertThat(after.counter("palisade_logins_total", "result", "denied", "code", "invalid_credentials")).isEqualTo(1);
        assertThat(before.counter("palisade_logins_total", "result", "allowed", "code", "allowed")).isZero();
        assertThat(after.observations("palisade_login_duration_seconds", "result", "allowed")).isEqualTo(1);
        assertThat(after.observations("palisade_login_duration_seconds", "result", "denied")).isEqualTo(1);
    }

    /** The ladder's upper rungs are refused at bootstrap, where no metric counted them. */
    @Test
    void bootstrapsAreCountedByOutcome() {
        Scrape before = Scrape.of(s);
        s.ticket();
        assertProblem(s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + s.pageNonce() + "\",\"signals\":{}}", null),
                401, "work_required");
        Scrape after = Scrape.of(s);
        assertThat(after.counter("palisade_bootstraps_total", "result", "allowed", "code", "allowed")
                - before.counter("palisade_bootstraps_total", "result", "allowed", "code", "allowed")).isEqualTo(1);
        assertThat(after.counter("palisade_bootstraps_total", "result", "denied", "code", "work_required")).isEqualTo(1);
    }

    @Test
    void figuresTheServerKeepsAreReadAtEachScrape() {
        Scrape empty = Scrape.of(s);
        assertThat(empty.gauge("palisade_sessions")).isZero();
        String token = s.token("alice");
        s.token("bob");
        s.pageNonce(); // a page served, not redeemed
        for (int i = 0; i < 3; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        Scrape now = Scrape.of(s);

        assertThat(now.gauge("palisade_sessions")).isEqualTo(2);
        assertThat(now.gauge("palisade_sessions_limit")).isPositive();
        assertThat(now.gauge("palisade_nonce_store_nonces")).isEqualTo(3); // the signed calls' nonces
        assertThat(now.gauge("palisade_nonce_store_fill_ratio")).isPositive().isLessThan(1);
        assertThat(now.gauge("palisade_page_nonces")).isEqualTo(1);
        assertThat(now.gauge("palisade_page_nonce_store_fill_ratio")).isPositive().isLessThan(1);
        assertThat(now.gauge("palisade_event_queue_capacity")).isPositive();
        assertThat(now.gauge("palisade_event_queue_depth")).isBetween(0.0, now.gauge("palisade_event_queue_capacity"));
        assertThat(now.counter("palisade_events_dropped_total")).isZero();
        assertThat(now.counter("palisade_upstream_errors_total", "code", "upstream_unavailable")).isZero();
        // the JVM's, from the client's own instrumentation
        assertThat(now.has("jvm_memory_used_bytes")).isTrue();
        assertThat(now.has("jvm_threads_current")).isTrue();
    }

    @Test
    void aViewerMayScrapeButNoTokenOrAWrongOneMayNot() {
        JsonNode viewer = s.adminCall("POST", "/admin/operators", "{\"name\":\"prometheus\",\"role\":\"viewer\"}").json();
        assertThat(scrape(viewer.get("token").asText()).code()).isEqualTo(200);

        assertProblem(s.send(new Request.Builder().url(s.admin("/metrics")).build()), 401, "admin_unauthorized");
        String owner = s.server.adminToken();
        String wrong = owner.substring(0, owner.length() - 1) + (owner.endsWith("A") ? "B" : "A");
        assertProblem(scrape(wrong), 401, "admin_unauthorized");
        assertProblem(s.send(new Request.Builder().url(s.admin("/metrics")).post(okhttp3.RequestBody.create("", ServerFixture.JSON))
                .header("Authorization", "Bearer " + owner).build()), 405, "method_not_allowed");
        // the public listener has no /metrics
        assertProblem(s.send(new Request.Builder().url(s.api("/metrics")).header("Authorization", "Bearer " + owner).build()),
                404, "not_found");
    }

    private ServerFixture.Reply scrape(String token) {
        return s.send(new Request.Builder().url(s.admin("/metrics")).header("Authorization", "Bearer " + token).build());
    }
}
