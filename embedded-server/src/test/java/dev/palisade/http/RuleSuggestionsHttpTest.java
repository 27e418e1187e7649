package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/rules/suggestions}: rules learned from how sessions that were never refused call the API. */
class RuleSuggestionsHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[]}").code()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** A person's visit: the notes, then the cart, then the notes again. */
    private void visit(String token) {
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        s.clock.advance(Duration.ofSeconds(20));
        assertThat(s.get(s.api("/api/cart"), token).code()).isEqualTo(200);
        s.clock.advance(Duration.ofSeconds(20));
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
    }

    @Test
    void aCallAlwaysPrecededByAnotherInEveryCleanSessionIsProposedWithItsPreview() {
        for (int i = 0; i < 20; i++) visit(s.token("user" + i));
        // a script that goes straight to the cart: never refused, so it counts against the rule's confidence
        String script = s.token("script");
        assertThat(s.get(s.api("/api/cart"), script).code()).isEqualTo(200);
        JsonNode all = s.adminCall("GET", "/admin/rules/suggestions", null).json().get("suggestions");
        assertThat(all).as(all.toString()).hasSize(1);
        JsonNode first = all.get(0);
        assertThat(first.get("rule").toString()).isEqualTo("{\"type\":\"requires-prior\",\"method\":\"GET\",\"path\":\"/api/cart\","
                + "\"priorMethod\":\"GET\",\"priorPath\":\"/api/notes\",\"withinSeconds\":600}");
        assertThat(first.get("support").asInt()).as("the script's session counts too: it was never refused").isEqualTo(21);
        assertThat(first.get("confidence").asDouble()).isEqualTo(20.0 / 21);
        assertThat(first.get("preview").get("newlyRefused").asLong()).as("the script's cart").isEqualTo(1);
    }

    @Test
    void aSessionThatWasRefusedTeachesNothingAndARuleInForceIsNotProposedAgain() {
        for (int i = 0; i < 6; i++) visit(s.token("user" + i));
        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"GET\","
                + "\"path\":\"/api/cart\",\"priorMethod\":\"GET\",\"priorPath\":\"/api/notes\",\"withinSeconds\":600}]}").code())
                .isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/rules/suggestions", null).json().get("suggestions")).isEmpty();
        assertProblem(s.adminCall("POST", "/admin/rules/suggestions", "{}"), 405, "method_not_allowed");
    }

    @Test
    void tooFewCleanSessionsProposeNothingForSessionsThatWereRefusedAreNoModel() {
        for (int i = 0; i < 4; i++) visit(s.token("user" + i));
        for (int i = 0; i < 3; i++) {
            String token = s.token("refused" + i);
            visit(token);
            ServerFixture.Reply other = s.send(s.request("GET", s.api("/api/notes"), null, token)
                    .header("User-Agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15").build());
            assertThat(other.code()).isEqualTo(401);
        }
        assertThat(s.adminCall("GET", "/admin/rules/suggestions", null).json().get("suggestions"))
                .as("4 clean sessions; the 3 refused ones do not count").isEmpty();
    }
}
