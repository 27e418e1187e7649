package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal the HTTP surface promises: its status, its code, its challenge, and no 500s. */
class DenialHttpTest extends ServerTest {




    @Test
    void missingCredentials() {
        JsonNode p = assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials");
        assertThat(p.get("check").asText()).isEqualTo("credentials");
        assertThat(p.get("type").asText()).isEqualTo("urn:palisade:problem:missing_credentials");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("Authorization", "Basic YTpi").build()),
                401, "missing_credentials");
    }

    @Test
    void theBearerSchemeIsMatchedIgnoringCaseAndItsTokenIsTrimmed() {
        String token = s.login("alice").get("accessToken").asText();
        // signed as sent: the checks read the token where it lies in the header
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token, "bearer   " + token).build()).code()).isEqualTo(200);
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token, "BEARER " + token).build()).code()).isEqualTo(200);
        // a token glued to the scheme is no bearer token, and one short of a character is another token
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token, "Bearer" + token).build()), 401, "missing_credentials");
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token, "Bearer  " + token.substring(1)).build()),
                401, "invalid_token");
    }

    @Test
    void invalidToken() {
        String token = s.token("alice");
        ServerFixture.Reply r = s.get(s.api("/api/notes"), token.substring(0, token.length() - 2) + "xx");
        assertProblem(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertProblem(s.get(s.api("/api/notes"), "not-a-jwt"), 401, "invalid_token");
    }

    /*
     * Audit 49: a token whose header is the JSON `null` was a 500 from the JWT library, before the decision was
     * recorded: no event, no count towards the caller's auto-block, a stack trace logged for each.
     */
    @Test
    void aTokenWhoseHeaderIsNotAnObjectIsAnInvalidTokenOnEveryPathThatReadsOne() {
        String nullHeader = "bnVsbA.e30.c2ln";
        int before = invalidTokenEvents();
        assertProblem(s.get(s.api("/api/notes"), nullHeader), 401, "invalid_token");
        assertProblem(s.postJson(s.api("/auth/refresh"), "{}", nullHeader), 401, "invalid_token");
        assertThat(s.postJson(s.api("/auth/logout"), "{}", nullHeader).code()).as("a logout of no session").isIn(204, 401);
        assertThat(invalidTokenEvents() - before).as("the call and the refresh recorded as the refusals they are").isEqualTo(2);
    }

    private int invalidTokenEvents() {
        return s.adminCall("GET", "/admin/events?type=decision&code=invalid_token&limit=1000", null).json().path("items").size();
    }

    @Test
    void expiredToken() {
        s.adminCall("PUT", "/admin/config", "{\"sessionIdleTtlSeconds\":7200}");
        String token = s.token("alice");
        s.clock.advance(Duration.ofSeconds(900 + 30));
        assertProblem(s.get(s.api("/api/notes"), token), 401, "expired_token");
    }

    @Test
    void sessionRevokedAndExpired() {
        JsonNode login = s.login("alice");
        String token = login.get("accessToken").asText();
        s.adminCall("DELETE", "/admin/sessions/" + login.get("sessionId").asText(), null);
        assertProblem(s.get(s.api("/api/notes"), token), 401, "session_revoked");

        s.adminCall("PUT", "/admin/config", "{\"accessTokenTtlSeconds\":7200}");
        String other = s.token("bob");
        s.clock.advance(Duration.ofSeconds(1_800));
        assertProblem(s.get(s.api("/api/notes"), other), 401, "session_expired");
    }

    @Test
    void noBootstrap() {
        s.ensureUser("alice");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, "forged"), null), 401,
                "no_bootstrap");
    }

    @Test
    void apiKeysInvalidAndOutOfScope() {
        JsonNode key = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"billing\",\"scopes\":[\"/api/orders\"]}").json();
        String secret = key.get("key").asText();
        assertThat(s.send(new Request.Builder().url(s.api("/api/orders")).header("X-Api-Key", secret).build()).code())
                .isEqualTo(200);
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("X-Api-Key", secret).build()),
                403, "forbidden_scope");
        // the scope is a path prefix by segments: /api/orders covers /api/orders/7, never /api/ordersX
        assertThat(s.send(new Request.Builder().url(s.api("/api/orders/7")).header("X-Api-Key", secret).build()).code())
                .isNotIn(401, 403);
        assertProblem(s.send(new Request.Builder().url(s.api("/api/ordersX")).header("X-Api-Key", secret).build()),
                403, "forbidden_scope");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/orders/../notes")).header("X-Api-Key", secret).build()),
                403, "forbidden_scope");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/orders")).header("X-Api-Key", "pal.x.y").build()),
                401, "invalid_api_key");
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        String token = s.token("alice");
        assertProblem(s.postJson(s.api("/api/notes"), "{\"title\":", token), 400, "bad_request");
        JsonNode wrongType = assertProblem(s.postJson(s.api("/api/notes"), "{\"title\":42}", token), 400, "bad_request");
        assertThat(wrongType.get("errors").get(0).get("field").asText()).isEqualTo("title");
        assertProblem(s.postJson(s.api("/api/notes"), "[1,2]", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/notes"), "", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/notes"), "{\"title\":\"a\"} trailing", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/cart"), "{\"item\":\"x\",\"quantity\":1.5}", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/cart"), "{\"item\":\"x\",\"quantity\":\"2\"}", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":null}", null), 400, "bad_request");
        assertProblem(s.postJson(s.api("/auth/login"), "{\"username\":[\"a\"],\"password\":\"x\"}", null), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/notes"), "{\"title\":\"" + "x".repeat(201) + "\"}", token), 400, "bad_request");
        assertProblem(s.postJson(s.api("/api/notes"), "[".repeat(5_000), token), 400, "bad_request");
    }

    @Test
    void wrongContentTypeIs415() {
        String token = s.token("alice");
        ServerFixture.Reply r = s.send(s.request("POST", s.api("/api/notes"), "title=x", token)
                .post(RequestBody.create("title=x", MediaType.get("application/x-www-form-urlencoded"))).build());
        assertProblem(r, 415, "unsupported_media_type");
    }

    @Test
    void payloadTooLargeWhetherDeclaredOrStreamed() {
        String token = s.token("alice");
        String big = "{\"title\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(s.postJson(s.api("/api/notes"), big, token), 413, "payload_too_large");
        RequestBody chunked = new RequestBody() {
            @Override public MediaType contentType() { return ServerFixture.JSON; }
            @Override public long contentLength() { return -1; }
            @Override public void writeTo(BufferedSink sink) throws IOException { sink.writeUtf8(big); }
        };
        assertProblem(s.send(s.request("POST", s.api("/api/notes"), big, token).post(chunked).build()),
                413, "payload_too_large");
        // a session's caller sending huge bodies shows in the console: each refusal is an event of the session
        com.fasterxml.jackson.databind.JsonNode events = s.adminCall("GET", "/admin/events?code=payload_too_large", null)
                .json().get("items");
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("sessionId").asText()).isEqualTo(s.sessionOf(token));
            assertThat(e.get("path").asText()).isEqualTo("/api/notes");
            assertThat(e.get("status").asInt()).isEqualTo(413);
        });
        assertThat(s.adminCall("GET", "/admin/stats", null).json().get("totals").get("denied").get("payload_too_large")
                .asLong()).isEqualTo(2);
    }

    @Test
    void notFoundAndMethodNotAllowed() {
        String token = s.token("alice");
        assertProblem(s.get(s.api("/nothing/here"), null), 404, "not_found");
        assertProblem(s.get(s.api("/api/unknown"), token), 404, "not_found");
        assertProblem(s.get(s.api("/api/notes/999"), token), 404, "not_found");
        assertProblem(s.get(s.api("/api/notes/-3"), token), 404, "not_found");
        assertProblem(s.get(s.api("/auth/login"), null), 405, "method_not_allowed");
        assertProblem(s.send(s.request("DELETE", s.api("/api/notes"), null, token).build()), 405, "method_not_allowed");
        assertProblem(s.postJson(s.api("/"), "{}", null), 405, "method_not_allowed");
        assertProblem(s.get(s.api("/admin/stats"), null), 404, "not_found");
    }

    /** A 405 on the API's listener carried no Allow, which RFC 9110 requires (the admin listener's did). */
    @Test
    void aMethodNotAllowedNamesTheMethodsThePathAnswers() {
        String token = s.token("alice");
        java.util.Map<ServerFixture.Reply, String> answers = new java.util.LinkedHashMap<>();
        answers.put(s.get(s.api("/auth/login"), null), "POST");
        answers.put(s.send(s.request("DELETE", s.api("/api/notes"), null, token).build()), "GET, HEAD, POST");
        answers.put(s.send(s.request("PATCH", s.api("/api/notes/1"), "{}", token).build()), "GET, HEAD, PUT, DELETE");
        answers.put(s.send(s.request("DELETE", s.api("/api/cart"), null, token).build()), "GET, HEAD, POST");
        answers.put(s.send(s.request("DELETE", s.api("/api/orders/1"), null, token).build()), "GET, HEAD");
        answers.put(s.postJson(s.api("/"), "{}", null), "GET, HEAD");
        answers.put(s.postJson(s.api("/_palisade/health"), "{}", null), "GET, HEAD");
        answers.put(s.postJson(s.api("/assets/palisade.js"), "{}", null), "GET, HEAD");
        answers.forEach((r, allow) -> {
            assertProblem(r, 405, "method_not_allowed");
            assertThat(r.header("Allow")).as(r.toString()).isEqualTo(allow);
            assertThat(r.json().get("detail").asText()).endsWith("it answers " + allow);
        });
    }

    /** HEAD /api/notes was 405 while GET answered: a HEAD is its GET without content. */
    @Test
    void theDemoApiAnswersHeadWhereItAnswersGet() {
        String token = s.token("alice");
        ServerFixture.Reply head = s.send(s.request("HEAD", s.api("/api/notes"), null, token).build());
        assertThat(head.code()).as(head.toString()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).startsWith("application/json");
        assertThat(s.send(s.request("HEAD", s.api("/api/nothing-here"), null, token).build()).code()).isEqualTo(404);
    }

    /** Which of two credentials counts would be up to each reader: the first here, perhaps the last upstream. */
    @Test
    void aCredentialHeaderGivenTwiceIsRefused() {
        String token = s.token("alice");
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).build()).code()).isEqualTo(200);
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).addHeader("Authorization", "Bearer someone-else").build())
                .code()).as("a valid token, then another").isEqualTo(401);
        assertThat(s.send(new Request.Builder().url(s.admin("/admin/stats")).header("Authorization", "Bearer " + s.server.adminToken())
                .addHeader("Authorization", "Bearer wrong").build()).code()).as("the admin API").isEqualTo(401);
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("X-Api-Key", "pal.one")
                .addHeader("X-Api-Key", "pal.two").build()).code()).isEqualTo(401);
    }

    @Test
    void oversizedHeadersAreRefusedAsAProblem() {
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/api/notes"))
                .header("X-Filler", "y".repeat(10_000)).build());
        assertThat(r.code()).isEqualTo(431);
        assertThat(r.json().get("code").asText()).isEqualTo("headers_too_large");
    }

    /** Each odd request gets exactly its status and a problem+json body naming the code, never a 500. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "GET /api/notes HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer \\r\\n\\r\\n|401|missing_credentials",
            "GET /api/notes HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer a.b.c\\r\\nX-Api-Key: pal.\\r\\n\\r\\n|401|invalid_token",
            "GET /api/../admin/stats HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|404|not_found",
            "GET /%2e%2e/etc/passwd HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400|bad_request",
            "POST /auth/login HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: 5\\r\\n\\r\\n\u00ff\u00fe{{{|400|bad_request",
            "POST /auth/bootstrap HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999\\r\\n\\r\\n|413|payload_too_large",
            "GET /api/notes/9999999999999999999999 HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer x\\r\\n\\r\\n|401|invalid_token",
            "BREW / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|405|method_not_allowed",
            "GET /assets/../index.html HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|404|not_found",
            "GET / HTTP/1.1\\r\\nHost: x\\r\\nUser-Agent: \u0001\u0002\\r\\n\\r\\n|400|bad_request",
            "PUT /api/notes/%ff%fe HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\n\\r\\n|400|bad_request",
            "CONNECT /api/notes HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400|bad_request",
            "TRACE /api/notes HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|401|missing_credentials",
            "TRACE /admin/sessions HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|404|not_found",
            "GET / HTTP/1.2\\r\\nHost: x\\r\\n\\r\\n|505|bad_request",
            "GET /api/notes HTTP/1.1\\r\\nHost: x\\r\\nExpect: bogus\\r\\n\\r\\n|417|bad_request",
    })
    void oddRequestsGetTheirProblem(String raw, int status, String code) throws IOException {
        String[] answer = rawAnswer(s.server.port(), raw.replace("\\r\\n", "\r\n")); // CSV cannot hold line breaks
        assertThat(answer[0]).as(raw).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer[1]).as(raw).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer[2]).as(raw).contains("\"code\":\"" + code + "\"").contains("\"status\":" + status + ",");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/sessions?user=%ff|user", "/admin/events?ip=%c3%28|ip", "/admin/stats?seconds=%ff|seconds",
            "/admin/keys?ring=%fe%ff|ring", "/admin/events?%ff=1|a parameter name", "/admin/sessions?user=%zz|user",
            "/admin/sessions?user=%4|user", "/admin/sessions?user=%|user"})
    void invalidUtf8InAnAdminQueryNamesTheParameter(String probe) {
        String[] parts = probe.split("\\|");
        ServerFixture.Reply r = s.adminCall("GET", parts[0], null);
        JsonNode p = assertProblem(r, 400, "bad_request");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo(parts[1]);
    }

    /** Escapes of every hex digit's edge (0 9 a f A F), a control (%09) and a + decode as written: the same name, given twice. */
    @Test
    void anAdminQuerysEscapesDecodeAsWritten() {
        JsonNode p = assertProblem(s.adminCall("GET", "/admin/sessions?%30%39%4a%4F%6A%6f%09+=1&09JOjo%09%20=2", null), 400, "bad_request");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("09JOjo\t ");
        assertThat(p.get("errors").get(0).get("message").asText()).isEqualTo("is given twice");
    }

    /**
     * Bytes that are not UTF-8, sent raw (not percent-escaped) in an admin query: Jetty hands them on
     * as U+FFFD, which read as a user named "\uFFFD" and answered 200.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/admin/sessions?user=\u00ff|user", "/admin/events?user=\u00c0\u00af|user",
            "/admin/events?\u00ff=1|a parameter name"})
    void rawBytesThatAreNotUtf8InAnAdminQueryNameTheParameter(String probe) throws IOException {
        String[] parts = probe.split("\\|");
        String[] answer = rawAdminAnswer("GET " + parts[0]); // written as ISO-8859-1: one byte a char
        assertThat(answer[0]).as(probe).startsWith("HTTP/1.1 400 ");
        assertThat(answer[2]).contains("\"code\":\"bad_request\"").contains("\"field\":\"" + parts[1] + "\"");
    }

    /** Raw UTF-8 is still read as what it says: a user named José, or 😀 (outside the BMP), is looked for, not refused. */
    @Test
    void rawUtf8InAnAdminQueryIsRead() throws IOException {
        String[] answer = rawAdminAnswer("GET /admin/sessions?user=Jos\u00c3\u00a9");
        assertThat(answer[0]).startsWith("HTTP/1.1 200 ");
        // the parameter's name is read alike: an unknown one is named in the 400, as it was sent
        String[] named = rawAdminAnswer("GET /admin/sessions?\u00f0\u009f\u0098\u0080=1");
        assertThat(named[0]).startsWith("HTTP/1.1 400 ");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(named[2]).get("errors").get(0).get("field").asText())
                .isEqualTo("\uD83D\uDE00");
    }

    private String[] rawAdminAnswer(String requestLine) throws IOException {
        int port = s.server.adminUri().getPort();
        return rawAnswer(port, requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                + s.server.adminToken() + "\r\n\r\n");
    }

    /** Status line, headers and body of one raw exchange. */
    static String[] rawAnswer(int port, String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            // the server closes after answering, so the whole answer can be read to its end
            out.write(raw.replaceFirst("\r\n", "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int headEnd = all.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? all : all.substring(0, headEnd);
            int lineEnd = head.indexOf("\r\n");
            return new String[] {lineEnd < 0 ? head : head.substring(0, lineEnd), head,
                    headEnd < 0 ? "" : all.substring(headEnd + 4)};
        }
    }
}
