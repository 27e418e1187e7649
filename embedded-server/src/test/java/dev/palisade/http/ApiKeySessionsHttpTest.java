package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions opened with an API key in place of a ticket (docs/protocol.md, "API keys"): revoking the key
 * ends them as an operator's revocation of a session does, after a restart too, and ends no other.
 */
class ApiKeySessionsHttpTest extends ServerTest {

    @Test
    void revokingAKeyEndsTheSessionsItOpenedAndNoOther() {
        JsonNode robot = loginKey("robot");
        JsonNode other = loginKey("other");
        String byRobot = s.loginWithApiKey("alice", secret(robot)).get("accessToken").asText();
        String byRobotForBob = s.loginWithApiKey("bob", secret(robot)).get("accessToken").asText();
        String byOther = s.loginWithApiKey("alice", secret(other)).get("accessToken").asText();
        String browser = s.token("alice");
        for (String token : List.of(byRobot, byRobotForBob, byOther, browser)) {
            assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        }

        assertThat(s.adminCall("DELETE", "/admin/apikeys/" + robot.get("id").asText(), null).code()).isEqualTo(204);

        assertProblem(s.get(s.api("/api/notes"), byRobot), 401, "session_revoked");
        assertProblem(s.get(s.api("/api/notes"), byRobotForBob), 401, "session_revoked");
        assertProblem(s.postJson(s.api("/auth/refresh"), "{}", byRobot), 401, "session_revoked");
        assertThat(state("alice", byRobot)).isEqualTo("revoked");
        assertThat(state("bob", byRobotForBob)).isEqualTo("revoked");
        assertThat(s.get(s.api("/api/notes"), byOther).code()).as("a session another key opened").isEqualTo(200);
        assertThat(s.get(s.api("/api/notes"), browser).code()).as("the user's browser session").isEqualTo(200);
        assertThat(state("alice", byOther)).isEqualTo("active");
        assertThat(state("alice", browser)).isEqualTo("active");
        assertThat(s.adminCall("GET", "/admin/events?type=admin&code=api_key_revoked", null).json().get("items").get(0)
                .get("detail").asText()).contains("2 sessions revoked");
    }

    @Test
    void aKeyRevokedAfterARestartEndsTheSessionsItOpenedBeforeAndTheyStayEndedAfterTheNext() {
        JsonNode robot = loginKey("robot");
        JsonNode other = loginKey("other");
        String byRobot = s.loginWithApiKey("alice", secret(robot)).get("accessToken").asText();
        String byOther = s.loginWithApiKey("alice", secret(other)).get("accessToken").asText();
        s.restart(); // the sessions come back from the database, with the key that opened each

        assertThat(s.get(s.api("/api/notes"), byRobot).code()).isEqualTo(200);
        assertThat(s.adminCall("DELETE", "/admin/apikeys/" + robot.get("id").asText(), null).code()).isEqualTo(204);
        assertProblem(s.get(s.api("/api/notes"), byRobot), 401, "session_revoked");

        s.restart();
        assertProblem(s.get(s.api("/api/notes"), byRobot), 401, "session_revoked");
        assertThat(state("alice", byRobot)).isEqualTo("revoked");
        assertThat(s.get(s.api("/api/notes"), byOther).code()).isEqualTo(200);
    }

    /** A key that may log in (and call the notes). */
    private JsonNode loginKey(String name) {
        ServerFixture.Reply created = s.adminCall("POST", "/admin/apikeys",
                "{\"name\":\"" + name + "\",\"scopes\":[\"/auth/login\",\"/api/notes\"]}");
        assertThat(created.code()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String secret(JsonNode key) { return key.get("key").asText(); }

    /** The state GET /admin/sessions shows for the session of a token. */
    private String state(String user, String token) {
        String id = s.sessionOf(token);
        for (JsonNode session : s.adminCall("GET", "/admin/sessions?user=" + user, null).json().get("items")) {
            if (session.get("id").asText().equals(id)) return session.get("state").asText();
        }
        throw new AssertionError("no session " + id + " of " + user + " listed");
    }
}
