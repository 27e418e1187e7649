package dev.palisade.http;

import dev.palisade.protocol.RequestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule the operator scoped to a route holds for every spelling of that route the embedded API
 * serves: an escaped letter, a path parameter, a dot segment (Jetty routes on the path it decodes and
 * cleans, and the checks read that path), a trailing slash. Other capitals reach no embedded route,
 * but Express routes them alike ({@code MiddlewareHttpTest}); a doubled slash Jetty refuses first.
 */
class RouteSpellingHttpTest extends ServerTest {

    /** The demo's shipped rule: POST /api/orders needs a GET /api/cart first. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/%6Frders", "/api/%6frders", "/api/orders;v=1", "/api/cart/../orders", "/api/./orders",
            "/api/orders/"})
    void anOrderSpelledAnotherWayStillNeedsTheCart(String path) throws IOException {
        String token = s.token("alice");
        String[] answer = signedRaw(s, "POST", path, token);
        assertThat(answer[0]).as(answer[1] + "\n" + answer[2]).contains(" 403 ");
        assertThat(answer[2]).contains("sequence_violation");
    }

    /**
     * A look at the cart counts only at the path the rule names: the demo API answers these spellings
     * 404, so they showed no cart, and an order after one is refused as after none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/cart/", "/api/Cart"}) // /API/cart is no API call at all: /api/* is mapped as spelt
    void aLookAtTheCartSpelledAnotherWayIsNoLookAtIt(String path) throws IOException {
        String token = s.token("alice");
        String[] look = signedRaw(s, "GET", path, token);
        assertThat(look[0]).as(look[1] + "\n" + look[2]).contains(" 404 ");
        String[] order = signedRaw(s, "POST", "/api/orders", token);
        assertThat(order[0]).as(order[1] + "\n" + order[2]).contains(" 403 ");
        assertThat(order[2]).contains("sequence_violation");
        assertThat(signedRaw(s, "GET", "/api/cart", token)[0]).contains(" 200 ");
        String[] after = signedRaw(s, "POST", "/api/orders", token);
        assertThat(after[2]).as("the cart's own path is a look at it").doesNotContain("sequence_violation");
    }

    /**
     * The method a rule names is upper-case, and Jetty keeps a method as sent: {@code post} would pass
     * every rule naming POST, and in reverse-proxy mode reach the upstream as POST (Jetty's client
     * writes it upper-case). A method that is not upper-case letters is refused before any check.
     */
    @ParameterizedTest
    @ValueSource(strings = {"post", "Post", "pOST"})
    void aMethodInOtherCapitalsIsRefused(String method) throws IOException {
        String token = s.token("alice");
        String[] answer = signedRaw(s, method, "/api/orders", token);
        assertThat(answer[0]).as(answer[1] + "\n" + answer[2]).contains(" 400 ");
        assertThat(answer[2]).contains("bad_request").contains("method");
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_request", null).json().get("items"))
                .as("the operator sees what was sent and refused").anySatisfy(e -> {
                    assertThat(e.get("method").asText()).isEqualTo(method);
                    assertThat(e.get("path").asText()).isEqualTo("/api/orders");
                    assertThat(e.get("check").asText()).isEqualTo("http");
                    assertThat(e.get("ip").asText()).isEqualTo("127.0.0.1");
                });
        // a refresh goes through the checks too: /auth/* takes POST exactly
        String[] refresh = signedRaw(s, method, "/auth/refresh", token);
        assertThat(refresh[0]).as(refresh[1] + "\n" + refresh[2]).contains(" 405 ");
    }

    /** An event keeps a method as sent up to 20 characters: Jetty takes a method of any length within its header limit. */
    @Test
    void anEventKeepsAMethodAsSentUpToTwentyCharacters() {
        assertThat(ProtectHandler.asSent("p".repeat(20))).isEqualTo("p".repeat(20));
        assertThat(ProtectHandler.asSent("p".repeat(21))).isEqualTo("p".repeat(20) + "…");
    }

    /** A window on one route counts the route's every spelling: the second call is over a limit of one. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/%6Eotes", "/api/notes;x=1", "/api/cart/../notes", "/api/notes/"})
    void aRouteWindowCountsEverySpellingOfItsRoute(String path) throws IOException {
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":1,"
                + "\"windowSeconds\":60,\"route\":\"/api/notes\"}]}").code()).isEqualTo(200);
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        String[] answer = signedRaw(s, "GET", path, token);
        assertThat(answer[0]).as(answer[1] + "\n" + answer[2]).contains(" 429 ");
        assertThat(answer[2]).contains("rate_limited");
        // another route stays outside the window
        assertThat(s.get(s.api("/api/cart"), token).code()).isEqualTo(200);
    }

    /**
     * RFC 9421 over the method as sent: {@link RequestSigner} writes {@code @method} upper-case, as
     * palisade.js sends it, and a caller with the session's key can sign any spelling.
     */
    private static RequestSigner.Signed signAsSent(String method, String authority, String path, String authorization,
            byte[] body, String sessionId, byte[] key, long created, String nonce) {
        String digest = body == null ? null : RequestSigner.contentDigest(body);
        String params = "(\"@method\" \"@authority\" \"@path\" \"authorization\"" + (digest == null ? "" : " \"content-digest\"")
                + ");created=" + created + ";keyid=\"" + sessionId + "\";alg=\"hmac-sha256\";nonce=\"" + nonce + "\"";
        String base = "\"@method\": " + method + "\n\"@authority\": " + authority + "\n\"@path\": " + path
                + "\n\"authorization\": " + authorization + "\n" + (digest == null ? "" : "\"content-digest\": " + digest + "\n")
                + "\"@signature-params\": " + params;
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            String signature = java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(base.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return new RequestSigner.Signed("sig1=" + params, "sig1=:" + signature + ":", digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code method path} byte for byte as written, signed over them, with an empty JSON body for a POST or post. */
    static String[] signedRaw(ServerFixture s, String method, String path, String token) throws IOException {
        URI api = URI.create(s.api("/"));
        String authority = api.getHost() + ":" + api.getPort();
        byte[] body = method.equalsIgnoreCase("POST") ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
        RequestSigner.Signed signed = signAsSent(method, authority, path, "Bearer " + token, body, s.sessionOf(token),
                s.signingKey(token), s.clock.millis() / 1000, dev.palisade.engine.Secrets.randomToken(12));
        StringBuilder raw = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: okhttp/").append(okhttp3.OkHttp.VERSION).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Signature-Input: ").append(signed.signatureInput()).append("\r\n")
                .append("Signature: ").append(signed.signature()).append("\r\n");
        if (body != null) {
            raw.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n")
                    .append("Content-Digest: ").append(signed.contentDigest()).append("\r\n\r\n{}");
        } else {
            raw.append("\r\n");
        }
        return DenialHttpTest.rawAnswer(api.getPort(), raw.toString());
    }
}
