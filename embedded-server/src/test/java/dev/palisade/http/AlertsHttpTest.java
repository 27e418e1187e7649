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
import java.util.ArrayList;
import java.util.List;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts on a real server: {@code GET/PUT /admin/alerts} (validation by field, partial changes, an admin event
 * naming the actor, kept across a restart), and each kind of {@code alert} event raised by real traffic, not
 * raised when off, not repeated within the minute. The server's clock is fixed, so "a minute" is exact.
 */
class AlertsHttpTest {

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

    private void putAlerts(String json) {
        ServerFixture.Reply r = s.adminCall("PUT", "/admin/alerts", json);
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
    }

    private void anonymousCalls(int n) {
        for (int i = 0; i < n; i++) assertThat(s.get(s.api("/api/notes"), null).code()).isGreaterThanOrEqualTo(400);
    }

    private List<JsonNode> alerts(String kind) {
        List<JsonNode> out = new ArrayList<>();
        s.adminCall("GET", "/admin/events?code=alert&limit=500", null).json().get("items").forEach(e -> {
            if (e.get("check").asText().equals(kind)) out.add(e);
        });
        java.util.Collections.reverse(out); // newest first as listed; oldest first here
        return out;
    }

    /** Alerts come from their own thread, a moment after the traffic: waits until {@code count} of the kind are stored. */
    private List<JsonNode> awaitAlerts(String kind, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = alerts(kind);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = alerts(kind);
        }
        assertThat(found).as(kind + " alerts").hasSize(count);
        return found;
    }

    /** A login from a browser that says it is driven by WebDriver (the ladder's L5); returns the login answer. */
    private JsonNode automatedLogin(String user) {
        s.ensureUser(user);
        ServerFixture.Reply ticket = s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + s.pageNonce()
                + "\",\"debugToken\":\"" + s.debugToken() + "\",\"signals\":{\"webdriver\":true}}", null);
        return s.loginWithTicket(user, ticket);
    }

    @Test
    void theDefaultsAlertOnAutomationAndAutoBlockButNotOnACountOfDenials() {
        JsonNode alerts = s.adminCall("GET", "/admin/alerts", null).json();
        assertThat(alerts.toString()).isEqualTo("{\"deniedPerMinute\":0,\"automationSuspected\":true,\"ipAutoBlocked\":true,"
                + "\"loginsPerUserPer10Minutes\":50,\"loginsBusy\":true}");
    }

    @Test
    void denialsOverTheThresholdRaiseOneAlertAMinuteThatSaysTheCount() throws Exception {
        putAlerts("{\"deniedPerMinute\":3}");
        anonymousCalls(3);
        anonymousCalls(1);
        JsonNode first = awaitAlerts("denied_per_minute", 1).get(0);
        assertThat(first.get("type").asText()).isEqualTo("system");
        assertThat(first.get("detail").asText()).startsWith("4 refused calls and logins within a minute, over the threshold"
                + " of 3 per minute").contains("missing_credentials GET /api/notes from 127.0.0.1");

        anonymousCalls(5); // the same minute, still over: no second alert
        s.clock.advance(Duration.ofSeconds(60));
        anonymousCalls(4); // a minute later, over again
        List<JsonNode> both = awaitAlerts("denied_per_minute", 2);
        assertThat(both.get(1).get("detail").asText()).as("the calls of the first minute left the count; had the five"
                + " calls within it alerted, there would be three alerts").startsWith("4 refused calls");
        assertThat(both.get(1).get("at").asLong() - both.get(0).get("at").asLong()).isEqualTo(60_000);
    }

    @Test
    void aNewAutomatedSessionRaisesOneAlertNamingIt() throws Exception {
        JsonNode login = automatedLogin("alice");
        String sid = login.get("sessionId").asText();
        JsonNode alert = awaitAlerts("automation_suspected", 1).get(0);
        assertThat(alert.get("sessionId").asText()).isEqualTo(sid);
        assertThat(alert.get("user").asText()).isEqualTo("alice");
        assertThat(alert.get("detail").asText()).isEqualTo("new session " + sid + " of alice from 127.0.0.1 began in a"
                + " browser that looks automated (webdriver)");

        // the same session refused for automation on each call: still one alert for it
        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"automation\":\"deny\"}}").code()).isEqualTo(200);
        String token = login.get("accessToken").asText();
        assertProblem(s.get(s.api("/api/notes"), token), 403, "automation_suspected");
        assertProblem(s.get(s.api("/api/notes"), token), 403, "automation_suspected");
        putAlerts("{\"deniedPerMinute\":2}");
        anonymousCalls(1); // a later alert: once it is there, the calls before it were judged
        awaitAlerts("denied_per_minute", 1);
        assertThat(alerts("automation_suspected")).hasSize(1);
    }

    @Test
    void anAutoBlockRaisesAnAlertNamingTheAddress() throws Exception {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":3}").code()).isEqualTo(200);
        anonymousCalls(3);
        JsonNode alert = awaitAlerts("ip_auto_blocked", 1).get(0);
        assertThat(alert.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(alert.get("detail").asText()).startsWith("auto-block: 127.0.0.1 blacklisted for").contains("after 3 denials");
        anonymousCalls(5); // refused as blacklisted now; the address is blocked once
        putAlerts("{\"deniedPerMinute\":1}");
        anonymousCalls(1);
        awaitAlerts("denied_per_minute", 1);
        assertThat(alerts("ip_auto_blocked")).hasSize(1);
    }

    @Test
    void noAlertIsRaisedForWhatIsTurnedOff() throws Exception {
        putAlerts("{\"automationSuspected\":false,\"ipAutoBlocked\":false}");
        automatedLogin("alice");
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":3}").code()).isEqualTo(200);
        anonymousCalls(10);
        assertThat(s.adminCall("GET", "/admin/events?code=ip_auto_blocked", null).json().get("items")).as("it was blocked")
                .hasSize(1);
        putAlerts("{\"deniedPerMinute\":10}");
        anonymousCalls(1); // the 11th refusal this minute: this alert comes after everything above was judged
        awaitAlerts("denied_per_minute", 1);
        JsonNode all = s.adminCall("GET", "/admin/events?code=alert", null).json().get("items");
        assertThat(all).as("only the count of denials alerted").hasSize(1);
    }

    @Test
    void putIsPartialAndAnAdminEventNamesWhoChangedWhat() {
        ServerFixture.Reply r = s.adminCall("PUT", "/admin/alerts", "{\"deniedPerMinute\":120}");
        assertThat(r.json().toString()).isEqualTo("{\"deniedPerMinute\":120,\"automationSuspected\":true,\"ipAutoBlocked\":true,"
                + "\"loginsPerUserPer10Minutes\":50,\"loginsBusy\":true}");
        r = s.adminCall("PUT", "/admin/alerts", "{\"ipAutoBlocked\":false}");
        assertThat(r.json().toString()).isEqualTo("{\"deniedPerMinute\":120,\"automationSuspected\":true,\"ipAutoBlocked\":false,"
                + "\"loginsPerUserPer10Minutes\":50,\"loginsBusy\":true}");
        assertThat(s.adminCall("GET", "/admin/alerts", null).json()).isEqualTo(r.json());

        JsonNode owner = s.adminCall("GET", "/admin/events?type=admin&code=alerts_changed", null).json().get("items");
        assertThat(owner).hasSize(2);
        assertThat(owner.get(0).get("actor").asText()).isEqualTo("owner");
        assertThat(owner.get(0).get("detail").asText()).isEqualTo("alert settings changed: ipAutoBlocked true → false");
        assertThat(owner.get(1).get("detail").asText()).isEqualTo("alert settings changed: deniedPerMinute 0 → 120");
        assertThat(s.adminCall("PUT", "/admin/alerts", "{\"loginsBusy\":false}").json().get("loginsBusy").asBoolean())
                .isFalse();
        assertThat(s.adminCall("GET", "/admin/events?type=admin&code=alerts_changed", null).json().get("items").get(0)
                .get("detail").asText()).isEqualTo("alert settings changed: loginsBusy true → false");

        String operator = s.adminCall("POST", "/admin/operators", "{\"name\":\"night shift\",\"role\":\"operator\"}").json()
                .get("token").asText();
        String viewer = s.adminCall("POST", "/admin/operators", "{\"name\":\"auditor\",\"role\":\"viewer\"}").json()
                .get("token").asText();
        assertThat(call(operator, "PUT", "{\"deniedPerMinute\":50}").code()).isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/events?type=admin&code=alerts_changed", null).json().get("items").get(0)
                .get("actor").asText()).isEqualTo("night shift");
        assertThat(call(viewer, "GET", null).json().get("deniedPerMinute").asInt()).isEqualTo(50);
        assertProblem(call(viewer, "PUT", "{\"deniedPerMinute\":5}"), 403, "forbidden_role");
        assertThat(s.adminCall("GET", "/admin/alerts", null).json().get("deniedPerMinute").asInt()).isEqualTo(50);
    }

    private ServerFixture.Reply call(String token, String method, String json) {
        return s.send(new Request.Builder().url(s.admin("/admin/alerts"))
                .method(method, json == null ? null : RequestBody.create(json, ServerFixture.JSON))
                .header("Authorization", "Bearer " + token).build());
    }

    @Test
    void aBadPutIsRefusedByFieldAndChangesNothing() {
        putAlerts("{\"deniedPerMinute\":7}");
        assertField("{\"deniedPerMinute\":-1}", "deniedPerMinute");
        assertField("{\"deniedPerMinute\":10000001}", "deniedPerMinute");
        assertField("{\"deniedPerMinute\":1.5}", "deniedPerMinute");
        assertField("{\"deniedPerMinute\":\"5\"}", "deniedPerMinute");
        assertField("{\"deniedPerMinute\":null}", "deniedPerMinute");
        assertField("{\"automationSuspected\":\"yes\"}", "automationSuspected");
        assertField("{\"ipAutoBlocked\":1}", "ipAutoBlocked");
        assertField("{\"loginsPerUserPer10Minutes\":-1}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsPerUserPer10Minutes\":10000001}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsPerUserPer10Minutes\":2.5}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsPerUserPer10Minutes\":\"50\"}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsPerUserPer10Minutes\":null}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsPerUserPer10Minutes\":true}", "loginsPerUserPer10Minutes");
        assertField("{\"loginsBusy\":\"false\"}", "loginsBusy");
        assertField("{\"loginsBusy\":0}", "loginsBusy");
        assertField("{\"autoBlock\":true}", "autoBlock");
        JsonNode two = assertProblem(s.adminCall("PUT", "/admin/alerts", "{\"deniedPerMinute\":-3,\"ipAutoBlocked\":false,"
                + "\"automationSuspected\":0}"), 400, "invalid_config");
        assertThat(two.get("errors")).extracting(e -> e.get("field").asText()).containsExactly("deniedPerMinute", "automationSuspected");
        assertProblem(s.adminCall("PUT", "/admin/alerts", "[1]"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/alerts", "{}"), 405, "method_not_allowed");
        assertThat(s.adminCall("GET", "/admin/alerts", null).json().toString()).as("nothing changed")
                .isEqualTo("{\"deniedPerMinute\":7,\"automationSuspected\":true,\"ipAutoBlocked\":true,\"loginsPerUserPer10Minutes\":50,\"loginsBusy\":true}");
    }

    private void assertField(String body, String field) {
        JsonNode p = assertProblem(s.adminCall("PUT", "/admin/alerts", body), 400, "invalid_config");
        assertThat(p.get("errors")).as(body).extracting(e -> e.get("field").asText()).containsExactly(field);
    }

    @Test
    void theSettingsSurviveARestartAndStillAlert() throws Exception {
        putAlerts("{\"deniedPerMinute\":2,\"automationSuspected\":false,\"loginsPerUserPer10Minutes\":2,\"loginsBusy\":false}");
        s.restart();
        assertThat(s.adminCall("GET", "/admin/alerts", null).json().toString())
                .isEqualTo("{\"deniedPerMinute\":2,\"automationSuspected\":false,\"ipAutoBlocked\":true,\"loginsPerUserPer10Minutes\":2,"
                        + "\"loginsBusy\":false}");
        anonymousCalls(3);
        awaitAlerts("denied_per_minute", 1);
        logins("alice", 3);
        assertThat(awaitAlerts("logins_per_user", 1).get(0).get("detail").asText())
                .isEqualTo("3 logins of alice within 10 minutes from 1 address, over the threshold of 2");
    }

    /** {@code user} logs in {@code times} times, each with a page and a ticket of its own: a farm of one user's sessions. */
    private void logins(String user, int times) {
        for (int i = 0; i < times; i++) s.login(user);
    }

    @Test
    void loginsOfOneUserOverTheThresholdRaiseOneAlertInTenMinutesNamingTheUserAndItsAddresses() throws Exception {
        putAlerts("{\"loginsPerUserPer10Minutes\":3}");
        logins("alice", 3);
        logins("bob", 3); // another user's logins are counted apart
        s.clock.advance(Duration.ofMinutes(5));
        okhttp3.OkHttpClient local = s.http;
        s.http = LoopbackAlias.client("127.0.0.2"); // the farm spreads its logins over addresses
        try {
            logins("alice", 1);
        } finally {
            s.http = local;
        }
        JsonNode first = awaitAlerts("logins_per_user", 1).get(0);
        assertThat(first.get("type").asText()).isEqualTo("system");
        assertThat(first.get("user").asText()).isEqualTo("alice");
        assertThat(first.get("detail").asText()).isEqualTo("4 logins of alice within 10 minutes from 2 addresses, over the"
                + " threshold of 3");

        logins("alice", 2); // still over within the same ten minutes: no second alert
        s.clock.advance(Duration.ofMinutes(10)); // every login above is ten minutes old or more: none is counted
        logins("alice", 3);
        putAlerts("{\"deniedPerMinute\":1}");
        anonymousCalls(2); // a later alert: once it is there, the logins before it were judged
        awaitAlerts("denied_per_minute", 1);
        assertThat(alerts("logins_per_user")).as("3 logins in the last ten minutes are not over 3").hasSize(1);
        logins("alice", 1);
        List<JsonNode> both = awaitAlerts("logins_per_user", 2);
        assertThat(both.get(1).get("detail").asText()).isEqualTo("4 logins of alice within 10 minutes from 1 address, over"
                + " the threshold of 3");
        assertThat(both.get(1).get("at").asLong() - both.get(0).get("at").asLong()).isEqualTo(600_000);
    }

    @Test
    void refusedLoginsAndATurnedOffThresholdRaiseNoLoginAlert() throws Exception {
        putAlerts("{\"loginsPerUserPer10Minutes\":2}");
        s.ensureUser("alice");
        for (int i = 0; i < 4; i++) { // a wrong password is refused: it opens no session and is not counted
            assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", "wrong password", s.ticket()), null), 401,
                    "invalid_credentials");
        }
        logins("alice", 2);
        // the alert thread takes events in order and reads the setting as it takes each (review farm56 L6): once it has
        // raised an alert for a later event, it has judged these under the threshold of 2
        automatedLogin("bob");
        awaitAlerts("automation_suspected", 1);
        assertThat(alerts("logins_per_user")).as("4 refused and 2 allowed logins of alice").isEmpty();
        putAlerts("{\"loginsPerUserPer10Minutes\":0}");
        logins("alice", 3);
        automatedLogin("bob");
        awaitAlerts("automation_suspected", 2);
        assertThat(alerts("logins_per_user")).as("5 logins of alice with the alert off").isEmpty();
        JsonNode changed = s.adminCall("GET", "/admin/events?type=admin&code=alerts_changed", null).json().get("items");
        assertThat(changed.get(1).get("detail").asText()).isEqualTo("alert settings changed: loginsPerUserPer10Minutes 50 → 2");
    }
}
