package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Technique 5 over real HTTP: a token and key copied to another User-Agent or another address
 * (a loopback alias in another /24) are refused until the user logs in again.
 */
class FingerprintHttpTest extends ServerTest {

    private String token;

    @BeforeEach
    void logIn() {
        token = s.token("alice");
    }


    private static OkHttpClient from(String source) { return LoopbackAlias.client(source); }

    private ServerFixture.Reply sendWith(OkHttpClient client, Request request) throws IOException {
        try (var r = client.newCall(request).execute()) {
            return new ServerFixture.Reply(r.code(), r.headers(), r.body().string());
        } finally {
            client.connectionPool().evictAll();
        }
    }

    @Test
    void aTokenCopiedToAnotherUserAgentNeedsReauthentication() {
        Request stolen = s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15").build();
        JsonNode p = assertProblem(s.send(stolen), 401, "reauth_required");
        assertThat(p.get("check").asText()).isEqualTo("fingerprint");
        assertThat(s.get(s.api("/api/notes"), token).code()).as("the real client goes on").isEqualTo(200);
        JsonNode events = s.adminCall("GET", "/admin/events?type=fingerprint_mismatch", null).json().get("items");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("detail").asText()).contains("Mozilla/5.0 (Macintosh) Safari/605.1.15").contains("okhttp");
            assertThat(e.get("status").asInt()).isEqualTo(401);
        });
    }

    @Test
    void aCallWithTheTokenButNotItsKeyLeavesTheSessionsBindingAsItWas() {
        String sid = s.adminCall("GET", "/admin/sessions", null).json().get("items").get(0).get("id").asText();
        // the token alone (no signature), from another browser: refused for what it lacks, and nothing else
        Request anotherBrowser = new Request.Builder().url(s.api("/api/notes")).header("Authorization", "Bearer " + token)
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0").build();
        assertProblem(s.send(anotherBrowser), 401, "missing_signature");
        assertProblem(s.adminCall("POST", "/admin/sessions/" + sid + "/accept-fingerprint", null), 409, "conflict");
        // the same browser with another language (an alert component): the binding is not moved to it
        Request anotherLanguage = new Request.Builder().url(s.api("/api/notes")).header("Authorization", "Bearer " + token)
                .header("Accept-Language", "xx-XX").build();
        assertProblem(s.send(anotherLanguage), 401, "missing_signature");
        assertThat(s.get(s.api("/api/notes"), token).code()).as("the real client goes on").isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/events?type=fingerprint_mismatch", null).json().get("items"))
                .as("neither the thief's calls nor the real client's next one are a mismatch").isEmpty();
    }

    @Test
    void theOperatorCanAcceptTheNewFingerprint() {
        String sid = s.adminCall("GET", "/admin/sessions", null).json().get("items").get(0).get("id").asText();
        assertProblem(s.adminCall("POST", "/admin/sessions/" + sid + "/accept-fingerprint", null), 409, "conflict");
        String newBrowser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", newBrowser).build()),
                401, "reauth_required");
        assertThat(s.adminCall("POST", "/admin/sessions/" + sid + "/accept-fingerprint", null).code()).isEqualTo(204);
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", newBrowser).build()).code())
                .isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), token), 401, "reauth_required");
        assertProblem(s.adminCall("POST", "/admin/sessions/nope/accept-fingerprint", null), 404, "not_found");
        assertThat(s.adminCall("GET", "/admin/events?code=fingerprint_accepted", null).json().get("items")).hasSize(1);
    }

    @Test
    void aRevokedSessionsFingerprintIsNotAccepted() {
        String sid = s.adminCall("GET", "/admin/sessions", null).json().get("items").get(0).get("id").asText();
        String newBrowser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", newBrowser).build()),
                401, "reauth_required");
        assertThat(s.adminCall("DELETE", "/admin/sessions/" + sid, null).code()).isEqualTo(204);
        JsonNode p = assertProblem(s.adminCall("POST", "/admin/sessions/" + sid + "/accept-fingerprint", null), 409, "conflict");
        assertThat(p.get("detail").asText()).contains("revoked");
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", newBrowser).build()),
                401, "session_revoked");
        assertThat(s.adminCall("GET", "/admin/events?code=fingerprint_accepted", null).json().get("items")).isEmpty();
    }

    @Test
    void aTokenUsedFromAnotherNetworkNeedsReauthentication() throws IOException {
        ServerFixture.Reply r = sendWith(from("127.0.1.5"), s.request("GET", s.api("/api/notes"), null, token).build());
        assertProblem(r, 401, "reauth_required");
        ServerFixture.Reply sameNet = sendWith(from("127.0.0.7"), s.request("GET", s.api("/api/notes"), null, token).build());
        assertThat(sameNet.code()).as("same /24 is the same network").isEqualTo(200);
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() throws IOException {
        // anyone may claim another address: without trust it changes nothing
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).header("X-Forwarded-For", "203.0.113.9")
                .build()).code()).isEqualTo(200);
        s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\",\"ip\":\"reauth\"},"
                + "\"trustedProxies\":[\"127.0.2.1\"]}");
        // through the trusted proxy, the forwarded address is the client's: another network
        ServerFixture.Reply viaProxy = sendWith(from("127.0.2.1"), s.request("GET", s.api("/api/notes"), null, token)
                .header("X-Forwarded-For", "203.0.113.9").build());
        assertProblem(viaProxy, 401, "reauth_required");
    }

    /* A proxy's own calls (its health checks, a caller it names no one Palisade believes for) were counted against it. */
    @Test
    void aTrustedProxysOwnRefusalsNeverBlockItButTheClientsItNamesAreBlocked() throws IOException {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":3}").code()).isEqualTo(200);
        s.adminCall("PUT", "/admin/fingerprint", "{\"trustedProxies\":[\"127.0.2.1\"]}");
        for (int i = 0; i < 4; i++) {
            assertProblem(sendWith(from("127.0.2.1"), s.request("GET", s.api("/api/notes"), null, null).build()),
                    401, "missing_credentials");
        }
        for (int i = 0; i < 3; i++) {
            assertProblem(sendWith(from("127.0.2.1"), s.request("GET", s.api("/api/notes"), null, null)
                    .header("X-Forwarded-For", "203.0.113.9").build()), 401, "missing_credentials");
        }
        assertProblem(sendWith(from("127.0.2.1"), s.request("GET", s.api("/api/notes"), null, null)
                .header("X-Forwarded-For", "203.0.113.9").build()), 403, "blacklisted");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items")).extracting(e -> e.get("value").asText())
                .contains("203.0.113.9").doesNotContain("127.0.2.1");
        assertThat(sendWith(from("127.0.2.1"), s.request("GET", s.api("/api/notes"), null, token).build()).code())
                .as("the proxy itself is not blocked").isNotEqualTo(403);
    }

    @Test
    void thePolicyIsReadAndChangedThroughTheAdminApi() {
        JsonNode policy = s.adminCall("GET", "/admin/fingerprint", null).json();
        assertThat(policy.get("components").get("userAgent").asText()).isEqualTo("reauth");
        assertThat(policy.get("ipv4Prefix").asInt()).isEqualTo(24);
        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\",\"automation\":\"deny\"}}")
                .code()).isEqualTo(200);
        ServerFixture.Reply changed = s.adminCall("PUT", "/admin/fingerprint",
                "{\"components\":{\"userAgent\":\"alert\",\"header:x-app-version\":\"reauth\"},\"ipv4Prefix\":16}");
        assertThat(changed.code()).isEqualTo(200);
        assertThat(changed.json().get("ipv4Prefix").asInt()).isEqualTo(16);
        // a body written before automation was a component (an older console, a script) did not turn it off, nor the
        // slowing of automated browsers' sessions with it (review 61, I2)
        assertThat(changed.json().get("components").get("automation").asText()).as("the stored action").isEqualTo("deny");
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", "other").build()).code())
                .isEqualTo(200);
        ServerFixture.Reply bad = s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"ip\":\"explode\"}}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("components.ip");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":5}").code()).isEqualTo(400);
        // the gateways' guides trust their proxy with this body alone: the components stay as they were
        ServerFixture.Reply trusted = s.adminCall("PUT", "/admin/fingerprint", "{\"trustedProxies\":[\"127.0.0.1\"]}");
        assertThat(trusted.code()).isEqualTo(200);
        assertThat(trusted.json().get("trustedProxies").get(0).asText()).isEqualTo("127.0.0.1");
        assertThat(trusted.json().get("components").get("header:x-app-version").asText()).isEqualTo("reauth");
        assertThat(trusted.json().get("components").get("userAgent").asText()).isEqualTo("alert");
        assertThat(trusted.json().get("ipv4Prefix").asInt()).isEqualTo(16);
        assertThat(s.adminCall("POST", "/admin/keys/rotate?ring=fingerprint", null).code()).isEqualTo(201);
        assertThat(s.adminCall("GET", "/admin/keys?ring=fingerprint", null).json().get("items")).hasSize(2);
        assertThat(s.adminCall("GET", "/admin/keys?ring=nope", null).code()).isEqualTo(400);
    }

    /*
     * A console helper's find: a ticket holds the client's digest under the salt of its bootstrap, and the login compared
     * it under the current one: a salt rotated between a person's bootstrap and their login refused it as another client.
     */
    @Test
    void aLoginAfterTheSaltRotatedSinceItsBootstrapIsTheSameClient() {
        s.ensureUser("rita");
        String ticket = s.ticket();
        assertThat(s.adminCall("POST", "/admin/keys/rotate?ring=fingerprint", null).code()).isEqualTo(201);
        // another browser with that ticket is another client still, under either salt
        ServerFixture.Reply other = s.send(new okhttp3.Request.Builder().url(s.api("/auth/login")).header("User-Agent", "Other/1.0")
                .post(okhttp3.RequestBody.create(s.loginBody("rita", ServerFixture.PASSWORD, ticket),
                        okhttp3.MediaType.get("application/json"))).build());
        assertThat(other.code()).as(other.toString()).isEqualTo(401);
        assertThat(other.json().get("code").asText()).isEqualTo("reauth_required");
        ServerFixture.Reply login = s.postJson(s.api("/auth/login"), s.loginBody("rita", ServerFixture.PASSWORD, ticket), null);
        assertThat(login.code()).as(login.toString()).isEqualTo(200);
    }

    /** The description said 0–32 and 0–128 where the server takes 8–32 and 16–128: a client built from it was refused. */
    @Test
    void thePrefixBoundsTheDescriptionGivesAreTheServersOwn() {
        JsonNode schemas = s.adminCall("GET", "/admin/openapi.json", null).json().get("components").get("schemas");
        for (String schema : new String[] {"FingerprintPolicy", "FingerprintPolicyChange"}) {
            for (String prefix : new String[] {"ipv4Prefix", "ipv6Prefix"}) {
                JsonNode bounds = schemas.get(schema).get("properties").get(prefix);
                for (String end : new String[] {"minimum", "maximum"}) {
                    int documented = bounds.get(end).asInt();
                    int beyond = end.equals("minimum") ? documented - 1 : documented + 1;
                    assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\"},\"" + prefix
                            + "\":" + documented + "}").code()).as(schema + "." + prefix + " " + end).isEqualTo(200);
                    assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\"},\"" + prefix
                            + "\":" + beyond + "}").code()).as(schema + "." + prefix + " beyond its " + end).isEqualTo(400);
                }
            }
        }
    }
}
