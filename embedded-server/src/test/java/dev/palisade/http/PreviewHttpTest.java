package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /admin/preview}: "what if" before apply (issue 15, part 3), over real traffic on a real server. */
class PreviewHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;
    private String token;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
        token = s.token("alice");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private JsonNode preview(String body) {
        ServerFixture.Reply r = s.adminCall("POST", "/admin/preview", body);
        assertThat(r.code()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void tighterWindowsWouldHaveRefusedTheCallsAboveTheNewLimitAndNothingChanges() {
        for (int i = 0; i < 8; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        String windows = s.adminCall("GET", "/admin/windows", null).body();
        JsonNode p = preview("{\"windows\":[{\"scope\":\"session\",\"limit\":5,\"windowSeconds\":60,\"route\":\"/api\"}]}");
        assertThat(p.get("newlyRefused").asLong()).isEqualTo(3);
        assertThat(p.get("newlyAllowed").asLong()).isZero();
        assertThat(p.get("calls").asLong()).isGreaterThanOrEqualTo(8);
        assertThat(p.get("sessions").asLong()).isEqualTo(1);
        assertThat(p.get("users").asLong()).isEqualTo(1);
        assertThat(p.get("addresses").asLong()).isEqualTo(1);
        assertThat(p.get("examples")).hasSize(3);
        JsonNode first = p.get("examples").get(0);
        assertThat(first.get("before").asText()).isEqualTo("allowed");
        assertThat(first.get("after").asText()).isEqualTo("rate_limited");
        assertThat(first.get("path").asText()).isEqualTo("/api/notes");
        assertThat(first.get("user").asText()).isEqualTo("alice");
        assertThat(first.get("why").asText()).contains("5 per 60 s");
        assertThat(s.adminCall("GET", "/admin/windows", null).body()).as("a preview changes nothing").isEqualTo(windows);
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        JsonNode loose = preview("{\"windows\":[{\"scope\":\"session\",\"limit\":50,\"windowSeconds\":60}]}");
        assertThat(loose.get("newlyRefused").asLong()).isZero();
    }

    /** Cluster audit 62, M1: a node of a cluster says it replayed its own part; a server alone says it replayed all. */
    @Test
    void aServerAloneSaysItsPreviewCoversTheWholeServer() {
        JsonNode p = preview("{\"windows\":[{\"scope\":\"session\",\"limit\":5,\"windowSeconds\":60}]}");
        assertThat(p.get("scope").asText()).isEqualTo("server");
        assertThat(p.has("node")).isFalse();
        assertThat(p.has("nodes")).isFalse();
    }

    @Test
    void looserWindowsWouldHaveLetThroughWhatTheCurrentOnesRefused() {
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":2,\"windowSeconds\":60}]}")
                .code()).isEqualTo(200);
        for (int i = 0; i < 5; i++) s.get(s.api("/api/notes"), token);
        JsonNode p = preview("{\"windows\":[{\"scope\":\"session\",\"limit\":10,\"windowSeconds\":60}]}");
        assertThat(p.get("newlyAllowed").asLong()).isEqualTo(3);
        assertThat(p.get("newlyRefused").asLong()).isZero();
        assertThat(p.get("examples").get(0).get("before").asText()).isEqualTo("rate_limited");
    }

    @Test
    void aSequenceRuleIsReplayedPerSessionInOrder() {
        for (int i = 0; i < 3; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        JsonNode p = preview("{\"rules\":[{\"type\":\"min-interval\",\"method\":\"GET\",\"path\":\"/api/notes\",\"minMillis\":60000}]}");
        assertThat(p.get("newlyRefused").asLong()).as("all but the first").isEqualTo(2);
        assertThat(p.get("examples").get(0).get("after").asText()).isEqualTo("sequence_violation");
        assertThat(p.get("examples").get(0).get("why").asText()).isEqualTo("min-interval GET /api/notes 60000");
        JsonNode prior = preview("{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"GET\",\"path\":\"/api/notes\","
                + "\"priorMethod\":\"GET\",\"priorPath\":\"/api/cart\",\"withinSeconds\":600}]}");
        assertThat(prior.get("newlyRefused").asLong()).isEqualTo(3);
        assertThat(s.get(s.api("/api/cart"), token).code()).isEqualTo(200);
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        JsonNode after = preview("{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"GET\",\"path\":\"/api/notes\","
                + "\"priorMethod\":\"GET\",\"priorPath\":\"/api/cart\",\"withinSeconds\":600}]}");
        assertThat(after.get("newlyRefused").asLong()).as("the call after the cart passes").isEqualTo(3);
    }

    @Test
    void blacklistEntriesWouldRefuseTheirAddressRangeAgentOrSessionOnly() {
        for (int i = 0; i < 4; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertThat(preview("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"127.0.0.0/8\"}]}").get("newlyRefused").asLong())
                .isGreaterThanOrEqualTo(4);
        assertThat(preview("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"10.0.0.0/8\"}]}").get("newlyRefused").asLong()).isZero();
        assertThat(preview("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"127.0.0.2\"}]}").get("newlyRefused").asLong()).isZero();
        assertThat(preview("{\"blacklist\":[{\"kind\":\"session\",\"value\":\"" + s.sessionOf(token) + "\"}]}")
                .get("newlyRefused").asLong()).isEqualTo(4);
        assertThat(preview("{\"blacklist\":[{\"kind\":\"user_agent\",\"value\":\"^nothing-like-this\"}]}")
                .get("newlyRefused").asLong()).isZero();
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).as("nothing added").doesNotContain("127.0.0.0/8")
                .doesNotContain(s.sessionOf(token));
    }

    /** The preview of an entry the add refuses says nothing true; one it takes must be previewable, and match as it would. */
    @Test
    void aBlacklistEntryIsPreviewedExactlyWhenItCouldBeAdded() {
        for (int i = 0; i < 4; i++) assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        assertThat(preview("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"127.0.0.1-127.0.0.9\"}]}").get("newlyRefused").asLong())
                .as("a range matches as the list matches it").isGreaterThanOrEqualTo(4);
        assertThat(preview("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\" 127.0.0.1 \"}]}").get("newlyRefused").asLong())
                .as("trimmed as the add trims").isGreaterThanOrEqualTo(4);
        for (String[] e : new String[][] {{"ip", "10.0.0.1-10.0.0.9"}, {"ip", " 10.0.0.7 "}, {"user_agent", " ^NoSuchBot "},
                {"ip", "10.0.0.1/8"}, {"ip", "10.0.0.9-10.0.0.1"}, {"user_agent", "x\\u0000y"}, {"user_agent", "b".repeat(513)},
                {"session", " "}}) {
            String entry = "{\"kind\":\"" + e[0] + "\",\"value\":\"" + e[1] + "\"}";
            ServerFixture.Reply previewed = s.adminCall("POST", "/admin/preview", "{\"blacklist\":[" + entry + "]}");
            ServerFixture.Reply added = s.adminCall("POST", "/admin/blacklist", entry);
            assertThat(previewed.code()).as(entry + " previewed " + previewed + ", added " + added)
                    .isEqualTo(added.code() == 201 ? 200 : 400);
            if (previewed.code() == 400) {
                assertThat(previewed.json().get("errors").get(0).get("field").asText()).isEqualTo("blacklist[0].value");
            }
        }
    }

    @Test
    void aFingerprintPolicyThatOnlyAlertsWouldHaveLetARefusedChangeThrough() {
        ServerFixture.Reply refused = s.send(s.request("GET", s.api("/api/notes"), null, token)
                .header("User-Agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15").build());
        assertThat(refused.code()).isEqualTo(401);
        JsonNode p = preview("{\"fingerprint\":{\"components\":{\"userAgent\":\"alert\"}}}");
        assertThat(p.get("newlyAllowed").asLong()).isEqualTo(1);
        assertThat(p.get("examples").get(0).get("before").asText()).isEqualTo("fingerprint_mismatch");
        JsonNode same = preview("{\"fingerprint\":{\"components\":{\"userAgent\":\"reauth\"}}}");
        assertThat(same.get("newlyAllowed").asLong() + same.get("newlyRefused").asLong()).isZero();
    }

    @Test
    void aBodyWithNoneOrTwoChangesAndInvalidChangesAreRefusedByName() {
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{}"), 400, "bad_request").toString()).contains("body");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"windows\":[],\"rules\":[]}"), 400, "bad_request")
                .toString()).contains("exactly one");
        assertThat(s.adminCall("POST", "/admin/preview", "{\"windows\":[{\"scope\":\"session\",\"limit\":0,\"windowSeconds\":1}]}")
                .body()).contains("windows[0].limit");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"10.0.0.0/99\"}]}"),
                400, "bad_request").toString()).contains("blacklist[0].value");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"blacklist\":[{\"kind\":\"user_agent\",\"value\":\"(\"}]}"),
                400, "bad_request").toString()).contains("blacklist[0].value");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"blacklist\":[{\"kind\":\"cookie\",\"value\":\"x\"}]}"),
                400, "bad_request").toString()).contains("blacklist[0].kind");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"rules\":[{\"type\":\"teleport\"}]}"), 400, "bad_request")
                .toString()).contains("rules[0].type");
        assertThat(assertProblem(s.adminCall("POST", "/admin/preview", "{\"fingerprint\":{\"components\":{\"userAgent\":\"maybe\"}}}"),
                400, "bad_request").toString()).contains("userAgent");
        assertProblem(s.adminCall("POST", "/admin/preview", "not json"), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/preview", null), 405, "method_not_allowed");
    }

    /*
     * fuzz58 #5: the fingerprint's own errors were named as PUT /admin/fingerprint names them ("components.userAgent",
     * "ipv4Prefix"), where every other error of the body carries its place in it ("fingerprint.zz", "blacklist[0].value"):
     * a console that maps a field back to its form could not place them.
     */
    @Test
    void aFingerprintErrorIsNamedByItsPlaceInThePreviewsBody() {
        String[][] refused = {
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"bogus\"}}}", "fingerprint.components.userAgent"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"ipv4Prefix\":99}}", "fingerprint.ipv4Prefix"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"ipv6Prefix\":\"64\"}}", "fingerprint.ipv6Prefix"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"trustedProxies\":[7]}}", "fingerprint.trustedProxies"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"zz\":1}}", "fingerprint.zz"},
        };
        for (String[] c : refused) {
            JsonNode p = assertProblem(s.adminCall("POST", "/admin/preview", c[0]), 400, "bad_request");
            assertThat(p.get("errors")).as(c[0]).isNotEmpty().allSatisfy(e -> assertThat(e.get("field").asText()).startsWith(c[1]));
            assertThat(p.get("detail").asText()).as(c[0]).startsWith(c[1]);
        }
    }

    /* A preview took what the change itself refuses (an unknown member, a reason too long, a prefix out of range): 200 with a verdict on nothing real. */
    @Test
    void aPreviewRefusesWhatTheChangeItselfWouldRefuse() {
        String[][] refused = {
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"bogus\":1}]}", "blacklist[0].bogus"},
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"expiresInSeconds\":-5}]}", "blacklist[0].expiresInSeconds"},
                // found in a review: read as whole numbers there, 2^64+5 as 5
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"expiresInSeconds\":1e3}]}", "blacklist[0].expiresInSeconds"},
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"expiresInSeconds\":60.0}]}", "blacklist[0].expiresInSeconds"},
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"expiresInSeconds\":18446744073709551621}]}", "blacklist[0].expiresInSeconds"},
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"reason\":\"" + "r".repeat(201) + "\"}]}", "blacklist[0].reason"},
                {"{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\",\"reason\":7}]}", "blacklist[0].reason"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"bogus\":1}}", "bogus"},
                {"{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},\"ipv4Prefix\":99}}", "ipv4Prefix"},
        };
        for (String[] c : refused) {
            assertThat(assertProblem(s.adminCall("POST", "/admin/preview", c[0]), 400, "bad_request").toString()).as(c[0])
                    .contains(c[1]);
        }
        assertThat(s.adminCall("POST", "/admin/preview", "{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"1.2.3.4\","
                + "\"reason\":\"" + "r".repeat(200) + "\",\"expiresInSeconds\":60}]}").code()).as("what POST /admin/blacklist takes")
                .isEqualTo(200);
        assertThat(s.adminCall("POST", "/admin/preview", "{\"fingerprint\":{\"components\":{\"userAgent\":\"ignore\"},"
                + "\"ipv4Prefix\":16,\"trustedProxies\":[\"10.0.0.1\"]}}").code()).isEqualTo(200);
    }
}
