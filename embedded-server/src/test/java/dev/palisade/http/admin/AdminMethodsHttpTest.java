package dev.palisade.http.admin;

import dev.palisade.http.ServerFixture;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's methods as its description gives them: 405 names what a path answers, HEAD is
 * answered wherever GET is, and an operation without a body refuses one rather than ignore it.
 */
class AdminMethodsHttpTest extends dev.palisade.http.ServerTest {

    private static void assertProblem(ServerFixture.Reply r, int status, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void aMethodAPathDoesNotAnswerIs405NamingTheOnesItDoes() {
        ServerFixture.Reply stats = s.adminCall("DELETE", "/admin/stats", null);
        assertProblem(stats, 405, "method_not_allowed");
        assertThat(stats.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(s.adminCall("PUT", "/admin/users/alice", "{}").code()).isNotEqualTo(405);
        ServerFixture.Reply user = s.adminCall("POST", "/admin/users/alice", "{}");
        assertProblem(user, 405, "method_not_allowed");
        assertThat(user.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE");

        ServerFixture.Reply accept = s.adminCall("GET", "/admin/sessions/s-1/accept-fingerprint", null);
        assertProblem(accept, 405, "method_not_allowed");
        assertThat(accept.header("Allow")).isEqualTo("POST");
        ServerFixture.Reply streamHead = s.send(new Request.Builder().url(s.admin("/admin/events/stream")).head()
                .header("Authorization", "Bearer " + s.server.adminToken()).build());
        assertThat(streamHead.code()).as("a stream never ends: no HEAD").isEqualTo(405);
        assertThat(streamHead.header("Allow")).isEqualTo("GET");

        assertProblem(s.adminCall("GET", "/admin/nothing", null), 404, "not_found");
        assertProblem(s.adminCall("GET", "/admin/users/", null), 404, "not_found");
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/stats")).delete().build()), 401, "admin_unauthorized");
    }

    /**
     * A collection's path with a trailing slash, which the description does not have, was taken for the collection
     * past the door's checks of methods and query: PUT /admin/alerts/ changed the alerts. It is a path not found.
     */
    @Test
    void aPathTheDescriptionDoesNotHaveIs404EvenOneSlashAway() {
        String alerts = s.adminCall("GET", "/admin/alerts", null).body();
        assertProblem(s.adminCall("PUT", "/admin/alerts/", "{\"deniedPerMinute\":0}"), 404, "not_found");
        assertThat(s.adminCall("GET", "/admin/alerts", null).body()).as("nothing changed").isEqualTo(alerts);
        assertProblem(s.adminCall("POST", "/admin/users/", "{\"username\":\"zed\",\"password\":\"a long password\"}"), 404,
                "not_found");
        assertProblem(s.adminCall("GET", "/admin/users/zed", null), 404, "not_found");
        for (String path : new String[] {"/admin/sessions/", "/admin/events/", "/admin/config/", "/admin/stats/"}) {
            assertProblem(s.adminCall("GET", path, null), 404, "not_found");
        }
        assertThat(s.adminCall("GET", "/admin", null).code()).as("the index, as /admin/").isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/", null).code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/alerts", "{\"deniedPerMinute\":0}").code()).isEqualTo(200);
    }

    @Test
    void headIsAnsweredWhereGetIsWithItsHeadersAndNoContent() throws IOException {
        String[] head = raw("HEAD /admin/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + s.server.adminToken() + "\r\n\r\n");
        assertThat(head[0]).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head[1]).containsIgnoringCase("Content-Type: application/json");
        assertThat(head[2]).isEmpty();
        String[] metrics = raw("HEAD /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + s.server.adminToken() + "\r\n\r\n");
        assertThat(metrics[0]).isEqualTo("HTTP/1.1 200 OK");
        assertThat(metrics[2]).isEmpty();
    }

    @Test
    void anOperationWithoutABodyRefusesOneInsteadOfIgnoringIt() {
        int keys = s.adminCall("GET", "/admin/keys", null).json().get("items").size();
        ServerFixture.Reply rotate = s.send(new Request.Builder().url(s.admin("/admin/keys/rotate"))
                .post(RequestBody.create("{\"graceSeconds\":60}", ServerFixture.JSON))
                .header("Authorization", "Bearer " + s.server.adminToken()).build());
        assertProblem(rotate, 400, "bad_request");
        assertThat(rotate.json().get("detail").asText()).contains("takes no body");
        assertThat(s.adminCall("GET", "/admin/keys", null).json().get("items").size()).as("nothing rotated").isEqualTo(keys);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).as("an empty body is no body").isEqualTo(201);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", " {} ").code()).as("nor is an empty object").isEqualTo(201);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", "{\n  }\n").code()).as("pretty-printed").isEqualTo(201);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", "{}}").code()).isEqualTo(400);
    }

    /** A parameter the operation does not take would be ignored; of two, each reader could take another. */
    @Test
    void aQueryParameterTheOperationDoesNotTakeOrGivesTwiceIsRefusedAndChangesNothing() {
        s.ensureUser("bob");
        ServerFixture.Reply dry = s.adminCall("DELETE", "/admin/users/bob?dryRun=true", null);
        assertProblem(dry, 400, "bad_request");
        assertThat(dry.json().get("errors").get(0).get("field").asText()).isEqualTo("dryRun");
        assertThat(s.adminCall("GET", "/admin/users/bob", null).code()).as("bob is still there").isEqualTo(200);
        int keys = s.adminCall("GET", "/admin/keys", null).json().get("items").size();
        assertProblem(s.adminCall("POST", "/admin/keys/rotate?ring=jwt&ring=fingerprint", null), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/keys/rotate?ring=jwt&graceSeconds=0", null), 400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/keys", null).json().get("items").size()).as("nothing rotated").isEqualTo(keys);
        assertProblem(s.adminCall("GET", "/admin/sessions?limit=1&limit=500", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/config?%zz=1", null), 400, "bad_request");
        // what each operation takes still works, HEAD as GET
        assertThat(s.adminCall("GET", "/admin/sessions?limit=5&offset=0&user=bob", null).code()).isEqualTo(200);
        assertThat(s.send(new Request.Builder().url(s.admin("/admin/stats?seconds=60")).head()
                .header("Authorization", "Bearer " + s.server.adminToken()).build()).code()).isEqualTo(200);
        ServerFixture.Reply export = s.adminCall("GET", "/admin/events/export?format=csv&code=blacklisted", null);
        assertThat(export.code()).as(export.toString()).isEqualTo(200);
    }

    /** Jetty drops a segment's ";parameters" from the path it matches: each would be ignored, as a query's was. */
    @Test
    void aPathParameterIsRefusedAndChangesNothing() {
        s.ensureUser("bob");
        ServerFixture.Reply dry = s.adminCall("DELETE", "/admin/users/bob;dryRun=true", null);
        assertProblem(dry, 400, "bad_request");
        assertThat(dry.json().get("detail").asText()).contains(";");
        assertThat(s.adminCall("GET", "/admin/users/bob", null).code()).as("bob is still there").isEqualTo(200);
        assertProblem(s.adminCall("POST", "/admin/users/bob;x/revoke-sessions", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin;x/stats", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/metrics;x", null), 400, "bad_request");
        assertThat(s.adminCall("DELETE", "/admin/users/bob", null).code()).isEqualTo(204);
    }

    /** A member a document does not have (a dry run the caller believes it asked for) would be ignored, and the change made. */
    @Test
    void aMemberTheRulesWindowsOrPreviewDoNotHaveIsRefusedAndChangesNothing() {
        String rules = s.adminCall("GET", "/admin/rules", null).body();
        ServerFixture.Reply dryRules = s.adminCall("PUT", "/admin/rules", "{\"rules\":[],\"dryRun\":true}");
        assertProblem(dryRules, 400, "bad_request");
        assertThat(dryRules.json().get("errors").get(0).get("field").asText()).isEqualTo("dryRun");
        assertThat(s.adminCall("GET", "/admin/rules", null).body()).as("the rules as they were").isEqualTo(rules);

        String windows = s.adminCall("GET", "/admin/windows", null).body();
        ServerFixture.Reply dryWindows = s.adminCall("PUT", "/admin/windows", "{\"windows\":[],\"dryRun\":true}");
        assertProblem(dryWindows, 400, "bad_request");
        assertThat(dryWindows.json().get("errors").get(0).get("field").asText()).isEqualTo("dryRun");
        assertThat(s.adminCall("GET", "/admin/windows", null).body()).as("the windows as they were").isEqualTo(windows);

        ServerFixture.Reply preview = s.adminCall("POST", "/admin/preview", "{\"windows\":[],\"x\":1}");
        assertProblem(preview, 400, "bad_request");
        assertThat(preview.json().get("errors").get(0).get("field").asText()).isEqualTo("x");
    }

    @Test
    void theIndexAndTheDescriptionAnswerHeadAndRefuseABody() throws IOException {
        for (String path : new String[] {"/admin/", "/admin/openapi.json"}) {
            String[] head = raw("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(head[0]).as(path).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head[2]).as(path).isEmpty();
            String[] withBody = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 7\r\n\r\n{\"x\":1}");
            assertThat(withBody[0]).as(path).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(withBody[2]).contains("takes no body");
        }
    }

    /** A body longer than any empty one (64 bytes) on an operation without one is refused too, not taken for none. */
    @Test
    void aLongBodyOnAnOperationWithoutOneIsRefusedToo() {
        int keys = s.adminCall("GET", "/admin/keys", null).json().get("items").size();
        ServerFixture.Reply rotate = s.adminCall("POST", "/admin/keys/rotate",
                "{\"graceSeconds\":60,\"comment\":\"" + "x".repeat(80) + "\"}");
        assertProblem(rotate, 400, "bad_request");
        assertThat(rotate.json().get("detail").asText()).contains("takes no body");
        assertThat(s.adminCall("GET", "/admin/keys", null).json().get("items").size()).as("nothing rotated").isEqualTo(keys);
    }

    /** A parameter refused names what the operation does take, or that it takes none. */
    @Test
    void aRefusedParameterSaysWhatTheOperationTakes() {
        assertThat(s.adminCall("GET", "/admin/?x=1", null).json().get("detail").asText())
                .endsWith("(it takes no query parameter)");
        assertThat(s.adminCall("GET", "/admin/sessions?x=1", null).json().get("detail").asText())
                .endsWith("(it takes ip, limit, offset, state, user)");
    }

    /** The bare /admin, which only the index answers, is a path not found for any other method: an answer, not a wait. */
    @Test
    void theBareAdminPathIsNotFoundForAnotherMethod() {
        assertProblem(s.adminCall("POST", "/admin", "{}"), 404, "not_found");
    }

    /** Status line, headers and content of one exchange on the admin listener (which closes after it). */
    private String[] raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", s.server.adminUri().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.replaceFirst("\r\n", "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int headEnd = all.indexOf("\r\n\r\n");
            String head = all.substring(0, headEnd);
            return new String[] {head.substring(0, head.indexOf("\r\n")), head, all.substring(headEnd + 4)};
        }
    }
}
