package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The browser's path over real HTTP: page, bootstrap, login, the demo API, refresh, logout. */
class ClientFlowHttpTest extends ServerTest {




    /*
     * Audit 50: the assets were sent no-cache with no validator, so every page load fetched all ~200 KB of scripts
     * again: a slow phone's share of the bootstrap window. A copy still good is answered 304, without its bytes.
     */
    @Test
    void anAssetTheBrowserHoldsIsAnsweredNotModified() {
        ServerFixture.Reply first = s.get(s.api("/assets/palisade.js"), null);
        String etag = first.header("ETag");
        assertThat(etag).as("a strong tag").matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        for (String held : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            ServerFixture.Reply again = s.send(s.request("GET", s.api("/assets/palisade.js"), null, null)
                    .header("If-None-Match", held).build());
            assertThat(again.code()).as(held).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(etag);
        }
        ServerFixture.Reply other = s.send(s.request("GET", s.api("/assets/palisade.js"), null, null)
                .header("If-None-Match", "\"an-older-copy\"").build());
        assertThat(other.code()).isEqualTo(200);
        assertThat(other.body()).contains("/auth/bootstrap");
        assertThat(s.get(s.api("/assets/client.js"), null).header("ETag")).as("each asset its own").isNotEqualTo(etag);
        ServerFixture.Reply head = s.send(s.request("HEAD", s.api("/assets/palisade.js"), null, null).build());
        assertThat(head.code()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(
                first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(head.header("ETag")).isEqualTo(etag);
    }

    @Test
    void theClientPageCarriesAFreshNonceEachTimeAndAStrictPolicy() {
        ServerFixture.Reply page = s.get(s.api("/"), null);
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains("<script src=\"/assets/client.js\">");
        assertThat(s.pageNonce()).isNotEqualTo(s.pageNonce());
        assertThat(s.get(s.api("/assets/palisade.js"), null).body()).contains("/auth/bootstrap");
        assertThat(s.get(s.api("/assets/client.css"), null).header("Content-Type")).startsWith("text/css");
    }

    /** {@code id} in the digits that start at {@code zero} (fullwidth, Arabic-Indic), percent-encoded as UTF-8. */
    private static String percentEncoded(long id, int zero) {
        StringBuilder digits = new StringBuilder();
        for (char c : Long.toString(id).toCharArray()) digits.appendCodePoint(zero + c - '0');
        return java.net.URLEncoder.encode(digits.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void bootstrapLoginAndTheDemoApi() {
        JsonNode login = s.login("alice");
        assertThat(login.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(login.get("sessionId").asText()).isNotBlank();
        String token = login.get("accessToken").asText();

        ServerFixture.Reply created = s.postJson(s.api("/api/notes"), "{\"title\":\"first\",\"body\":\"hello\"}", token);
        assertThat(created.code()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/notes/" + id);
        assertThat(s.get(s.api("/api/notes"), token).json().get("items").get(0).get("title").asText()).isEqualTo("first");

        ServerFixture.Reply updated = s.send(s.request("PUT", s.api("/api/notes/" + id), "{\"title\":\"renamed\"}", token)
                .build());
        assertThat(updated.json().get("title").asText()).isEqualTo("renamed");
        // one note, one path: a rule or a route written for /api/notes/7 did not see /api/notes/007 or ٧
        for (String spelling : java.util.List.of("+" + id, "0" + id, percentEncoded(id, 0xFF10), percentEncoded(id, 0x0660))) {
            assertProblem(s.get(s.api("/api/notes/" + spelling), token), 404, "not_found");
        }
        assertThat(s.send(s.request("DELETE", s.api("/api/notes/" + id), null, token).build()).code()).isEqualTo(204);
        assertProblem(s.get(s.api("/api/notes/" + id), token), 404, "not_found");

        // the demo's sequence rule: an order needs a look at the cart first
        assertProblem(s.postJson(s.api("/api/orders"), "{}", token), 403, "sequence_violation");
        // Rails and older Spring route /api/orders.json to the same action: it is the same call to a rule (audit 49)
        assertProblem(s.postJson(s.api("/api/orders.json"), "{}", token), 403, "sequence_violation");
        assertThat(s.get(s.api("/api/cart"), token).json().get("items")).isEmpty();
        assertProblem(s.postJson(s.api("/api/orders"), "{}", token), 409, "conflict");
        s.postJson(s.api("/api/cart"), "{\"item\":\"book\",\"quantity\":2}", token);
        JsonNode cart = s.postJson(s.api("/api/cart"), "{\"item\":\"book\"}", token).json();
        assertThat(cart.get("items").get(0).get("quantity").asInt()).isEqualTo(3);
        ServerFixture.Reply order = s.postJson(s.api("/api/orders"), "{}", token);
        assertThat(order.code()).isEqualTo(201);
        assertThat(order.json().get("items").get(0).get("item").asText()).isEqualTo("book");
        assertThat(s.get(s.api("/api/cart"), token).json().get("items")).isEmpty();
        assertThat(s.get(s.api("/api/orders"), token).json().get("items")).hasSize(1);
        // the order's Location is where it is read (it was a 404)
        ServerFixture.Reply placed = s.get(s.api(order.header("Location")), token);
        assertThat(placed.code()).isEqualTo(200);
        assertThat(placed.json().get("id").asLong()).isEqualTo(order.json().get("id").asLong());
        assertProblem(s.get(s.api(order.header("Location")), s.token("bob")), 404, "not_found");
        assertProblem(s.get(s.api("/api/orders/0" + order.json().get("id").asLong()), token), 404, "not_found");
        assertThat(s.send(s.request("DELETE", s.api(order.header("Location")), null, token).build()).code()).isEqualTo(405);
    }

    @Test
    void eachUserSeesOnlyTheirOwnNotes() {
        String alice = s.token("alice");
        String bob = s.token("bob");
        long id = s.postJson(s.api("/api/notes"), "{\"title\":\"secret\"}", alice).json().get("id").asLong();
        assertThat(s.get(s.api("/api/notes"), bob).json().get("items")).isEmpty();
        assertProblem(s.get(s.api("/api/notes/" + id), bob), 404, "not_found");
    }

    @Test
    void aBootstrapTicketWorksOnceAndNotLate() {
        s.ensureUser("alice");
        String ticket = s.ticket();
        assertThat(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, ticket), null).code())
                .isEqualTo(200);
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, ticket), null), 401,
                "no_bootstrap");

        String late = s.ticket();
        s.clock.advance(Duration.ofSeconds(121));
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, late), null), 401,
                "no_bootstrap");
    }

    @Test
    void aPageNonceIsRedeemedOnceAndOnlyInsideTheWindow() {
        String nonce = s.pageNonce();
        String body = "{\"pageNonce\":\"" + nonce + "\",\"debugToken\":\"" + s.debugToken() + "\",\"signals\":{}}";
        ServerFixture.Reply first = s.postJson(s.api("/auth/bootstrap"), body, null);
        assertThat(first.code()).isEqualTo(200);
        assertThat(first.json().get("expiresIn").asInt()).isEqualTo(120);
        assertProblem(s.postJson(s.api("/auth/bootstrap"), body, null), 401, "no_bootstrap");

        String late = s.pageNonce();
        s.clock.advance(Duration.ofSeconds(31));
        JsonNode p = assertProblem(s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + late + "\",\"debugToken\":\""
                + s.debugToken() + "\"}", null), 401, "no_bootstrap");
        assertThat(p.get("detail").asText()).contains("its window is 30 s");
    }

    @Test
    void loginWithoutBootstrapIsRefusedEvenWithTheRightPassword() {
        s.ensureUser("alice");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, null), null), 401,
                "no_bootstrap");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", "nope nope", s.ticket()), null), 401,
                "invalid_credentials");
    }

    /** A name no user can have is a malformed body, not a guess: its refusal's event would keep all of it. */
    @Test
    void aUsernameLongerThanAnyUsersIsRefusedBeforeItIsAudited() {
        String huge = "u".repeat(16_000);
        JsonNode p = assertProblem(s.postJson(s.api("/auth/login"), s.loginBody(huge, "wrong password", null), null),
                400, "bad_request");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("username");
        String longest = "v".repeat(64);
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody(longest, "wrong password", null), null), 401, "no_bootstrap");
        String events = s.adminCall("GET", "/admin/events?type=auth", null).body();
        assertThat(events).as("the longest name is a login's").contains(longest).doesNotContain("uuuuuuuuuuuuuuuu");
    }

    @Test
    void refreshAndLogout() {
        String token = s.token("alice");
        ServerFixture.Reply refreshed = s.postJson(s.api("/auth/refresh"), "{}", token);
        assertThat(refreshed.code()).isEqualTo(200);
        String fresh = refreshed.json().get("accessToken").asText();
        assertThat(s.get(s.api("/api/notes"), fresh).code()).isEqualTo(200);
        assertThat(s.postJson(s.api("/auth/logout"), "{}", fresh).code()).isEqualTo(204);
        assertProblem(s.get(s.api("/api/notes"), token), 401, "session_revoked");
        assertProblem(s.postJson(s.api("/auth/refresh"), "{}", fresh), 401, "session_revoked");
        assertProblem(s.postJson(s.api("/auth/logout"), "{}", null), 401, "missing_credentials");
    }

    /*
     * fuzz58 #4: a signed refresh never read its body as JSON, so "{", a lone surrogate, a member given twice or a
     * text/plain body got a new token where a login's body is refused. A refresh sends no body or a JSON object
     * (its members ignored); another is refused for its form before the signature is checked, its nonce unspent.
     */
    @Test
    void aRefreshWhoseBodyIsNoJsonObjectIsRefusedBeforeItsSignatureIsChecked() {
        String token = s.token("alice");
        for (String malformed : java.util.List.of("{", "{\"a\":\"\\ud800\"}", "{\"a\":1,\"a\":2}", "[]")) {
            assertProblem(s.postJson(s.api("/auth/refresh"), malformed, token), 400, "bad_request");
        }
        okhttp3.Request signed = s.request("POST", s.api("/auth/refresh"), "{}", token).build();
        okhttp3.Request asText = signed.newBuilder()
                .post(okhttp3.RequestBody.create("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        okhttp3.MediaType.get("text/plain"))).build();
        assertProblem(s.send(asText), 415, "unsupported_media_type");
        // the same signature, nonce and body, sent as JSON: the refusal spent nothing and decided nothing
        ServerFixture.Reply again = s.send(signed);
        assertThat(again.code()).as(again.toString()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 5_000; // events are written behind the answer
        String told;
        do {
            told = s.adminCall("GET", "/admin/events?type=auth&code=unsupported_media_type", null).body();
        } while (!told.contains("/auth/refresh") && System.currentTimeMillis() < deadline);
        assertThat(told).as("told to the operator as a malformed login is").contains("/auth/refresh");
        // no body at all, as palisade.js sends it, and a JSON object with members: both refresh
        okhttp3.Request bodiless = s.request("POST", s.api("/auth/refresh"), "", token).build();
        assertThat(s.send(bodiless).code()).isEqualTo(200);
        assertThat(s.postJson(s.api("/auth/refresh"), "{\"why\":\"ignored\"}", token).code()).isEqualTo(200);
    }

    @Test
    void aTokenSurvivesAServerRestart() {
        String token = s.token("alice");
        s.postJson(s.api("/api/notes"), "{\"title\":\"kept\"}", token);
        s.restart();
        ServerFixture.Reply notes = s.get(s.api("/api/notes"), token);
        assertThat(notes.code()).isEqualTo(200);
        assertThat(notes.json().get("items").get(0).get("title").asText()).isEqualTo("kept");
    }
}
