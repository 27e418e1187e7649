package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;


import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Technique 8 over real HTTP: a scraping burst meets 429 with Retry-After, and the operator sees it. */
class RateHttpTest extends ServerTest {




    @Test
    void aBurstBeyondTheDefaultWindowsIsRefusedWithRetryAfter() {
        String token = s.token("alice");
        int allowed = 0;
        ServerFixture.Reply refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            ServerFixture.Reply r = s.get(s.api("/api/notes"), token);
            if (r.code() == 200) allowed++;
            else refused = r;
        }
        assertThat(allowed).isEqualTo(20);
        assertProblem(refused, 429, "rate_limited");
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        JsonNode anomaly = s.adminCall("GET", "/admin/events?type=rate_anomaly", null).json().get("items").get(0);
        assertThat(anomaly.get("detail").asText()).contains("\"limit\":20").contains("\"scope\":\"session\"");
        assertThat(anomaly.get("user").asText()).isEqualTo("alice");
    }

    @Test
    void windowsAreTunedLiveThroughTheAdminApi() {
        JsonNode windows = s.adminCall("GET", "/admin/windows", null).json().get("windows");
        assertThat(windows).anySatisfy(w -> {
            assertThat(w.get("scope").asText()).isEqualTo("session");
            assertThat(w.get("limit").asInt()).isEqualTo(20);
        });
        ServerFixture.Reply put = s.adminCall("PUT", "/admin/windows",
                "{\"windows\":[{\"scope\":\"session\",\"limit\":2,\"windowSeconds\":60,\"route\":\"/api/notes\"}]}");
        assertThat(put.code()).isEqualTo(200);
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), token), 429, "rate_limited");
        assertThat(s.get(s.api("/api/cart"), token).code()).as("outside the route group").isEqualTo(200);

        ServerFixture.Reply bad = s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"planet\",\"limit\":1,\"windowSeconds\":1}]}");
        assertProblem(bad, 400, "bad_request");
        assertProblem(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"ip\",\"limit\":-1,\"windowSeconds\":1}]}"),
                400, "bad_request");
        assertProblem(s.adminCall("PUT", "/admin/windows", "{\"windows\":{}}"), 400, "bad_request");
    }
}
