package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;


import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Technique 9 over real HTTP: the demo's shipped rules, and rules edited as data. */
class SequenceHttpTest extends ServerTest {




    @Test
    void anOrderWithoutACartIsASequenceViolation() {
        String token = s.token("alice");
        s.postJson(s.api("/api/cart"), "{\"item\":\"book\"}", token);
        JsonNode p = assertProblem(s.postJson(s.api("/api/orders"), "{}", token), 403, "sequence_violation");
        assertThat(p.get("detail").asText()).contains("GET /api/cart");
        s.get(s.api("/api/cart"), token);
        assertThat(s.postJson(s.api("/api/orders"), "{}", token).code()).isEqualTo(201);
    }

    /* Audit 49: the order a rule refused was counted in the rate windows, and her second real order was refused 429. */
    @Test
    void anOrderARuleRefusedCountsInNoRateWindow() {
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":2,"
                + "\"windowSeconds\":60,\"route\":\"/api/orders\"}]}").code()).isEqualTo(200);
        String token = s.token("alice");
        assertProblem(s.postJson(s.api("/api/orders"), "{}", token), 403, "sequence_violation");
        assertProblem(s.postJson(s.api("/api/orders.json"), "{}", token), 403, "sequence_violation");
        for (int i = 0; i < 2; i++) {
            s.postJson(s.api("/api/cart"), "{\"item\":\"book\"}", token);
            s.get(s.api("/api/cart"), token);
            assertThat(s.postJson(s.api("/api/orders"), "{}", token).code()).as("order %d of the window's 2", i + 1).isEqualTo(201);
        }
        assertProblem(s.postJson(s.api("/api/orders"), "{}", token), 429, "rate_limited");
    }

    @Test
    void aPaceHoldsHoweverManyCallsComeBetweenAllowedOrRefused() {
        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"min-interval\",\"method\":\"GET\","
                + "\"path\":\"/api/cart\",\"minMillis\":60000}]}").code()).isEqualTo(200);
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/cart"), token).code()).isEqualTo(200);
        for (int i = 0; i < 16; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/cart"), token), 403, "sequence_violation");

        // calls with the token alone are refused, and were kept in the session's recent calls all the same
        String other = s.token("bob");
        assertThat(s.get(s.api("/api/cart"), other).code()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertProblem(s.send(new okhttp3.Request.Builder().url(s.api("/api/notes")).header("Authorization", "Bearer " + other)
                    .build()), 401, "missing_signature");
        }
        assertProblem(s.get(s.api("/api/cart"), other), 403, "sequence_violation");
    }

    @Test
    void loginsRacingForTheLastPlacesTakeNoMoreThanMaxSessionsAllows() throws Exception {
        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"max-sessions\",\"perIp\":2,"
                + "\"perUser\":0}]}").code()).isEqualTo(200);
        assertThat(ClusterHttpTest.raceLogins(new ServerFixture[] {s}, 10)).containsEntry(200, 2L).containsEntry(429, 8L)
                .hasSize(2);
    }

    @Test
    void sessionFarmingFromOneAddressIsRefused() {
        for (int i = 0; i < 20; i++) s.login("user" + i);
        s.ensureUser("user20");
        ServerFixture.Reply r = s.postJson(s.api("/auth/login"), s.loginBody("user20", ServerFixture.PASSWORD, s.ticket()),
                null);
        assertProblem(r, 429, "too_many_sessions");
        assertThat(r.json().get("detail").asText()).contains("this address");
    }

    @Test
    void rulesAreReadAndReplacedAsData() {
        JsonNode rules = s.adminCall("GET", "/admin/rules", null).json().get("rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("type").asText()).isEqualTo("requires-prior");
        assertThat(rules.get(1).get("perIp").asInt()).isEqualTo(20);

        ServerFixture.Reply put = s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"min-interval\","
                + "\"method\":\"GET\",\"path\":\"/api/notes\",\"minMillis\":60000}]}");
        assertThat(put.code()).isEqualTo(200);
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), token), 403, "sequence_violation");
        s.get(s.api("/api/cart"), token);
        assertThat(s.postJson(s.api("/api/cart"), "{\"item\":\"pen\"}", token).code()).isEqualTo(200);

        ServerFixture.Reply bad = s.adminCall("PUT", "/admin/rules",
                "{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"POST\",\"path\":\"orders\",\"priorMethod\":\"GET\","
                        + "\"priorPath\":\"/api/cart\",\"withinSeconds\":600},{\"type\":\"teleport\"}]}");
        assertProblem(bad, 400, "bad_request");
        assertProblem(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"POST\","
                + "\"path\":\"orders\",\"priorMethod\":\"GET\",\"priorPath\":\"/api/cart\",\"withinSeconds\":600}]}"),
                400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/rules", null).json().get("rules")).hasSize(1);
    }
}
