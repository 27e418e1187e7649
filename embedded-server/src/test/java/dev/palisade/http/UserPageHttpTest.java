package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** What the console's user page does through the admin API (issue 15, part 2), on a real server. */
class UserPageHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
        s.ensureUser("alice");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private ServerFixture.Reply login(String user, String password) {
        return s.postJson(s.api("/auth/login"), s.loginBody(user, password, s.ticket()), null);
    }

    @Test
    void aThrottledUserIsShownAndTheThrottleCanBeLifted() {
        for (int i = 0; i < 6; i++) assertThat(login("alice", "wrong guess " + i).code()).isIn(401, 429);
        JsonNode alice = s.adminCall("GET", "/admin/users/alice", null).json();
        assertThat(alice.get("failedLogins").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(alice.get("retryAfterSeconds").asLong()).isPositive();
        assertThat(alice.get("disabled").asBoolean()).isFalse();
        assertProblem(login("alice", ServerFixture.PASSWORD), 429, "login_throttled");
        assertThat(s.adminCall("DELETE", "/admin/users/alice/login-throttle", null).code()).isEqualTo(204);
        assertThat(s.adminCall("GET", "/admin/users/alice", null).json().get("failedLogins").asLong()).isZero();
        assertThat(login("alice", ServerFixture.PASSWORD).code()).isEqualTo(200);
        JsonNode events = s.adminCall("GET", "/admin/events?type=admin&code=login_throttle_lifted", null).json().get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("actor").asText()).isEqualTo("owner");
    }

    @Test
    void aNewPasswordReplacesTheOldAndRevokingSessionsEndsThem() {
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/users/alice", "{\"password\":\"a brand new secret\"}").code()).isEqualTo(200);
        assertProblem(login("alice", ServerFixture.PASSWORD), 401, "invalid_credentials");
        assertThat(login("alice", "a brand new secret").code()).isEqualTo(200);
        ServerFixture.Reply revoked = s.adminCall("POST", "/admin/users/alice/revoke-sessions", null);
        assertThat(revoked.code()).isEqualTo(200);
        assertThat(revoked.json().get("revoked").asInt()).isEqualTo(2);
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(401);
    }

    @Test
    void aDisabledUserLosesTheirSessionsAndCannotLogInAcrossARestartUntilEnabled() {
        String token = s.token("alice");
        JsonNode disabled = s.adminCall("PUT", "/admin/users/alice", "{\"disabled\":true}").json();
        assertThat(disabled.get("disabled").asBoolean()).isTrue();
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(401);
        assertProblem(login("alice", ServerFixture.PASSWORD), 403, "user_disabled");
        assertProblem(login("alice", "a wrong guess"), 401, "invalid_credentials");
        s.restart();
        assertProblem(login("alice", ServerFixture.PASSWORD), 403, "user_disabled");
        assertThat(s.adminCall("GET", "/admin/users", null).body()).contains("\"disabled\":true");
        assertThat(s.adminCall("PUT", "/admin/users/alice", "{\"disabled\":false}").code()).isEqualTo(200);
        assertThat(login("alice", ServerFixture.PASSWORD).code()).isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/events?type=admin&code=user_disabled", null).json().get("items").get(0)
                .get("detail").asText()).isEqualTo("user alice disabled; 1 sessions revoked");
    }

    @Test
    void theEventsOfOneUserCanBeListed() {
        s.ensureUser("bob");
        login("alice", "wrong one");
        login("bob", "wrong two");
        JsonNode alices = s.adminCall("GET", "/admin/events?user=alice&type=auth", null).json().get("items");
        assertThat(alices).isNotEmpty().allSatisfy(e -> assertThat(e.get("user").asText()).isEqualTo("alice"));
    }

    @Test
    void changesThatAreNotAUsersAndUnknownUsersAreRefused() {
        assertThat(assertProblem(s.adminCall("PUT", "/admin/users/alice", "{}"), 400, "bad_request").toString()).contains("password");
        assertThat(assertProblem(s.adminCall("PUT", "/admin/users/alice", "{\"disabled\":\"yes\"}"), 400, "bad_request").toString())
                .contains("disabled");
        assertThat(assertProblem(s.adminCall("PUT", "/admin/users/alice", "{\"role\":\"admin\"}"), 400, "bad_request").toString())
                .contains("role");
        assertThat(assertProblem(s.adminCall("PUT", "/admin/users/alice", "{\"password\":\"short\"}"), 400, "bad_request").toString())
                .contains("password");
        assertThat(assertProblem(s.adminCall("PUT", "/admin/users/alice", "{\"password\":42}"), 400, "bad_request").toString())
                .contains("password");
        assertProblem(s.adminCall("GET", "/admin/users/nobody", null), 404, "not_found");
        assertProblem(s.adminCall("PUT", "/admin/users/nobody", "{\"disabled\":true}"), 404, "not_found");
        assertProblem(s.adminCall("POST", "/admin/users/nobody/revoke-sessions", null), 404, "not_found");
        assertProblem(s.adminCall("DELETE", "/admin/users/nobody/login-throttle", null), 404, "not_found");
        assertProblem(s.adminCall("POST", "/admin/users/alice/login-throttle", null), 405, "method_not_allowed");
        assertThat(login("alice", ServerFixture.PASSWORD).code()).as("nothing changed").isEqualTo(200);
    }
}
