package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/timeline}: the console's longer time ranges (issue 15, part 2) on a real server and SQLite file. */
class TimelineHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private static long sum(JsonNode points, String field) {
        long n = 0;
        for (JsonNode p : points) n += p.get(field).asLong();
        return n;
    }

    @Test
    void allowedCallsAndRefusalsPerStepAndTheRefusalsByReasonAddressAndSessionSurviveARestart() {
        String token = s.token("alice");
        for (int i = 0; i < 5; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        for (int i = 0; i < 3; i++) assertThat(s.get(s.api("/api/notes"), null).code()).isEqualTo(401);
        assertThat(s.get(s.api("/api/notes"), "not-a-token").code()).isEqualTo(401);
        JsonNode day = s.adminCall("GET", "/admin/timeline?step=900&from=" + (s.clock.millis() - 86_400_000L), null).json();
        assertThat(day.get("step").asLong()).isEqualTo(900);
        assertThat(day.get("points")).hasSizeBetween(96, 97);
        for (JsonNode p : day.get("points")) assertThat(p.get("t").asLong() % 900_000).as("round times").isZero();
        assertThat(sum(day.get("points"), "allowed")).isEqualTo(5);
        assertThat(sum(day.get("points"), "denied")).isEqualTo(4);
        assertThat(day.get("reasons").toString()).isEqualTo(
                "[{\"key\":\"missing_credentials\",\"count\":3},{\"key\":\"invalid_token\",\"count\":1}]");
        assertThat(day.get("priceReasons").toString()).as("none refused by price").isEqualTo("[]");
        assertThat(day.get("ips").get(0).get("key").asText()).isEqualTo("127.0.0.1");
        assertThat(day.get("ips").get(0).get("count").asLong()).isEqualTo(4);

        s.restart();
        JsonNode hour = s.adminCall("GET", "/admin/timeline", null).json();
        assertThat(hour.get("step").asLong()).as("a minute by default").isEqualTo(60);
        assertThat(hour.get("points")).hasSizeBetween(60, 61);
        assertThat(sum(hour.get("points"), "allowed")).as("the rollups were written at the stop").isEqualTo(5);
        assertThat(sum(hour.get("points"), "denied")).isEqualTo(4);
        JsonNode before = s.adminCall("GET", "/admin/timeline?to=" + (s.clock.millis() - 3_600_000L), null).json();
        assertThat(sum(before.get("points"), "allowed") + sum(before.get("points"), "denied")).as("an earlier hour").isZero();
    }

    /*
     * The defence against L4 refuses with reauth_required and no_bootstrap, which other checks use too: a longer range
     * of the Overview counted it as theirs (console audit 59). A session opened at the clean price from 127.0.0.1 is
     * used from its /24 neighbour after eleven refusals there: the neighbour's pages ask three bits more.
     */
    @Test
    void aPriceRefusalIsCountedApartByItsCodeAndWithTheOtherRefusals() throws IOException {
        s.ensureUser("alice");
        String nonce = s.pageNonce();
        dev.palisade.engine.bootstrap.PageChallenge page = s.server.engine().auth().outstandingPage(nonce);
        s.clock.advance(Duration.ofMillis(500));
        StringBuilder work = new StringBuilder("[");
        for (long c : page.work().solve().counters()) work.append(work.length() > 1 ? "," : "").append(c);
        ServerFixture.Reply ticket = s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + nonce + "\",\"work\":"
                + work + "],\"answer\":\"" + page.answer() + "\",\"signals\":{}}", null);
        String token = s.loginWithTicket("alice", ticket).get("accessToken").asText();
        okhttp3.OkHttpClient neighbour = LoopbackAlias.client("127.0.0.2");
        for (int i = 0; i < 11; i++) {
            try (okhttp3.Response r = neighbour.newCall(s.request("GET", s.api("/api/notes"), null, null).build()).execute()) {
                assertThat(r.code()).isEqualTo(401);
            }
        }
        try (okhttp3.Response r = neighbour.newCall(s.request("GET", s.api("/api/notes"), null, token).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.body().string()).contains("\"reauth_required\"").contains("\"check\":\"price\"");
        }

        JsonNode hour = s.adminCall("GET", "/admin/timeline", null).json();
        assertThat(hour.get("priceReasons").toString()).isEqualTo("[{\"key\":\"reauth_required\",\"count\":1}]");
        assertThat(hour.get("reasons").toString()).as("counted with the others too").isEqualTo(
                "[{\"key\":\"missing_credentials\",\"count\":11},{\"key\":\"reauth_required\",\"count\":1}]");
        // session 61: the Overview's plain reauth_required row (what is left after the price row) opens none of them
        assertThat(s.adminCall("GET", "/admin/events?code=reauth_required&check=!price", null).json().get("items")).isEmpty();
        assertThat(s.adminCall("GET", "/admin/events?code=reauth_required&check=price", null).json().get("items")).hasSize(1);
        assertThat(s.adminCall("GET", "/admin/events?type=decision&check=!price", null).json().get("items"))
                .extracting(x -> x.get("code").asText()).containsOnly("missing_credentials").hasSize(11);
    }

    @Test
    void stepsThatAreNotWholeMinutesTooManyPointsAndBackwardRangesAreRefusedByName() {
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?step=90", null), 400, "bad_request").toString()).contains("step");
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?step=30", null), 400, "bad_request").toString()).contains("step");
        long now = s.clock.millis();
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?step=60&from=" + (now - 7 * 86_400_000L), null),
                400, "bad_request").toString()).contains("step");
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?from=" + now + "&to=" + (now - 60_000), null),
                400, "bad_request").toString()).contains("to");
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?from=soon", null), 400, "bad_request").toString()).contains("from");
        // backwards within one step: the from rounded down to the step lay before the to, and it answered 200
        long round = now - Math.floorMod(now, 60_000);
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?from=" + (round + 10) + "&to=" + (round + 5), null),
                400, "bad_request").toString()).contains("to");
        assertProblem(s.adminCall("DELETE", "/admin/timeline", null), 405, "method_not_allowed");
        // 2 000 steps are 2 000 points; a millisecond more starts a 2 001st (contract audit 60, L1)
        long start = round - 2_000 * 60_000L;
        assertThat(s.adminCall("GET", "/admin/timeline?from=" + start + "&to=" + round, null).json().get("points"))
                .hasSize(2_000);
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?from=" + start + "&to=" + (round + 1), null), 400,
                "bad_request").toString()).contains("step");
    }

    @Test
    void timesOutsideTheCalendarAreRefusedNotWrappedAround() {
        // to - from would wrap to a negative span and pass the point limit: a loop of 10^14 points
        String wrapping = "from=-9000000000000000000&to=9000000000000000000";
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?step=60&" + wrapping, null), 400, "bad_request")
                .toString()).contains("from");
        assertThat(assertProblem(s.adminCall("GET", "/admin/timeline?to=" + Long.MAX_VALUE, null), 400, "bad_request")
                .toString()).contains("to");
        assertThat(assertProblem(s.adminCall("GET", "/admin/traffic?from=" + Long.MIN_VALUE, null), 400, "bad_request")
                .toString()).contains("from");
        assertThat(assertProblem(s.adminCall("GET", "/admin/events?to=-1", null), 400, "bad_request").toString()).contains("to");
        assertThat(s.adminCall("GET", "/admin/timeline?step=604800&from=0&to=604800000", null).code())
                .as("the epoch itself is a time").isEqualTo(200);
        // an hour before a to near the epoch was answered as a from before 1970
        assertThat(s.adminCall("GET", "/admin/timeline?to=60000", null).json().get("from").asLong()).isZero();
        assertThat(s.adminCall("GET", "/admin/traffic?to=60000", null).json().get("from").asLong()).as("and the traffic's").isZero();
        long last = 253_402_300_799_999L; // the end of 9999
        assertThat(s.adminCall("GET", "/admin/traffic?from=0&to=" + last, null).code()).as("so is the end of 9999").isEqualTo(200);
        assertProblem(s.adminCall("GET", "/admin/traffic?from=0&to=" + (last + 1), null), 400, "bad_request");
    }
}
