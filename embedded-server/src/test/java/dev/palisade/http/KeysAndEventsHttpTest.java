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

/** Promises that only a real server on a real SQLite file can keep: key rotation grace, events written at stop. */
class KeysAndEventsHttpTest {

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
    void aRotatedKeyVerifiesForItsGraceOnlyAcrossARestart() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":60}").code()).isEqualTo(200);
        String before = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), before).code()).isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).isEqualTo(201);
        s.restart(); // the key ring comes back from the database
        assertThat(s.get(s.api("/api/notes"), before).code()).as("inside the grace").isEqualTo(200);
        String after = s.postJson(s.api("/auth/refresh"), "{}", before).json().get("accessToken").asText();
        s.clock.advance(Duration.ofSeconds(61));
        JsonNode p = assertProblem(s.get(s.api("/api/notes"), before), 401, "invalid_token");
        assertThat(p.get("detail").asText()).contains("key");
        assertThat(s.get(s.api("/api/notes"), after).code()).as("a token from the new key").isEqualTo(200);
        JsonNode keys = s.adminCall("GET", "/admin/keys", null).json();
        assertThat(keys.toString()).contains("retired");
    }

    @Test
    void aKeyThatStoppedVerifyingStaysRetiredWhenTheGraceIsRaisedAgain() {
        // an operator kills a leaked key: rotate with no grace; later the default grace comes back
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":0}").code()).isEqualTo(200);
        String leaked = s.token("alice");
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).isEqualTo(201);
        assertProblem(s.get(s.api("/api/notes"), leaked), 401, "invalid_token");
        // the trail said "the previous one verifies for 0 s" (session 48's console helper)
        assertThat(s.adminCall("GET", "/admin/events?type=admin&code=signing_key_rotated", null).json().get("items").get(0)
                .get("detail").asText()).contains("stopped verifying at once").contains("every user logs in again");

        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":3600}").code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), leaked), 401, "invalid_token");
        JsonNode killed = s.adminCall("GET", "/admin/keys", null).json().get("items").get(0);
        assertThat(killed.get("state").asText()).isEqualTo("retired");
        assertThat(killed.get("verifiesUntil").asLong()).as("in the past").isLessThanOrEqualTo(s.clock.millis());
        s.restart();
        assertProblem(s.get(s.api("/api/notes"), leaked), 401, "invalid_token");
    }

    @Test
    void aGraceLoweredToEndAKeyCannotBeRaisedToBringItBack() {
        String kept = s.token("alice");
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).isEqualTo(201);
        assertThat(s.get(s.api("/api/notes"), kept).code()).as("inside the default grace").isEqualTo(200);
        s.clock.advance(Duration.ofSeconds(10));
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":5}").code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), kept), 401, "invalid_token");
        try (var store = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            assertThat(store.loadSigningKeys("jwt").stream().filter(k -> !k.isCurrent()).findFirst().orElseThrow().secret())
                    .as("erased at once, for another node that raises the grace before any maintenance run").isEmpty();
        }
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":3600}").code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), kept), 401, "invalid_token");
    }

    @Test
    void aGraceRaisedWhileAKeyStillVerifiesLengthensIt() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":60}").code()).isEqualTo(200);
        String kept = s.token("alice");
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).isEqualTo(201);
        s.clock.advance(Duration.ofSeconds(30));
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":120}").code()).isEqualTo(200);
        s.clock.advance(Duration.ofSeconds(60));
        assertThat(s.get(s.api("/api/notes"), kept).code()).as("90 s after, inside the raised grace").isEqualTo(200);
    }

    @Test
    void everyEventIsWrittenThroughAStop() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
        for (int i = 0; i < 500; i++) s.get(s.api("/api/notes?i=" + i), null);
        s.restart(); // a clean stop drains the queue into SQLite before the store closes
        JsonNode refused = s.adminCall("GET", "/admin/events?code=missing_credentials&limit=1000", null).json().get("items");
        assertThat(refused).hasSize(500);
        assertThat(refused.get(0).get("path").asText()).isEqualTo("/api/notes");
    }
}
