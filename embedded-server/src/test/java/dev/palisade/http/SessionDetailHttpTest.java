package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.bootstrap.PageChallenge;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code GET /admin/sessions/{id}} tells of a session on a real server (ladder red team 55, M4 and L2): what its
 * bootstrap paid ({@code bootstrap}: the page's bits of work and how long after the page it came, kept across a
 * restart; null without a bootstrap) and the address each of its last calls came from ({@code lastCalls[].ip}).
 */
class SessionDetailHttpTest extends ServerTest {

    private JsonNode detail(String sessionId) {
        ServerFixture.Reply r = s.adminCall("GET", "/admin/sessions/" + sessionId, null);
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static String counters(long[] work) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < work.length; i++) b.append(i == 0 ? "" : ",").append(work[i]);
        return b.append(']').toString();
    }

    /** The way in palisade.js takes: the page's work solved and its challenge answered {@code millis} after the page. */
    private JsonNode loginAfterTheWork(String user, long millis) {
        return loginAfterTheWork(user, millis, "{}");
    }

    /** As {@link #loginAfterTheWork(String, long)}, from a browser whose automation signals are {@code signals}. */
    private JsonNode loginAfterTheWork(String user, long millis, String signals) {
        s.ensureUser(user);
        String nonce = s.pageNonce();
        PageChallenge page = s.server.engine().auth().outstandingPage(nonce);
        s.clock.advance(Duration.ofMillis(millis));
        ServerFixture.Reply ticket = s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + nonce + "\",\"work\":"
                + counters(page.work().solve().counters()) + ",\"answer\":\"" + page.answer() + "\",\"signals\":" + signals + "}", null);
        return s.loginWithTicket(user, ticket);
    }

    @Test
    void aSessionShowsTheWorkItsBootstrapPaidAndHowLongAfterItsPageItCameAlsoAfterARestart() {
        String id = loginAfterTheWork("alice", 830).get("sessionId").asText();
        String paid = "{\"bits\":14,\"sincePageMillis\":830,\"workWaived\":false}";
        assertThat(detail(id).get("bootstrap").toString()).isEqualTo(paid);
        assertThat(s.adminCall("GET", "/admin/sessions?user=alice", null).json().get("items").get(0).get("bootstrap")
                .toString()).as("the list shows it too").isEqualTo(paid);
        assertThat(s.adminCall("GET", "/admin/events?code=allowed&limit=5", null).json().get("items").toString())
                .as("the bootstrap's event said the same").contains("\\\"bits\\\":14").contains("\\\"sincePageMillis\\\":830");

        s.restart();
        assertThat(detail(id).get("bootstrap").toString()).as("kept in the database").isEqualTo(paid);
    }

    @Test
    void aSessionWithoutABootstrapShowsNoneAndOneADebugTokenVouchedForShowsTheWorkWaived() {
        String key = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/auth/login\",\"/api/notes\"]}")
                .json().get("key").asText();
        String robot = s.loginWithApiKey("alice", key).get("sessionId").asText();
        JsonNode none = detail(robot);
        assertThat(none.has("bootstrap")).isTrue();
        assertThat(none.get("bootstrap").isNull()).as("an API key's login had no page").isTrue();

        String tool = s.login("bob").get("sessionId").asText(); // the fixture's logins bootstrap with a debug token
        String waived = "{\"bits\":0,\"sincePageMillis\":0,\"workWaived\":true}";
        assertThat(detail(tool).get("bootstrap").toString()).as("not read as a page that asked no work").isEqualTo(waived);
        s.restart();
        assertThat(detail(tool).get("bootstrap").toString()).as("kept in the database").isEqualTo(waived);
    }

    @Test
    void eachOfTheLastCallsNamesTheAddressItCameFromAndARefusedOneNone() throws IOException {
        JsonNode login = s.login("alice");
        String token = login.get("accessToken").asText();
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        // the session's own /24, which its fingerprint binds: a neighbour with the token and the key is served
        OkHttpClient neighbour = LoopbackAlias.client("127.0.0.2");
        Request fromNeighbour = s.request("GET", s.api("/api/cart"), null, token).build();
        try (Response r = neighbour.newCall(fromNeighbour).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertProblem(s.send(fromNeighbour), 401, "replayed"); // its event names the address; the ring of allowed calls does not

        JsonNode calls = detail(login.get("sessionId").asText()).get("lastCalls");
        assertThat(calls).extracting(c -> c.get("status").asInt() + " " + c.get("path").asText() + " " + c.get("ip"))
                .containsExactly("401 /api/cart null", "200 /api/cart \"127.0.0.2\"", "200 /api/notes \"127.0.0.1\"");
    }

    /*
     * DESIGN's L5 (ladder 58, I1): under the default policy an automated browser's session, once past login, made as many
     * calls as a person's. It is held to automatedSessionRatePercent (50) of each session window, says so in the refusal,
     * the anomaly and the session's ratePercent; a person beside it keeps the whole window, and the setting is live.
     */
    @Test
    void anAutomatedBrowsersSessionIsHeldToItsShareOfTheSessionWindows() {
        // both as a Firefox sends its calls: the person's bootstrap shows no sign of automation, the driven one's its flag
        s.http = s.http.newBuilder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                .header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Site", "same-origin").build())).build();
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":4,\"windowSeconds\":60}]}")
                .code()).isEqualTo(200);
        JsonNode driven = loginAfterTheWork("mallory", 40, "{\"webdriver\":true}");
        JsonNode person = loginAfterTheWork("alice", 900);
        String drivenToken = driven.get("accessToken").asText();
        assertThat(detail(driven.get("sessionId").asText()).get("ratePercent").asInt()).isEqualTo(50);
        assertThat(detail(person.get("sessionId").asText()).get("ratePercent").asInt()).isEqualTo(100);
        assertThat(s.adminCall("GET", "/admin/sessions?user=mallory", null).json().get("items").get(0).get("ratePercent")
                .asInt()).as("the list tells it too").isEqualTo(50);

        for (int i = 0; i < 2; i++) assertThat(s.get(s.api("/api/notes"), drivenToken).code()).isEqualTo(200);
        JsonNode refused = assertProblem(s.get(s.api("/api/notes"), drivenToken), 429, "rate_limited");
        assertThat(refused.get("check").asText()).isEqualTo("rate");
        assertThat(refused.get("detail").asText()).contains("more than 2 calls per 60 s for this session")
                .contains("the window's 4, cut to 2 since this session began in a browser that looked automated");
        assertThat(s.adminCall("GET", "/admin/events?type=rate_anomaly", null).json().get("items").get(0).get("detail").asText())
                .contains("\"limit\":2").contains("\"windowLimit\":4").contains("\"slowed\":\"automation\"");
        for (int i = 0; i < 4; i++) {
            assertThat(s.get(s.api("/api/notes"), person.get("accessToken").asText()).code()).as("the person's call " + (i + 1))
                    .isEqualTo(200);
        }

        assertThat(s.adminCall("PUT", "/admin/config", "{\"automatedSessionRatePercent\":100}").code()).isEqualTo(200);
        assertThat(detail(driven.get("sessionId").asText()).get("ratePercent").asInt()).isEqualTo(100);
        assertThat(s.get(s.api("/api/notes"), drivenToken).code()).as("its third call, the whole window now").isEqualTo(200);
        assertProblem(s.adminCall("PUT", "/admin/config", "{\"automatedSessionRatePercent\":0}"), 400, "invalid_config");
        // with no session window to cut, no share is in force to tell (review 61, I1: it said 50 all the same)
        assertThat(s.adminCall("PUT", "/admin/config", "{\"automatedSessionRatePercent\":50}").code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"ip\",\"limit\":40,\"windowSeconds\":60}]}")
                .code()).isEqualTo(200);
        assertThat(detail(driven.get("sessionId").asText()).get("ratePercent").asInt()).isEqualTo(100);
    }
}
