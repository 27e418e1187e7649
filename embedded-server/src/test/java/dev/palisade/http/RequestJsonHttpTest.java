package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** What the one JSON reader refuses in any request body, before a handler sees a member. */
class RequestJsonHttpTest extends ServerTest {

    private static String field(JsonNode problem) {
        return problem.get("errors").get(0).get("field").asText();
    }

    /**
     * SQLite stores text as UTF-8, where an unpaired surrogate (U+D800 alone) has no form: it came back
     * as '?', and "x" followed by one became the pattern "x?", which matches every User-Agent.
     */
    @Test
    void aLoneSurrogateIsRefusedNamingItsFieldAndNothingIsStored() {
        for (String value : new String[] {"x\\ud800", "\\udc00", "a\\udc00\\ud800b"}) {
            JsonNode p = assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"" + value + "\"}"),
                    400, "bad_request");
            assertThat(field(p)).isEqualTo("value");
        }
        assertThat(field(assertProblem(s.adminCall("POST", "/admin/preview",
                "{\"blacklist\":[{\"kind\":\"user_agent\",\"value\":\"\\ud800\"}]}"), 400, "bad_request")))
                .isEqualTo("blacklist[0].value");
        assertThat(field(assertProblem(s.adminCall("POST", "/admin/blacklist",
                "{\"kind\":\"user_agent\",\"value\":\"x\",\"\\ud800\":1}"), 400, "bad_request"))).isEqualTo("body");
        String windows = s.adminCall("GET", "/admin/windows", null).body();
        assertThat(field(assertProblem(s.adminCall("PUT", "/admin/windows",
                "{\"windows\":[{\"scope\":\"ip\",\"limit\":5,\"windowSeconds\":60,\"route\":\"/api/x\\ud800\"}]}"), 400, "bad_request")))
                .as("in an array, where no other check looks").isEqualTo("windows[0].route");
        assertThat(s.adminCall("GET", "/admin/windows", null).body()).isEqualTo(windows);
        assertThat(field(assertProblem(s.postJson(s.api("/auth/login"),
                s.loginBody("alice\\ud800", ServerFixture.PASSWORD, null), null), 400, "bad_request"))).isEqualTo("username");
        assertThat(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"x\\ud83d\\ude00\"}").code())
                .as("a pair is a character").isEqualTo(201);

        // the same surrogate sent as the three bytes UTF-8 would give it, were it a character
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"kind\":\"user_agent\",\"value\":\"y".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        raw.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create(raw.toByteArray(), ServerFixture.JSON)).build()), 400, "bad_request");

        s.restart();
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "Mozilla/5.0 x").build()).code())
                .as("no pattern that matches everyone").isEqualTo(401);
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items"))
                .noneSatisfy(e -> assertThat(e.get("value").asText()).matches("[xy]?\\?|\\?"));
    }

    /** A name no user can have is named first, whatever else the body lacks: the rest is never looked at. */
    @Test
    void aLoginWithAUsernameOver64CharactersIsRefusedNamingItFirst() {
        String name = "a".repeat(65);
        for (String body : new String[] {"{\"username\":\"" + name + "\"}", "{\"username\":\"" + name + "\",\"password\":\"x\"}",
                s.loginBody(name, ServerFixture.PASSWORD, null)}) {
            assertThat(field(assertProblem(s.postJson(s.api("/auth/login"), body, null), 400, "bad_request")))
                    .as(body.length() > 200 ? "a whole body" : body).isEqualTo("username");
        }
    }

    /** Last-wins would let a proxy or a log that reads the first of two members see another body than the server. */
    @Test
    void aMemberGivenTwiceIsRefusedNamingItAndChangesNothing() {
        JsonNode p = assertProblem(s.adminCall("PUT", "/admin/config", "{\"bootstrapWindowSeconds\":20,\"bootstrapWindowSeconds\":40}"),
                400, "bad_request");
        assertThat(field(p)).isEqualTo("bootstrapWindowSeconds");
        assertThat(p.get("detail").asText()).contains("twice");
        assertThat(field(assertProblem(s.adminCall("POST", "/admin/preview",
                "{\"blacklist\":[{\"kind\":\"ip\",\"kind\":\"user_agent\",\"value\":\"x\"}]}"), 400, "bad_request")))
                .isEqualTo("blacklist[0].kind");
        s.ensureUser("alice");
        String login = s.loginBody("alice", ServerFixture.PASSWORD, s.ticket());
        assertThat(field(assertProblem(s.postJson(s.api("/auth/login"), login.replace("{\"username\":\"alice\"",
                "{\"username\":\"mallory\",\"username\":\"alice\""), null), 400, "bad_request"))).isEqualTo("username");
        s.restart();
        assertThat(s.adminCall("GET", "/admin/config", null).json().get("bootstrapWindowSeconds").asInt()).isEqualTo(30);
    }

    /** A refusal is logged and shown by proxies: it says what kind of error and where, never what was sent. */
    @Test
    void aBodyThatIsNotJsonIsRefusedWithWhereNeverWithItsText() {
        for (String body : new String[] {"{\"username\":\"alice\",\"password\":hunter2secret}",
                "{\"username\":\"alice\",\"password\":\"x\"hunter2secret}", "{\"password\":\"hunter2secret\\q\"}",
                "{\"hunter2secret\" 1}", "{\"password\":\"hunter2secret\"", "{\"password\":\"hunter2secret\"}{\"x\":1}"}) {
            ServerFixture.Reply r = s.postJson(s.api("/auth/login"), body, null);
            JsonNode p = assertProblem(r, 400, "bad_request");
            assertThat(r.body()).as(body).doesNotContain("hunter2").doesNotContain("'h'").doesNotContain("'q'");
            assertThat(p.get("detail").asText()).as(body).containsPattern("line 1, column \\d+");
        }
    }

    /** A body that ends early was answered with the Java exception's text ("org.eclipse.jetty.io.EofException: Early EOF"). */
    @Test
    void aBodyThatEndsBeforeItsLengthIsRefusedInWordsOfOurOwn() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.apiUri().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 ");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(body).contains("\"code\":\"bad_request\"").contains("ended before").doesNotContain("Exception")
                    .doesNotContain("java.").doesNotContain("jetty");
        }
    }

    /**
     * A transfer coding other than chunked (gzip, chunked) was accepted and its body read as if it were not
     * coded: a proxy in front that applies the coding reads another body than this server (RFC 9112, 6.1).
     */
    @Test
    void aTransferCodingOtherThanChunkedIsRefusedOnEveryListener() throws Exception {
        // answered 401 and 200 when chunked alone: the refusal comes before anything else is looked at
        String logout = "POST /auth/logout HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        String alerts = "PUT /admin/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.server.adminToken() + "\r\n";
        assertThat(chunked(s.server.apiUri().getPort(), logout, "chunked")).startsWith("HTTP/1.1 401 ");
        assertThat(chunked(s.server.adminUri().getPort(), alerts, "chunked")).startsWith("HTTP/1.1 200 ");
        for (String codings : new String[] {"gzip, chunked", "chunked\r\nTransfer-Encoding: chunked", "identity, chunked"}) {
            assertThat(chunked(s.server.apiUri().getPort(), logout, codings)).as(codings)
                    .startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"", "Transfer-Encoding");
            assertThat(chunked(s.server.adminUri().getPort(), alerts, codings)).as(codings)
                    .startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"", "Transfer-Encoding");
        }
    }

    /** {@code head} (request line and headers, each line ended) with a JSON body {} in one chunk under {@code codings}. */
    private static String chunked(int port, String head, String codings) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((head + "Content-Type: application/json\r\nTransfer-Encoding: " + codings
                    + "\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /*
     * A Content-Encoding was ignored (a br-compressed body would be read as its bytes; a plain body said to
     * be br was taken), and of two Content-Type headers the first was believed.
     */
    @Test
    void aBodyUnderAContentCodingOrWithTwoContentTypesIsRefused() throws Exception {
        String alerts = "PUT /admin/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.server.adminToken()
                + "\r\nContent-Length: 2\r\nConnection: close\r\n";
        int port = s.server.adminUri().getPort();
        assertThat(raw(port, alerts + "Content-Type: application/json\r\n\r\n{}")).startsWith("HTTP/1.1 200 ");
        assertThat(raw(port, alerts + "Content-Type: application/json\r\nContent-Encoding: identity\r\n\r\n{}"))
                .startsWith("HTTP/1.1 200 ");
        for (String coding : new String[] {"br", "gzip", "identity, gzip"}) {
            assertThat(raw(port, alerts + "Content-Type: application/json\r\nContent-Encoding: " + coding + "\r\n\r\n{}"))
                    .as(coding).startsWith("HTTP/1.1 415 ").contains("\"code\":\"unsupported_media_type\"", "Content-Encoding");
        }
        assertThat(raw(port, alerts + "Content-Type: application/json\r\nContent-Type: text/plain\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"", "Content-Type");
    }

    private static String raw(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** {@code application/jsonp} and {@code application/json-seq} are other formats: only JSON itself is read as JSON. */
    @Test
    void onlyTheJsonMediaTypeItselfIsReadAsJson() {
        for (String type : new String[] {"application/jsonp", "application/json-seq", "application/jsonx; charset=utf-8"}) {
            ServerFixture.Reply r = s.send(new Request.Builder().url(s.admin("/admin/alerts"))
                    .header("Authorization", "Bearer " + s.server.adminToken())
                    .put(RequestBody.create("{}".getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get(type))).build());
            assertProblem(r, 415, "unsupported_media_type");
        }
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"}) {
            ServerFixture.Reply r = s.send(new Request.Builder().url(s.admin("/admin/alerts"))
                    .header("Authorization", "Bearer " + s.server.adminToken())
                    .put(RequestBody.create("{}".getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get(type))).build());
            assertThat(r.code()).as(type).isEqualTo(200);
        }
    }

    /** Jackson read "\xc1\xa1lice" as "alice" (an overlong 'a'): another spelling of a user logged in as that user. */
    @Test
    void bytesThatAreNotUtf8AreRefusedNotReadAsAnotherName() {
        s.ensureUser("alice");
        String login = s.loginBody("alice", ServerFixture.PASSWORD, s.ticket());
        byte[] text = login.getBytes(StandardCharsets.UTF_8);
        int at = login.indexOf("alice");
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.write(text, 0, at);
        overlong.writeBytes(new byte[] {(byte) 0xC1, (byte) 0xA1});
        overlong.write(text, at + 1, text.length - at - 1);
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/auth/login"))
                .post(RequestBody.create(overlong.toByteArray(), ServerFixture.JSON)).build());
        assertThat(assertProblem(r, 400, "bad_request").get("detail").asText()).contains("not UTF-8");

        // a UTF-16 body (its byte order mark first) is not guessed at: JSON is UTF-8
        byte[] utf16 = "{\"kind\":\"user_agent\",\"value\":\"zz1\"}".getBytes(StandardCharsets.UTF_16);
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist")).header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create(utf16, ServerFixture.JSON)).build()), 400, "bad_request");
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist")).header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("{\"kind\":\"user_agent\",\"value\":\"zz1\"}".getBytes(StandardCharsets.UTF_8),
                        okhttp3.MediaType.get("application/json; charset=utf-16"))).build()), 415, "unsupported_media_type");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).doesNotContain("zz1");
    }
}
