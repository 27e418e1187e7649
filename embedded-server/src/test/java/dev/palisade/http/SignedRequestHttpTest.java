package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Techniques 3 and 4 over real HTTP: a captured request is worth nothing a second time. */
class SignedRequestHttpTest extends ServerTest {

    private String token;

    @BeforeEach
    void logIn() {
        token = s.token("alice");
    }


    @Test
    void theSigningKeyIsAgreedPerSessionAndNeverSent() {
        JsonNode login1 = s.login("alice");
        JsonNode login2 = s.login("alice");
        assertThat(login1.has("signingKey")).as("the login no longer carries a signing key").isFalse();
        byte[] key1 = s.signingKey(login1.get("accessToken").asText());
        byte[] key2 = s.signingKey(login2.get("accessToken").asText());
        assertThat(key1).hasSize(32).isNotEqualTo(key2);
        assertThat(login1.get("serverKey").get("x").asText()).isNotEqualTo(login2.get("serverKey").get("x").asText());
        for (String form : ServerFixture.encodings(key1)) {
            assertThat(login1.toString()).doesNotContain(form);
            for (String asset : new String[] {"/", "/assets/palisade.js", "/assets/client.js"}) {
                assertThat(s.get(s.api(asset), null).body()).doesNotContain(form);
            }
        }
    }

    @Test
    void anUnsignedCallWithAValidTokenIsRefused() {
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/api/notes"))
                .header("Authorization", "Bearer " + token).build());
        assertProblem(r, 401, "missing_signature");
    }

    @Test
    void aCapturedRequestReplayedIsRefused() {
        Request captured = s.request("POST", s.api("/api/notes?draft=1"), "{\"title\":\"once\"}", token).build();
        assertThat(s.send(captured).code()).isEqualTo(201);
        assertProblem(s.send(captured), 401, "replayed");
        assertThat(s.get(s.api("/api/notes"), token).json().get("items")).hasSize(1);
    }

    @Test
    void aRequestCreatedAheadOfTheServersClockIsNotMadeAgainAfterARestart() {
        // a client whose clock runs 25 s fast (inside the 30 s skew): its call is fresh, and stays spent
        s.clock.advance(Duration.ofSeconds(25));
        Request captured = s.request("POST", s.api("/api/notes"), "{\"title\":\"once\"}", token).build();
        s.clock.advance(Duration.ofSeconds(-25));
        assertThat(s.send(captured).code()).isEqualTo(201);
        assertProblem(s.send(captured), 401, "replayed");
        s.clock.advance(Duration.ofSeconds(2)); // a restart takes a moment: created is still after the new start
        s.restart();
        assertProblem(s.send(captured), 401, "replayed");
        s.clock.advance(Duration.ofSeconds(23)); // once the server's clock reached created, too
        assertProblem(s.send(captured), 401, "replayed");
        s.restart(); // a second later (ServerFixture): created is now before the start
        assertProblem(s.send(captured), 401, "stale");
        assertThat(s.get(s.api("/api/notes"), token).json().get("items")).hasSize(1);
    }

    @Test
    void aRequestReplayedAfterARestartIsRefused() {
        Request captured = s.request("POST", s.api("/api/notes"), "{\"title\":\"once\"}", token).build();
        assertThat(s.send(captured).code()).isEqualTo(201);
        assertProblem(s.send(captured), 401, "replayed");
        s.clock.advance(Duration.ofSeconds(1)); // a restart takes a moment; the nonces it knew are gone
        s.restart();
        JsonNode p = assertProblem(s.send(captured), 401, "stale");
        assertThat(p.get("detail").asText()).contains("before this server started");
        assertThat(s.get(s.api("/api/notes"), token).json().get("items")).as("created once").hasSize(1);
        assertThat(s.postJson(s.api("/api/notes"), "{\"title\":\"signed after the restart\"}", token).code()).isEqualTo(201);
    }

    @Test
    void aBodyStrippedAfterSigningIsRefused() {
        Request signed = s.request("POST", s.api("/api/notes"), "{\"title\":\"pay 10\"}", token).build();
        assertProblem(s.send(signed.newBuilder().post(RequestBody.create(new byte[0], ServerFixture.JSON)).build()), 401,
                "bad_digest");
        Request noBody = signed.newBuilder().method("POST", RequestBody.create(new byte[0], null)).build();
        assertProblem(s.send(noBody), 401, "bad_digest");
        assertThat(s.get(s.api("/api/notes"), token).json().get("items")).isEmpty();
    }

    @Test
    void aSignatureInputWithTwoMembersIsRefused() {
        Request signed = s.request("GET", s.api("/api/notes"), null, token).build();
        String input = signed.header("Signature-Input");
        String second = input.replaceFirst("^sig1=", "sig2=");
        assertProblem(s.send(signed.newBuilder().header("Signature-Input", input + ", " + second)
                .header("Signature", signed.header("Signature") + ", " + signed.header("Signature").replaceFirst("^sig1=", "sig2="))
                .build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("Signature",
                signed.header("Signature") + ", " + signed.header("Signature").replaceFirst("^sig1=", "sig2=")).build()), 401,
                "bad_signature");
        assertThat(s.send(signed).code()).as("the unchanged request").isEqualTo(200);
    }

    /*
     * fuzz58: a label given twice was one member, the last (RFC 8941 §3.2), so a log, a WAF or a gateway that reads the
     * first saw another signature than the one verified. The profile refuses it, as it refuses a parameter given twice.
     */
    @Test
    void aSignatureLabelGivenTwiceIsRefusedInEitherFieldAndAsTwoFieldLines() {
        Request signed = s.request("GET", s.api("/api/notes"), null, token).build();
        String input = signed.header("Signature-Input");
        String signature = signed.header("Signature");
        assertProblem(s.send(signed.newBuilder().header("Signature-Input", "sig1=(\"@method\");created=1, " + input).build()),
                401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("Signature", "sig1=:AAAA:, " + signature).build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("Signature-Input", input).addHeader("Signature-Input", input).build()),
                401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().header("Signature", signature).addHeader("Signature", signature).build()),
                401, "bad_signature");
        assertThat(s.send(signed).code()).as("the unchanged request").isEqualTo(200);
    }

    @Test
    void aSignatureParameterGivenTwiceIsRefusedForWhatItIs() {
        Request signed = s.request("GET", s.api("/api/notes"), null, token).build();
        String input = signed.header("Signature-Input");
        JsonNode p = assertProblem(s.send(signed.newBuilder().header("Signature-Input", input + ";alg=\"hmac-sha256\"").build()),
                401, "bad_signature");
        assertThat(p.get("detail").asText()).as("refused for the repeat, before its MAC is looked at").contains("alg given twice");
        assertThat(s.send(signed).code()).as("the unchanged request").isEqualTo(200);
    }

    /**
     * A GET of /api/notes signed with the session's key over {@code components} as listed (the profile's four, then
     * {@code extra}), each app field {@code x-h…} carrying {@code value}: the MAC is right, so only the list can be refused.
     */
    private Request signedOver(java.util.List<String> extra, String value) throws Exception {
        URI u = URI.create(s.api("/api/notes"));
        java.util.List<String> components = new java.util.ArrayList<>(java.util.List.of("@method", "@authority", "@path",
                "authorization"));
        components.addAll(extra);
        String params = "(" + String.join(" ", components.stream().map(c -> "\"" + c + "\"").toList()) + ");created="
                + s.clock.millis() / 1000 + ";keyid=\"" + s.sessionOf(token) + "\";alg=\"hmac-sha256\";nonce=\""
                + dev.palisade.engine.Secrets.randomToken(12) + "\"";
        StringBuilder base = new StringBuilder();
        Request.Builder b = new Request.Builder().url(u.toString()).header("Authorization", "Bearer " + token);
        for (String c : components) {
            String v = switch (c) {
                case "@method" -> "GET";
                case "@authority" -> u.getHost() + ":" + u.getPort();
                case "@path" -> u.getRawPath();
                case "authorization" -> "Bearer " + token;
                default -> value;
            };
            if (!c.startsWith("@") && !c.equals("authorization")) b.header(c.toLowerCase(java.util.Locale.ROOT), value);
            base.append('"').append(c).append("\": ").append(v).append('\n');
        }
        base.append("\"@signature-params\": ").append(params);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(s.signingKey(token), "HmacSHA256"));
        String sig = java.util.Base64.getEncoder().encodeToString(mac.doFinal(base.toString().getBytes(StandardCharsets.UTF_8)));
        return b.header("Signature-Input", "sig1=" + params).header("Signature", "sig1=:" + sig + ":").build();
    }

    private static java.util.List<String> fields(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "x-h" + i).toList();
    }

    /*
     * Audit path57 M1: a component listed again and again made a base of megabytes from an 8 KiB request, each thread
     * keeping its buffer at that size; RFC 9421 §2.5 refuses a repeat. L1: "X-H1" was taken for the field x-h1.
     */
    @Test
    void aComponentGivenTwiceInUpperCaseOrBeyondSixteenIsRefusedThoughItsMacIsRight() throws Exception {
        assertThat(s.send(signedOver(fields(12), "1")).code()).as("the profile's four and twelve of the app's").isEqualTo(200);
        JsonNode twice = assertProblem(s.send(signedOver(java.util.List.of("x-h1", "x-h1"), "1")), 401, "bad_signature");
        assertThat(twice.get("detail").asText()).contains("component given twice");
        assertProblem(s.send(signedOver(java.util.List.of("@path"), "1")), 401, "bad_signature");
        JsonNode many = assertProblem(s.send(signedOver(fields(13), "1")), 401, "bad_signature");
        assertThat(many.get("detail").asText()).contains("more than 16");
        JsonNode upper = assertProblem(s.send(signedOver(java.util.List.of("X-H1"), "1")), 401, "bad_signature");
        assertThat(upper.get("detail").asText()).contains("lower case");
    }

    /*
     * RFC 9110 §5.3: two lines of a field are one value joined with ", ". In an RFC 8941 dictionary the last member of
     * a label wins, which let the right MAC after a wrong one pass (fuzz58): two lines are two members, refused.
     */
    @Test
    void aSignatureFieldSentTwiceIsTwoMembersWhateverTheirOrder() {
        Request signed = s.request("GET", s.api("/api/notes"), null, token).build();
        String mac = signed.header("Signature");
        String wrong = "sig1=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":";
        JsonNode p = assertProblem(s.send(signed.newBuilder().removeHeader("Signature").addHeader("Signature", wrong)
                .addHeader("Signature", mac).build()), 401, "bad_signature");
        assertThat(p.get("detail").asText()).as("the right MAC last").contains("exactly one member");
        assertProblem(s.send(signed.newBuilder().removeHeader("Signature").addHeader("Signature", mac)
                .addHeader("Signature", wrong).build()), 401, "bad_signature");
        p = assertProblem(s.send(signed.newBuilder().removeHeader("Signature").addHeader("Signature", wrong.replace("sig1=", "sig2="))
                .addHeader("Signature", mac).build()), 401, "bad_signature");
        assertThat(p.get("detail").asText()).contains("exactly one member");
        assertThat(s.send(signed).code()).as("the unchanged request").isEqualTo(200);
    }

    @Test
    void aSignatureWhoseExpiresHasPassedIsRefused() {
        byte[] key = s.signingKey(token);
        String own = s.sessionOf(token);
        okhttp3.HttpUrl u = okhttp3.HttpUrl.get(s.api("/api/notes"));
        long now = s.clock.millis() / 1000;
        for (long expires : new long[] {now - 1, now}) {
            dev.palisade.protocol.RequestSigner.Signed sig = dev.palisade.protocol.RequestSigner.sign("GET",
                    u.host() + ":" + u.port(), "/api/notes", null, "Bearer " + token, null, own, key, now, expires,
                    "expired-" + expires);
            JsonNode p = assertProblem(s.send(new Request.Builder().url(u).header("Authorization", "Bearer " + token)
                    .header("Signature-Input", sig.signatureInput()).header("Signature", sig.signature()).build()), 401, "stale");
            assertThat(p.get("detail").asText()).contains("expired");
        }
        dev.palisade.protocol.RequestSigner.Signed fresh = dev.palisade.protocol.RequestSigner.sign("GET",
                u.host() + ":" + u.port(), "/api/notes", null, "Bearer " + token, null, own, key, now, now + 1, "fresh");
        assertThat(s.send(new Request.Builder().url(u).header("Authorization", "Bearer " + token)
                .header("Signature-Input", fresh.signatureInput()).header("Signature", fresh.signature()).build()).code())
                .as("expires one second ahead").isEqualTo(200);
    }

    @Test
    void aBodyTamperedAfterSigningIsRefused() {
        Request signed = s.request("POST", s.api("/api/notes"), "{\"title\":\"pay 10\"}", token).build();
        Request tampered = signed.newBuilder().post(RequestBody.create("{\"title\":\"pay 99\"}", ServerFixture.JSON)).build();
        assertProblem(s.send(tampered), 401, "bad_digest");
        assertThat(s.get(s.api("/api/notes"), token).json().get("items")).isEmpty();
    }

    @Test
    void anotherPathOrQueryUnderTheSameSignatureIsRefused() {
        Request signed = s.request("GET", s.api("/api/notes?page=1"), null, token).build();
        assertProblem(s.send(signed.newBuilder().url(s.api("/api/notes?page=2")).build()), 401, "bad_signature");
        assertProblem(s.send(signed.newBuilder().url(s.api("/api/cart?page=1")).build()), 401, "bad_signature");
    }

    @Test
    void aStaleOrFutureCreatedTimeIsRefused() {
        Request signed = s.request("GET", s.api("/api/notes"), null, token).build();
        s.clock.advance(Duration.ofSeconds(31));
        assertProblem(s.send(signed), 401, "stale");
        Request fromTheFuture = s.request("GET", s.api("/api/notes"), null, token).build();
        s.clock.advance(Duration.ofSeconds(-62));
        assertProblem(s.send(fromTheFuture), 401, "stale");
    }

    @Test
    void aSignatureFromAnotherSessionDoesNotTransfer() {
        String bobs = s.token("bob");
        Request bobSigned = s.request("GET", s.api("/api/notes"), null, bobs).build();
        ServerFixture.Reply r = s.send(bobSigned.newBuilder().header("Authorization", "Bearer " + token).build());
        assertProblem(r, 401, "missing_signature");
    }

    /**
     * Two calls on one connection, the second with the token's letters in the other case but signed over
     * the real token. Jetty's per-connection header cache matches a value ignoring case and hands on the
     * cached one, so the server saw the real token and let the call through: what arrives must be what
     * is checked.
     */
    @Test
    void aTokenChangedInCaseIsRefusedOnTheConnectionThatCarriedTheRealOne() throws IOException {
        URI api = URI.create(s.api("/"));
        String authority = api.getHost() + ":" + api.getPort();
        String other = swapCase(token);
        assertThat(other).isNotEqualTo(token);
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(signedGet(authority, token, token, "first").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(answer(in)).as("the real token").startsWith("HTTP/1.1 200 ");
            out.write(signedGet(authority, other, token, "second").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(answer(in)).as("the token in the other case, on the same connection")
                    .startsWith("HTTP/1.1 401 ").contains("\"code\":\"invalid_token\"");
        }
    }

    @Test
    void everyListenerReadsHeadersWithoutJettysCache() {
        var connectors = s.server.handlers().getServer().getConnectors();
        assertThat(connectors).hasSizeGreaterThanOrEqualTo(2);
        for (var connector : connectors) {
            var http = connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
            assertThat(http.getHttpConfiguration().getHeaderCacheSize()).as(connector.getName()).isZero();
        }
    }

    /** A raw GET /api/notes sending {@code sent} as its token, signed as if it carried {@code signed}. */
    private String signedGet(String authority, String sent, String signed, String nonce) {
        dev.palisade.protocol.RequestSigner.Signed sig = dev.palisade.protocol.RequestSigner.sign("GET", authority,
                "/api/notes", null, "Bearer " + signed, null, s.sessionOf(token), s.signingKey(token),
                s.clock.millis() / 1000, nonce + "-" + dev.palisade.engine.Secrets.randomToken(8));
        // the User-Agent the fixture logged in with: the session is bound to it
        return "GET /api/notes HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: okhttp/" + okhttp3.OkHttp.VERSION
                + "\r\nAuthorization: Bearer " + sent
                + "\r\nSignature-Input: " + sig.signatureInput() + "\r\nSignature: " + sig.signature() + "\r\n\r\n";
    }

    /** Reads one answer off a kept-alive connection: its head and its body, as long as Content-Length says. */
    private static String answer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new EOFException("the server closed the connection: " + head);
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (!length.find()) throw new AssertionError("an answer without Content-Length: " + head);
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    private static String swapCase(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }
}
