package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Password guessing: throttled per user, never locking the user out of their own browser; a guess spends its ticket. */
class LoginThrottleHttpTest {

    private static final String OWN = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";
    private static final String GUESSER = "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0";

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        s.ensureUser("alice");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** A whole login attempt (page, bootstrap, login) from a browser with this User-Agent. */
    private ServerFixture.Reply login(String agent, String password) {
        String nonce = s.pageNonce();
        String ticket = s.send(new Request.Builder().url(s.api("/auth/bootstrap")).header("User-Agent", agent)
                .post(RequestBody.create("{\"pageNonce\":\"" + nonce + "\",\"debugToken\":\"" + s.debugToken()
                        + "\",\"signals\":{}}", ServerFixture.JSON)).build()).json().get("bootstrapTicket").asText();
        return s.send(new Request.Builder().url(s.api("/auth/login")).header("User-Agent", agent)
                .post(RequestBody.create(s.loginBody("alice", password, ticket), ServerFixture.JSON)).build());
    }

    @Test
    void attemptsRefusedBeforeTheirPasswordIsJudgedHoldNoOneBack() {
        for (int i = 0; i < 4; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        for (int i = 0; i < 3; i++) {
            // a ticket that is not there: refused after the throttle let the attempt begin, before the password
            ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/auth/login")).header("User-Agent", GUESSER)
                    .post(RequestBody.create(s.loginBody("alice", ServerFixture.PASSWORD, "no-such-ticket"), ServerFixture.JSON))
                    .build());
            assertProblem(r, 401, "no_bootstrap");
        }
        assertThat(login(GUESSER, ServerFixture.PASSWORD).code()).as("the fifth try, with the right password").isEqualTo(200);
    }

    @Test
    void guessesFromElsewhereAreThrottledWhileTheUsersOwnBrowserLogsIn() {
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200); // alice's own browser, known from now on
        for (int i = 0; i < 5; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        ServerFixture.Reply sixth = login(GUESSER, "guess 6!");
        JsonNode p = assertProblem(sixth, 429, "login_throttled");
        assertThat(sixth.header("Retry-After")).isEqualTo("1");
        assertThat(p.get("detail").asText()).contains("5 failed logins");
        assertProblem(login(GUESSER, ServerFixture.PASSWORD), 429, "login_throttled"); // the right password waits too
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("alice is not locked out of her browser").isEqualTo(200);

        s.clock.advance(Duration.ofSeconds(1));
        assertProblem(login(GUESSER, "guess 7!"), 401, "invalid_credentials");
        ServerFixture.Reply longer = login(GUESSER, "guess 8!");
        assertProblem(longer, 429, "login_throttled");
        assertThat(longer.header("Retry-After")).as("each wait twice the last").isEqualTo("2");
        assertThat(s.adminCall("GET", "/admin/events?code=login_throttled", null).json().get("items")).hasSize(3);

        s.clock.advance(Duration.ofMinutes(16));
        assertThat(login(GUESSER, ServerFixture.PASSWORD).code()).as("the window passed").isEqualTo(200);
    }

    @Test
    void herOwnBrowserStaysHersAcrossARestartAndASaltRotationWhileItsSessionLives() {
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200); // a live session from her browser
        s.restart();
        for (int i = 0; i < 5; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        assertProblem(login(GUESSER, "guess 6!"), 429, "login_throttled");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("known after a restart").isEqualTo(200);

        assertThat(s.adminCall("POST", "/admin/keys/rotate?ring=fingerprint", null).code()).isEqualTo(201);
        assertProblem(login(GUESSER, "guess 7!"), 429, "login_throttled");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("known under the new salt").isEqualTo(200);

        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\",\"ip\":\"reauth\","
                + "\"acceptLanguage\":\"reauth\"}}").code()).isEqualTo(200);
        assertProblem(login(GUESSER, "guess 8!"), 429, "login_throttled");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("known when another component forces re-authentication").isEqualTo(200);
    }

    /*
     * Session 46's review: a salt rotated since her last login made every browser a user had logged in from a
     * stranger (unless a session from it still lived), so she waited with the guessers at her own browser.
     */
    @Test
    void herOwnBrowserStaysHersAcrossASaltRotationAfterHerSessionEnded() {
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/users/alice/revoke-sessions", null).code()).isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/keys/rotate?ring=fingerprint", null).code()).isEqualTo(201);
        for (int i = 0; i < 5; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        assertProblem(login(GUESSER, "guess 6!"), 429, "login_throttled");

        assertProblem(login(OWN, "a slip of hers"), 401, "invalid_credentials");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("known from before the rotation").isEqualTo(200);

        assertThat(s.adminCall("POST", "/admin/users/alice/revoke-sessions", null).code()).isEqualTo(200);
        s.clock.advance(Duration.ofHours(2)); // past the old salt's grace (an hour): what she did since is known
        for (int i = 0; i < 5; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        assertProblem(login(GUESSER, "guess 6!"), 429, "login_throttled");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("remembered under the new salt").isEqualTo(200);
    }

    /* The read-through of session 48: her slips counted under the old salt's digest stayed on her page after her login. */
    @Test
    void herSlipsFromBeforeASaltRotationAreForgottenWithHerNextLogin() {
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/users/alice/revoke-sessions", null).code()).isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/keys/rotate?ring=fingerprint", null).code()).isEqualTo(201);
        for (int i = 0; i < 3; i++) assertProblem(login(OWN, "a slip " + i), 401, "invalid_credentials");
        assertThat(s.adminCall("GET", "/admin/users/alice", null).json().get("failedLogins").asLong()).isEqualTo(3);

        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200);

        assertThat(s.adminCall("GET", "/admin/users/alice", null).json().get("failedLogins").asLong()).isZero();
    }

    @Test
    void fourFailuresAreFreeAndUnknownUsersAreThrottledAlike() {
        for (int i = 0; i < 4; i++) assertProblem(login(GUESSER, "guess " + i + "!"), 401, "invalid_credentials");
        assertThat(login(GUESSER, ServerFixture.PASSWORD).code()).as("the fifth try may still succeed").isEqualTo(200);

        for (int i = 0; i < 6; i++) {
            String ticket = s.ticket();
            ServerFixture.Reply r = s.postJson(s.api("/auth/login"), s.loginBody("nobody", "guess " + i + "!", ticket), null);
            assertThat(r.json().get("code").asText()).isEqualTo(i < 5 ? "invalid_credentials" : "login_throttled");
        }
    }

    @Test
    void changingTheUserAgentForEachGuessDoesNotBuyMoreGuesses() {
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertProblem(login("Mozilla/5.0 (Windows NT 10.0) Firefox/13" + i + ".0", "guess " + i + "!"), 401,
                    "invalid_credentials");
        }
        assertProblem(login("Mozilla/5.0 (Windows NT 10.0) Firefox/139.0", "guess 9!"), 429, "login_throttled");
        assertThat(login(OWN, ServerFixture.PASSWORD).code()).as("her own browser is counted apart").isEqualTo(200);
    }

    @Test
    void aWrongPasswordSpendsItsTicket() {
        String ticket = s.ticket();
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", "not the password", ticket), null), 401,
                "invalid_credentials");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, ticket), null), 401,
                "no_bootstrap");
    }
}
