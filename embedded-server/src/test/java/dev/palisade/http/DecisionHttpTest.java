package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.DataDirectory;
import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import dev.palisade.engine.Secrets;
import dev.palisade.protocol.RequestSigner;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision listener a gateway asks before it forwards a call (nginx auth_request, Caddy
 * forward_auth): the call is named by forwarded headers, signed for the host the client asked for,
 * and decided by the same pipeline; the answer carries what the gateway passes upstream.
 */
class DecisionHttpTest {

    private static final String HOST = "shop.test:8000";

    @TempDir
    Path dir;
    private ServerFixture s;
    private String token;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withDecide(new ServerConfig.Decide("127.0.0.1", 0)));
        token = s.token("alice");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private String decide() { return "http://127.0.0.1:" + s.server.decidePort() + "/_palisade_decision"; }

    /** The client's call as palisade.js signs it for {@code HOST}, asked about as nginx asks. */
    private Request.Builder asked(String method, String target, String body, String nonce) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        RequestSigner.Signed signed = RequestSigner.sign(method, HOST, path, query, "Bearer " + token, bytes,
                s.sessionOf(token), s.signingKey(token), System.currentTimeMillis() / 1000, nonce);
        Request.Builder b = new Request.Builder().url(decide()).header("Host", HOST)
                .header("X-Original-Method", method).header("X-Original-URI", target)
                .header("Authorization", "Bearer " + token)
                .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature());
        if (signed.contentDigest() != null) b.header("Content-Digest", signed.contentDigest());
        return b;
    }

    private static String nonce() { return Secrets.randomToken(12); }

    /** Palisade's signature over what the gateway passes upstream, checked from RFC 9421's rules with the upstream key. */
    private String expectedSignature(String method, String target, String user, String session, String digest, String input)
            throws Exception {
        String base = "\"@method\": " + method + "\n\"@target-uri\": " + target + "\n\"x-palisade-user\": " + user
                + "\n\"x-palisade-session\": " + session + "\n" + (digest == null ? "" : "\"content-digest\": " + digest + "\n")
                + "\"@signature-params\": " + input.substring("palisade=".length());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(DataDirectory.upstreamKey(dir), "HmacSHA256"));
        return "palisade=:" + Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))) + ":";
    }

    @Test
    void anAllowedCallIsAnsweredWithTheTrustHeadersAndPalisadesSignature() throws Exception {
        ServerFixture.Reply r = s.send(asked("GET", "/api/notes?x=1", null, nonce()).build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("X-Palisade-User")).isEqualTo("alice");
        assertThat(r.header("X-Palisade-Session")).isEqualTo(s.sessionOf(token));
        String input = r.header("Signature-Input");
        assertThat(input).startsWith("palisade=(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\");created=");
        assertThat(r.header("Signature")).isEqualTo(expectedSignature("GET", "http://" + HOST + "/api/notes?x=1", "alice",
                s.sessionOf(token), null, input));
        assertThat(r.body()).isEmpty();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(";created=(\\d+);expires=(\\d+);").matcher(input);
        assertThat(m.find()).isTrue();
        long created = Long.parseLong(m.group(1));
        assertThat(created).as("created is now, in seconds").isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(Long.parseLong(m.group(2))).isEqualTo(created + 30);
    }

    /* Audit path57 L3: the blacklist read the first User-Agent, the fingerprint and the upstream all of them. */
    @Test
    void aDecisionForACallWithTwoUserAgentsIsABadRequest() {
        Request asked = asked("GET", "/api/notes", null, nonce()).build();
        String own = asked.header("User-Agent");
        ServerFixture.Reply r = s.send(asked.newBuilder().header("User-Agent", own == null ? "okhttp/4.12.0" : own)
                .addHeader("User-Agent", "sqlmap/1.7").build());
        assertThat(r.code()).as(r.toString()).isEqualTo(400);
        assertThat(r.header(dev.palisade.http.decide.DecisionHandler.STATUS)).isEqualTo("400");
        assertThat(r.body()).contains("one User-Agent");
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_request", null).json().get("items"))
                .as("the operator sees the refused call").anySatisfy(e -> {
                    assertThat(e.get("method").asText()).isEqualTo("GET");
                    assertThat(e.get("path").asText()).isEqualTo("/api/notes");
                    assertThat(e.get("detail").asText()).contains("one User-Agent");
                });
        assertThat(s.send(asked("GET", "/api/notes", null, nonce()).build()).code()).as("with its one").isEqualTo(200);
    }

    @Test
    void aDecisionRequestThatNamesTwoDifferentCallsIsRefused() {
        // nginx sets X-Original-*, and passes on whatever X-Forwarded-* the client sent: the client's must not win
        ServerFixture.Reply named = s.send(asked("DELETE", "/api/notes/1", null, nonce())
                .header("X-Forwarded-Method", "GET").header("X-Forwarded-Uri", "/api/notes").build());
        assertThat(named.code()).as(named.toString()).isEqualTo(400);
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_request", null).json().get("items"))
                .as("a client's own header that reached the decision is for the operator to see").anySatisfy(e -> {
                    assertThat(e.get("check").asText()).isEqualTo("http");
                    assertThat(e.get("detail").asText()).contains("names two different calls");
                });
        assertThat(named.header(dev.palisade.http.decide.DecisionHandler.STATUS)).isEqualTo("400");
        assertThat(s.send(asked("DELETE", "/api/notes/1", null, nonce()).header("X-Forwarded-Method", "DELETE")
                .header("X-Forwarded-Uri", "/api/notes/2").build()).code()).as("the URI alone differs").isEqualTo(400);
        // both pairs naming the same call (two gateways in a row) is one call
        ServerFixture.Reply same = s.send(asked("GET", "/api/notes", null, nonce()).header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Uri", "/api/notes").build());
        assertThat(same.code()).as(same.toString()).isEqualTo(200);
        // a gateway that adds its value after the client's: the first copy, the client's, was decided
        for (String name : new String[] {"X-Original-URI", "X-Original-Method"}) {
            Request twice = asked("GET", "/api/notes", null, nonce()).build();
            String value = twice.header(name);
            ServerFixture.Reply r = s.send(twice.newBuilder().removeHeader(name).addHeader(name, name.endsWith("URI") ? "/health" : "HEAD")
                    .addHeader(name, value).build());
            assertThat(r.code()).as(name + " twice: " + r).isEqualTo(400);
        }
    }

    @Test
    void caddysHeadersNameTheCallAsWellAndAWithheldBodyLeavesItsSignedDigestToTheUpstream() throws Exception {
        String body = "{\"title\":\"tea\",\"body\":\"green\"}";
        Request.Builder b = asked("POST", "/api/notes", body, nonce());
        Request built = b.build();
        // forward_auth: a GET to the decision, the call in X-Forwarded-*, no body
        ServerFixture.Reply r = s.send(built.newBuilder().removeHeader("X-Original-Method").removeHeader("X-Original-URI")
                .header("X-Forwarded-Method", "POST").header("X-Forwarded-Uri", "/api/notes")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.test:8000").get().build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        String digest = built.header("Content-Digest");
        String input = r.header("Signature-Input");
        assertThat(input).contains("\"content-digest\"");
        assertThat(r.header("Signature")).as("the upstream holds the body it receives to the digest the client signed")
                .isEqualTo(expectedSignature("POST", "https://" + HOST + "/api/notes", "alice", s.sessionOf(token), digest, input));
    }

    @Test
    void aStrictGatewaySendsTheBodyAndAChangedOneIsRefused() {
        Request signed = asked("POST", "/api/notes", "{\"title\":\"tea\"}", nonce()).build();
        ServerFixture.Reply same = s.send(signed.newBuilder().post(RequestBody.create("{\"title\":\"tea\"}",
                ServerFixture.JSON)).build());
        assertThat(same.code()).as(same.toString()).isEqualTo(200);
        Request again = asked("POST", "/api/notes", "{\"title\":\"tea\"}", nonce()).build();
        ServerFixture.Reply changed = s.send(again.newBuilder().post(RequestBody.create("{\"title\":\"tee\"}",
                ServerFixture.JSON)).build());
        assertProblem(changed, 401, "bad_digest");
    }

    @Test
    void theSmallestChangeToTheForwardedCallIsRefused() {
        Request signed = asked("GET", "/api/notes?x=1", null, nonce()).build();
        assertProblem(s.send(signed.newBuilder().header("X-Original-URI", "/api/notes?x=2").build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("X-Original-URI", "/api/notez?x=1").build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("X-Original-Method", "PUT").build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("Host", "shop.test:8001").build()), 401, "bad_signature");
        assertThat(s.send(signed).code()).as("unchanged, it passes").isEqualTo(200);
        assertProblem(s.send(signed), 401, "replayed");
    }

    @Test
    void aRefusalCarriesItsStatusAndProblemInHeadersForNginx() throws Exception {
        ServerFixture.Reply r = s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", "/api/notes").header("Host", HOST).build());
        assertProblem(r, 401, "missing_credentials");
        assertThat(r.header("X-Palisade-Status")).isEqualTo("401");
        JsonNode inHeader = Json.MAPPER.readTree(r.header("X-Palisade-Problem"));
        assertThat(inHeader).isEqualTo(r.json());
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.header("Retry-After")).as("no retry for a refusal that has none").isNull();
        assertThat(r.header("X-Palisade-User")).isNull();

        s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":1,\"windowSeconds\":60}]}");
        assertThat(s.send(asked("GET", "/api/notes", null, nonce()).build()).code()).isEqualTo(200);
        ServerFixture.Reply limited = s.send(asked("GET", "/api/notes", null, nonce()).build());
        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(limited.header("X-Palisade-Status")).isEqualTo("429");
        assertThat(Json.MAPPER.readTree(limited.header("X-Palisade-Problem")).get("code").asText()).isEqualTo("rate_limited");
    }

    /* Jetty's own refusals on the decision listener had no X-Palisade-Status: nginx answered 503 "Palisade is down". */
    @Test
    void jettysOwnRefusalsOnTheDecisionListenerCarryTheGatewaysHeadersToo() throws Exception {
        for (String[] request : new String[][] {
                {"431", "GET /_palisade_decision HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "a".repeat(20_000) + "\r\n\r\n"},
                {"400", "GET /_palisade_decision HTTP/1.1\r\nHost: 127.0.0.1:1,x\r\n\r\n"}}) {
            String all;
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.decidePort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(request[1].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.shutdownOutput();
                all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            assertThat(all).as(request[0]).startsWith("HTTP/1.1 " + request[0] + " ").contains("X-Palisade-Status: " + request[0])
                    .containsPattern("X-Palisade-Problem: \\{[^\\r]*\"status\":" + request[0]);
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.port())) { // not on the API's
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1:1,x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400 ").doesNotContain("X-Palisade-Status");
        }
    }

    /* Raw bytes outside ASCII (nginx passes $request_uri as it came) were allowed, then refused by an app server that reads them otherwise. */
    @Test
    void aForwardedUriWithRawBytesOutsideAsciiIsABadRequest() throws Exception {
        for (String target : new String[] {"/api/notes?q=caf\u00e9", "/api/caf\u00e9", "/api/notes?q=a\u007fb", "/api/notes?q=a b"}) {
            String all;
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.decidePort())) {
                socket.setSoTimeout(5_000);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                out.writeBytes(("GET /_palisade_decision HTTP/1.1\r\nHost: " + HOST + "\r\nX-Original-Method: GET\r\nX-Original-URI: ")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.writeBytes(target.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // as the client sent it, raw
                out.writeBytes(("\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(out.toByteArray());
                all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(all).as(target).startsWith("HTTP/1.1 400 ");
            // a space or a DEL is refused before, as a bad URI; a byte outside ASCII is said by name
            if (target.contains("\u00e9")) assertThat(all).contains("percent-encode");
        }
    }

    @Test
    void aDecisionRequestThatDoesNotNameACallIsABadRequest() {
        assertProblem(s.send(new Request.Builder().url(decide()).header("Authorization", "Bearer " + token).build()),
                400, "bad_request");
        assertProblem(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET").build()), 400, "bad_request");
        for (String bad : new String[] {"/api/../admin/stats", "/api/%2e%2e/admin", "/api/.%2E/admin", "/api/a%2fb",
                "/api/a%5Cb", "/api/a\\b", "/api/%00", "api/notes", "http://evil.test/api/notes", "//evil.test/api/notes", "/api/%zz",
                "/api/%e9", "/api/health;x", "/;x", "/api/notes?q=%zz", "/api/notes?q=50%", "/api/notes?q=a b"}) {
            assertThat(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                    .header("X-Original-URI", bad).build())).as(bad).satisfies(r -> assertProblem(r, 400, "bad_request"));
        }
        for (String bad : new String[] {"/api/%2Fb", "/api/%5Cb", "/api/%00b"}) {
            assertThat(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                    .header("X-Original-URI", bad).build())).as(bad).satisfies(r -> assertProblem(r, 400, "bad_request"));
        }
        String longest = "/api/notes?q=" + "a".repeat(dev.palisade.http.decide.DecisionHandlerTest.MAX_URI - 13);
        assertProblem(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", longest).build()), 401, "missing_credentials");
        assertProblem(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", longest + "a").build()), 400, "bad_request");
        assertProblem(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "get pwn")
                .header("X-Original-URI", "/api/notes").build()), 400, "bad_request");
    }

    @Test
    void theClientsAddressIsTheForwardedOneOnlyFromATrustedGateway() throws Exception {
        Request noCredentials = new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", "/api/notes").header("X-Forwarded-For", "203.0.113.9").build();
        s.send(noCredentials);
        assertThat(s.adminCall("GET", "/admin/events?code=missing_credentials&ip=203.0.113.9", null).json().get("items"))
                .as("an untrusted caller cannot choose its address").isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("127.0.0.1");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", policy.toString()).code()).isLessThan(300);
        s.send(noCredentials);
        assertThat(s.adminCall("GET", "/admin/events?code=missing_credentials&ip=203.0.113.9", null).json().get("items"))
                .isNotEmpty();

        // hardening audit 60, L2: a list Jetty cannot read (a quoted string left open) was a 400 with no event
        ServerFixture.Reply unreadable = s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", "/api/notes").header("X-Forwarded-For", "\"203.0.113.9").build());
        assertProblem(unreadable, 400, "bad_request");
        assertThat(unreadable.header("X-Palisade-Status")).isEqualTo("400");
        assertThat(s.adminCall("GET", "/admin/events?code=bad_request&ip=127.0.0.1", null).json().get("items"))
                .as("the gateway's address, the header being unreadable").singleElement()
                .satisfies(e -> assertThat(e.get("path").asText()).isEqualTo("/api/notes"));
    }

    @Test
    void aPublicPathIsAllowedWithoutAUser() throws Exception {
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/api/status\"],\"clientPages\":[\"/\"]}").code())
                .isLessThan(300);
        ServerFixture.Reply r = s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", "/api/status").header("Host", HOST).build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("X-Palisade-User")).isEmpty();
        assertThat(r.header("Signature")).isEqualTo(expectedSignature("GET", "http://" + HOST + "/api/status", "", "",
                null, r.header("Signature-Input")));
        assertProblem(s.send(new Request.Builder().url(decide()).header("X-Original-Method", "GET")
                .header("X-Original-URI", "/api/statuses").build()), 401, "missing_credentials");
    }

    @Test
    void theDecisionListenerIsItsOwnAndOffUnlessAsked(@TempDir Path other) {
        assertThat(s.send(new Request.Builder().url("http://127.0.0.1:" + s.server.decidePort() + "/admin/stats")
                .header("Authorization", "Bearer " + s.server.adminToken()).build()).code())
                .as("no admin API on the decision listener").isEqualTo(400);
        assertThat(s.get(s.api("/api/notes"), null).code()).as("the API listener still protects the demo API").isEqualTo(401);
        try (ServerFixture plain = new ServerFixture(other)) {
            assertThat(plain.server.decidePort()).isEqualTo(-1);
            assertThat(plain.server.decideUri()).isNull();
        }
    }

    @Test
    void theHostTheClientAskedForIsTheForwardedOneWhenTheGatewayNamesIt() throws Exception {
        // the gateway connects with its own Host and names the client's in X-Forwarded-Host (Caddy, Traefik)
        Request signed = asked("GET", "/api/notes", null, nonce()).build();
        ServerFixture.Reply r = s.send(signed.newBuilder().header("Host", "127.0.0.1:" + s.server.decidePort())
                .header("X-Forwarded-Host", HOST).build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Signature")).isEqualTo(expectedSignature("GET", "http://" + HOST + "/api/notes", "alice",
                s.sessionOf(token), null, r.header("Signature-Input")));
        Request other = asked("GET", "/api/notes", null, nonce()).build();
        assertProblem(s.send(other.newBuilder().header("X-Forwarded-Host", "elsewhere.test").build()), 401, "bad_signature");
    }

    /*
     * fuzz58: the first of two X-Forwarded-Host or -Proto values (a second line, or a list) was signed into the answer's
     * @target-uri, and the first is the client's when a gateway appends; and a host of any text was taken.
     */
    @Test
    void aForwardedHostOrProtoGivenTwiceOrAHostThatIsNoneIsABadRequest() {
        Request signed = asked("GET", "/api/notes", null, nonce()).build();
        Request.Builder twice = signed.newBuilder().header("X-Forwarded-Host", "evil.example").addHeader("X-Forwarded-Host", HOST);
        JsonNode p = assertProblem(s.send(twice.build()), 400, "bad_request");
        assertThat(p.get("detail").asText()).contains("X-Forwarded-Host more than once");
        assertProblem(s.send(signed.newBuilder().header("X-Forwarded-Host", "evil.example, " + HOST).build()), 400, "bad_request");
        assertProblem(s.send(signed.newBuilder().header("X-Forwarded-Proto", "https").addHeader("X-Forwarded-Proto", "http")
                .build()), 400, "bad_request");
        assertProblem(s.send(signed.newBuilder().header("X-Forwarded-Proto", "https, http").build()), 400, "bad_request");
        for (String host : new String[] {"app.example/x?y", "a b", "user@app.example"}) {
            JsonNode none = assertProblem(s.send(signed.newBuilder().header("X-Forwarded-Host", host).build()), 400, "bad_request");
            assertThat(none.get("detail").asText()).as(host).contains("must be a host name");
        }
        assertThat(s.send(signed.newBuilder().header("X-Forwarded-Host", HOST).build()).code()).as("given once").isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_request", null).json().get("items"))
                .as("each refusal is the operator's to see").anySatisfy(e -> {
                    assertThat(e.get("check").asText()).isEqualTo("http");
                    assertThat(e.get("path").asText()).as("the call was not read").isEmpty();
                    assertThat(e.get("detail").asText()).contains("X-Forwarded-Host more than once");
                });
    }

    @Test
    void aStrictGatewaysBodyOverTheLimitIsRefusedNotTruncated() {
        String big = "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}";
        Request signed = asked("POST", "/api/notes", big, nonce()).build();
        assertProblem(s.send(signed.newBuilder().post(RequestBody.create(big, ServerFixture.JSON)).build()), 413, "payload_too_large");
    }
}
