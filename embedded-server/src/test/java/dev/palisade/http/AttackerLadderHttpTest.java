package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.protocol.RequestSigner;
import dev.palisade.protocol.WorkChallenge;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacker ladder against a real server (docs/protocol.md, SECURITY.md): L3 (everything the
 * network panel shows) cannot sign, L4 (a script speaking the protocol without running the page)
 * gets no ticket, and the proof of work, the page challenge and the debug tokens behave as documented.
 */
class AttackerLadderHttpTest {

    private static final Pattern WORK = Pattern.compile("<meta name=\"palisade-work\" content=\"([^\"]+)\">");
    private static final Pattern NONCE = Pattern.compile("<meta name=\"palisade-nonce\" content=\"([^\"]+)\">");
    private static final Pattern CHALLENGE = Pattern.compile("<script src=\"(/assets/challenge/[^\"]+\\.js)\"></script>");
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";

    private static final int DEFAULT_BITS = (int) dev.palisade.engine.config.Setting.POW_BITS.defaultValue();

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** One serving of the client page, as a script sees it. */
    private record Page(String nonce, WorkChallenge work, String challengeScript) {}

    private Page page() {
        String html = s.get(s.api("/"), null).body();
        return new Page(find(NONCE, html), WorkChallenge.parse(find(WORK, html)), find(CHALLENGE, html));
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as(p + " in the page").isTrue();
        return m.group(1);
    }

    private ServerFixture.Reply bootstrap(String json) {
        return s.postJson(s.api("/auth/bootstrap"), json, null);
    }

    private static String counters(long[] work) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < work.length; i++) b.append(i == 0 ? "" : ",").append(work[i]);
        return b.append(']').toString();
    }

    // --- L4: a script that speaks the protocol but does not run the page

    @Test
    void aProtocolScriptThatSolvesTheWorkButDoesNotRunThePageGetsNoTicket() {
        Page page = page();
        assertThat(page.work().bits()).isEqualTo(DEFAULT_BITS);
        long[] solved = page.work().solve().counters();
        JsonNode p = assertProblem(bootstrap("{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(solved)
                + ",\"answer\":\"0000000000000000\",\"signals\":{}}"), 401, "challenge_failed");
        assertThat(p.get("detail").asText()).contains("challenge");
        // the nonce was spent by the attempt: the challenge can be guessed once per page
        assertProblem(bootstrap("{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(solved) + "}"), 401,
                "no_bootstrap");
        assertThat(s.adminCall("GET", "/admin/events?code=challenge_failed", null).json().get("items")).hasSize(1);
    }

    @Test
    void bootstrapWithoutWorkOrWithWrongWorkIsRefused() {
        assertProblem(bootstrap("{\"pageNonce\":\"" + page().nonce() + "\"}"), 401, "work_required");
        Page page = page();
        long[] solved = page.work().solve().counters();
        long[] wrong = solved.clone();
        // the smallest change: one counter that no longer solves its puzzle
        do {
            wrong[0]++;
        } while (new WorkChallenge(page.work().seed(), page.work().bits(), 1).isSolvedBy(new long[] {wrong[0]}));
        assertProblem(bootstrap("{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(wrong) + "}"), 401,
                "work_invalid");
        Page other = page();
        long[] tooFew = java.util.Arrays.copyOf(other.work().solve().counters(), other.work().count() - 1);
        assertProblem(bootstrap("{\"pageNonce\":\"" + other.nonce() + "\",\"work\":" + counters(tooFew) + "}"), 401,
                "work_invalid");
        // work solved for another page's puzzles does not count for this one
        Page third = page();
        assertProblem(bootstrap("{\"pageNonce\":\"" + third.nonce() + "\",\"work\":" + counters(solved) + "}"), 401,
                "work_invalid");
    }

    @Test
    void malformedBootstrapMembersAreNamed() {
        String nonce = page().nonce();
        assertThat(assertProblem(bootstrap("{\"pageNonce\":\"" + nonce + "\",\"work\":\"12\"}"), 400, "bad_request")
                .get("errors").get(0).get("field").asText()).isEqualTo("work");
        assertThat(assertProblem(bootstrap("{\"pageNonce\":\"" + nonce + "\",\"work\":[-1]}"), 400, "bad_request")
                .get("errors").get(0).get("field").asText()).isEqualTo("work");
        assertThat(assertProblem(bootstrap("{\"pageNonce\":\"" + nonce + "\",\"signals\":{\"webdriver\":\"no\"}}"), 400,
                "bad_request").get("errors").get(0).get("field").asText()).isEqualTo("signals.webdriver");
        assertThat(assertProblem(bootstrap("{\"pageNonce\":\"" + nonce + "\",\"signals\":[]}"), 400, "bad_request")
                .get("errors").get(0).get("field").asText()).isEqualTo("signals");
    }

    @Test
    void theChallengeScriptIsServedForItsPageOnlyUntilThePageBootstraps() {
        Page page = page();
        ServerFixture.Reply script = s.get(s.api(page.challengeScript()), null);
        assertThat(script.code()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body()).contains("PalisadeChallenges").contains(page.nonce());
        Page other = page();
        assertThat(s.get(s.api(other.challengeScript()), null).body()).as("no two pages share a program")
                .isNotEqualTo(script.body());
        assertThat(bootstrap("{\"pageNonce\":\"" + page.nonce() + "\",\"debugToken\":\"" + s.debugToken() + "\"}").code())
                .isEqualTo(200);
        assertProblem(s.get(s.api(page.challengeScript()), null), 404, "not_found");
        assertProblem(s.get(s.api("/assets/challenge/made-up.js"), null), 404, "not_found");
    }

    @Test
    void theWorkRisesForAnAddressWithRecentDenials() {
        assertThat(page().work().bits()).isEqualTo(DEFAULT_BITS);
        for (int i = 0; i < 9; i++) s.get(s.api("/api/notes"), null); // refusals: missing_credentials
        assertThat(page().work().bits()).as("9 denials add 1 bit").isEqualTo(DEFAULT_BITS + 1);
        s.get(s.api("/api/notes"), null);
        assertThat(page().work().bits()).as("10 denials add 2 bits, and 10 from its /24 one more")
                .isEqualTo(DEFAULT_BITS + 3);
        assertProblem(s.adminCall("PUT", "/admin/config", "{\"powMaxBits\":" + (DEFAULT_BITS - 1) + "}"), 400,
                "invalid_config");
        assertThat(s.adminCall("PUT", "/admin/config", "{\"powBits\":12,\"powMaxBits\":13}").code()).isEqualTo(200);
        assertThat(page().work().bits()).as("never above powMaxBits").isEqualTo(13);
        s.clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(page().work().bits()).as("the record is a one-minute window").isEqualTo(12);
    }

    @Test
    void aFloodOfPageLoadsFromOneAddressDoesNotRefuseOthers() throws Exception {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"pagesPerMinuteMax\":5}").code()).isEqualTo(200);
        for (int i = 0; i < 5; i++) assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
        ServerFixture.Reply flooded = s.get(s.api("/"), null);
        assertProblem(flooded, 429, "rate_limited");
        assertThat(Long.parseLong(flooded.header("Retry-After"))).isBetween(1L, 60L);
        okhttp3.OkHttpClient other = LoopbackAlias.client("127.0.88.1");
        try (okhttp3.Response r = other.newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
            assertThat(r.code()).as("another address is served").isEqualTo(200);
        } finally {
            other.dispatcher().executorService().shutdown();
            other.connectionPool().evictAll();
        }
        s.clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
    }

    // --- debug tokens

    @Test
    void aDebugTokenSkipsTheWorkAndTheChallengeAndIsAnEventEachTime() {
        JsonNode created = s.adminCall("POST", "/admin/debug-tokens", "{\"name\":\"ci\",\"expiresInSeconds\":600}").json();
        String token = created.get("token").asText();
        assertThat(created.get("state").asText()).isEqualTo("active");
        JsonNode listed = s.adminCall("GET", "/admin/debug-tokens", null).json().get("items");
        assertThat(listed.toString()).contains("\"ci\"").doesNotContain(token.substring(token.lastIndexOf('.') + 1));

        ServerFixture.Reply ok = bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + token + "\"}");
        assertThat(ok.code()).isEqualTo(200);
        String before = bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + token + "\"}").json()
                .get("bootstrapTicket").asText();
        JsonNode used = s.adminCall("GET", "/admin/events?code=debug_token_used", null).json().get("items");
        assertThat(used).hasSize(2);
        assertThat(used.get(0).get("detail").asText()).contains("'ci'").contains(created.get("id").asText());

        // a debug token skips nothing else: the page nonce is still needed and still works once
        assertProblem(bootstrap("{\"pageNonce\":\"made-up\",\"debugToken\":\"" + token + "\"}"), 401, "no_bootstrap");
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertProblem(bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + tampered + "\"}"), 401,
                "invalid_debug_token");

        assertThat(s.adminCall("DELETE", "/admin/debug-tokens/" + created.get("id").asText(), null).code()).isEqualTo(204);
        assertProblem(bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + token + "\"}"), 401,
                "invalid_debug_token");
        assertThat(s.adminCall("GET", "/admin/debug-tokens", null).json().get("items").get(0).get("state").asText())
                .isEqualTo("revoked");
        // a ticket the token got before its revocation opens no session after it
        s.ensureUser("alice");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, before), null), 401,
                "no_bootstrap");
    }

    @Test
    void debugTokensExpireAndBadInputIsNamed() {
        String token = s.adminCall("POST", "/admin/debug-tokens", "{\"name\":\"short\",\"expiresInSeconds\":60}").json()
                .get("token").asText();
        s.clock.advance(java.time.Duration.ofSeconds(61));
        assertProblem(bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + token + "\"}"), 401,
                "invalid_debug_token");
        JsonNode bad = assertProblem(s.adminCall("POST", "/admin/debug-tokens", "{\"name\":\"\",\"expiresInSeconds\":5}"),
                400, "bad_request");
        assertThat(bad.get("errors")).extracting(e -> e.get("field").asText()).containsExactly("name", "expiresInSeconds");
        assertProblem(s.adminCall("POST", "/admin/debug-tokens", "{\"name\":\"x\",\"expiresInSeconds\":\"soon\"}"), 400,
                "bad_request");
        assertProblem(s.adminCall("DELETE", "/admin/debug-tokens/nope", null), 404, "not_found");
    }

    // --- L3: key agreement; what the network panel shows does not sign

    /** A script posting a bare login form (the ladder's L0: no page, no key) was refused 400 and seen nowhere. */
    @Test
    void aBareLoginFormIsRefusedAndSeen() {
        s.ensureUser("alice");
        assertProblem(s.postJson(s.api("/auth/login"), "{\"username\":\"alice\",\"password\":\"hunter2-guess\"}", null),
                400, "bad_request");
        assertProblem(s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":17}", null), 400, "bad_request");
        JsonNode events = s.adminCall("GET", "/admin/events?type=auth&code=bad_request", null).json().get("items");
        assertThat(events).extracting(e -> e.get("path").asText()).containsExactlyInAnyOrder("/auth/login", "/auth/bootstrap");
        assertThat(events).filteredOn(e -> e.get("path").asText().equals("/auth/login")).singleElement().satisfies(e -> {
            assertThat(e.get("user").asText()).isEqualTo("alice");
            assertThat(e.get("detail").asText()).contains("clientKey").doesNotContain("hunter2");
        });
    }

    @Test
    void loginNeedsAWellFormedClientKeyOnP256() {
        s.ensureUser("alice");
        String good = new ClientKeys().publicJwk();
        JsonNode jwk = parse(good);
        String x = jwk.get("x").asText();
        String y = jwk.get("y").asText();
        assertField(null, "clientKey");
        assertField("\"not a key\"", "clientKey");
        assertField(good.replace("\"EC\"", "\"RSA\""), "clientKey.kty");
        assertField(good.replace("P-256", "P-384"), "clientKey.crv");
        assertField(good.replace("}", ",\"d\":\"" + x + "\"}"), "clientKey.d");
        // 31 bytes: a coordinate whose leading zero byte was dropped is refused, not padded
        assertField(good.replace(x, b64(java.util.Arrays.copyOfRange(Base64.getUrlDecoder().decode(x), 1, 32))),
                "clientKey.x");
        assertField(good.replace(y, "!!"), "clientKey.y");
        // an invalid-curve point: the smallest change to y takes the point off P-256
        byte[] yBytes = Base64.getUrlDecoder().decode(y);
        yBytes[31] ^= 1;
        assertField(good.replace(y, b64(yBytes)), "clientKey");
        // the point (0, 0) is on no curve of this shape
        assertField(good.replace(x, b64(new byte[32])).replace(y, b64(new byte[32])), "clientKey");
    }

    private void assertField(String clientKey, String field) {
        String body = "{\"username\":\"alice\",\"password\":\"" + ServerFixture.PASSWORD + "\",\"bootstrapTicket\":\""
                + s.ticket() + "\"" + (clientKey == null ? "" : ",\"clientKey\":" + clientKey) + "}";
        JsonNode p = assertProblem(s.postJson(s.api("/auth/login"), body, null), 400, "bad_request");
        assertThat(p.get("errors").get(0).get("field").asText()).as(p.toString()).isEqualTo(field);
    }

    @Test
    void everythingTheNetworkPanelShowsDoesNotSignANewRequest() {
        JsonNode login = s.login("alice");
        String token = login.get("accessToken").asText();
        Request seen = s.request("GET", s.api("/api/notes"), null, token).build();
        assertThat(s.send(seen).code()).isEqualTo(200);
        // a devtools copy: every value visible in the login answer and the request, tried as the key
        java.util.List<byte[]> visible = new java.util.ArrayList<>();
        for (String field : new String[] {"accessToken", "sessionId"}) visible.add(bytes(login.get(field).asText()));
        visible.add(Base64.getUrlDecoder().decode(login.get("serverKey").get("x").asText()));
        visible.add(Base64.getUrlDecoder().decode(login.get("serverKey").get("y").asText()));
        visible.add(Base64.getDecoder().decode(seen.header("Signature").replaceAll("^sig1=:|:$", "")));
        for (byte[] guess : visible) {
            RequestSigner.Signed forged = RequestSigner.sign("GET", authority(), "/api/cart", null, "Bearer " + token, null,
                    login.get("sessionId").asText(), guess, s.clock.millis() / 1000, "copy-" + visible.indexOf(guess));
            ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/api/cart")).header("Authorization", "Bearer " + token)
                    .header("Signature-Input", forged.signatureInput()).header("Signature", forged.signature()).build());
            assertProblem(r, 401, "bad_signature");
        }
        // the captured signature on another request
        Request moved = new Request.Builder().url(s.api("/api/cart")).headers(seen.headers()).build();
        assertProblem(s.send(moved), 401, "bad_signature");
    }

    /**
     * Each rung's shortcut, refused, is an event that names the rung it answers (the console's Events say it); a
     * person's ordinary refusal (a wrong password) and an allowed call name none.
     */
    @Test
    void eachRungsRefusalIsAnEventNamingTheRung() {
        assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials");
        JsonNode login = s.login("alice");
        String token = login.get("accessToken").asText();
        Request seen = s.request("GET", s.api("/api/notes"), null, token).build();
        assertThat(s.send(seen).code()).isEqualTo(200);
        assertProblem(s.send(seen), 401, "replayed");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("Authorization", "Bearer " + token).build()),
                401, "missing_signature");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/cart")).headers(seen.headers()).build()), 401, "bad_signature");
        Page page = page();
        assertProblem(bootstrap("{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(page.work().solve().counters())
                + ",\"answer\":\"0000000000000000\",\"signals\":{}}"), 401, "challenge_failed");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("alice", "not her password", s.ticket()), null), 401,
                "invalid_credentials");
        java.util.Map<String, String> rungs = new java.util.HashMap<>();
        java.util.Set<String> allowed = new java.util.HashSet<>();
        s.adminCall("GET", "/admin/events?limit=100", null).json().get("items").forEach(e -> {
            if (e.get("allowed").asBoolean()) allowed.add(e.get("rung").asText());
            else rungs.put(e.get("code").asText(), e.get("rung").asText());
        });
        assertThat(allowed).as("the login, the bootstrap").containsExactly("");
        assertThat(rungs).containsEntry("missing_credentials", "no_client").containsEntry("replayed", "replay")
                .containsEntry("missing_signature", "stolen_token").containsEntry("bad_signature", "devtools_copy")
                .containsEntry("challenge_failed", "protocol_script").containsEntry("invalid_credentials", "");
        java.util.List<java.util.List<String>> csv = EventsExportHttpTest.parseCsv(
                s.adminCall("GET", "/admin/events/export?format=csv&code=replayed", null).body());
        assertThat(csv.get(0)).last().isEqualTo("rung");
        assertThat(csv.get(1)).last().isEqualTo("replay");
    }

    @Test
    void aRefreshIsSignedAndPassesTheFingerprint() {
        JsonNode login = s.login("alice");
        String token = login.get("accessToken").asText();
        // a token alone, without the key: no fresh token
        assertProblem(s.send(new Request.Builder().url(s.api("/auth/refresh")).header("Authorization", "Bearer " + token)
                .post(RequestBody.create("{}", ServerFixture.JSON)).build()), 401, "missing_signature");
        // signed, but from another network and another browser: no fresh token
        Request fromElsewhere = s.request("POST", s.api("/auth/refresh"), "{}", token)
                .header("User-Agent", "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0").build();
        assertProblem(s.send(fromElsewhere), 401, "reauth_required");
        ServerFixture.Reply refreshed = s.postJson(s.api("/auth/refresh"), "{}", token);
        assertThat(refreshed.code()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.json().get("sessionId").asText()).isEqualTo(login.get("sessionId").asText());
        assertThat(refreshed.json().has("serverKey")).isFalse();
    }

    // --- L5: automation signals

    @Test
    void automationSignalsFlagTheSessionAndADenyPolicyRefusesIt() {
        s.ensureUser("alice");
        ServerFixture.Reply ticket = bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + s.debugToken()
                + "\",\"signals\":{\"webdriver\":true,\"headless\":false,\"somethingElse\":true}}");
        assertThat(ticket.code()).isEqualTo(200);
        JsonNode login = s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD,
                ticket.json().get("bootstrapTicket").asText()), null).json();
        String sid = login.get("sessionId").asText();
        JsonNode session = s.adminCall("GET", "/admin/sessions/" + sid, null).json();
        assertThat(session.get("automation")).extracting(JsonNode::asText).containsExactly("webdriver");
        JsonNode flagged = s.adminCall("GET", "/admin/events?code=automation_suspected&session=" + sid, null).json().get("items");
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).get("type").asText()).isEqualTo("fingerprint_mismatch");
        assertThat(flagged.get(0).get("detail").asText()).contains("\"signals\":[\"webdriver\"]");
        String token = login.get("accessToken").asText();
        assertThat(s.get(s.api("/api/notes"), token).code()).as("alert: flagged, still served").isEqualTo(200);

        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\",\"ip\":\"reauth\","
                + "\"automation\":\"deny\"}}").code()).isEqualTo(200);
        assertProblem(s.get(s.api("/api/notes"), token), 403, "automation_suspected");
        assertThat(s.get(s.api("/api/notes"), s.token("bob")).code()).as("a clean session under deny is served").isEqualTo(200);
        String refusedNonce = page().nonce();
        assertProblem(bootstrap("{\"pageNonce\":\"" + refusedNonce + "\",\"debugToken\":\"" + s.debugToken()
                + "\",\"signals\":{\"webdriver\":true}}"), 403, "automation_suspected");
        assertProblem(bootstrap("{\"pageNonce\":\"" + refusedNonce + "\",\"debugToken\":\"" + s.debugToken()
                + "\",\"signals\":{}}"), 401, "no_bootstrap"); // the refused page's nonce is spent: no second try
        // the smallest change: the same bootstrap without the signal is served
        assertThat(bootstrap("{\"pageNonce\":\"" + page().nonce() + "\",\"debugToken\":\"" + s.debugToken()
                + "\",\"signals\":{\"webdriver\":false}}").code()).isEqualTo(200);
        assertProblem(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"deny\"}}"), 400,
                "bad_request");
    }

    /**
     * A protocol script that does not pretend to be a browser (its library's User-Agent, or none) was flagged by
     * nothing, while one that pretended badly was: under deny it is refused before its answer is looked at.
     */
    @Test
    void aScriptThatDoesNotSayItIsABrowserIsFlaggedAndADenyPolicyRefusesIt() {
        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\",\"ip\":\"reauth\","
                + "\"automation\":\"deny\"}}").code()).isEqualTo(200);
        Page page = page();
        String claim = "{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(page.work().solve().counters())
                + ",\"answer\":\"0000000000000000\",\"signals\":{}}";
        for (String agent : new String[] {"node", ""}) {
            Request script = new Request.Builder().url(s.api("/auth/bootstrap")).header("User-Agent", agent)
                    .post(RequestBody.create(claim, ServerFixture.JSON)).build();
            JsonNode refused = assertProblem(s.send(script), 403, "automation_suspected");
            assertThat(refused.get("detail").asText()).contains("not_a_browser");
            page = page();
            claim = "{\"pageNonce\":\"" + page.nonce() + "\",\"work\":" + counters(page.work().solve().counters())
                    + ",\"answer\":\"0000000000000000\",\"signals\":{}}";
        }
        // the smallest change: a browser's User-Agent and headers reach the challenge (and fail it, unanswered)
        Request browserLike = new Request.Builder().url(s.api("/auth/bootstrap"))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
                .header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors")
                .post(RequestBody.create(claim, ServerFixture.JSON)).build();
        assertProblem(s.send(browserLike), 401, "challenge_failed");
    }

    @Test
    void theServerSeesAChromeThatSendsNoBrowserHeaders() {
        String nonce = page().nonce();
        Request script = new Request.Builder().url(s.api("/auth/bootstrap")).header("User-Agent", CHROME)
                .post(RequestBody.create("{\"pageNonce\":\"" + nonce + "\",\"debugToken\":\"" + s.debugToken()
                        + "\",\"signals\":{}}", ServerFixture.JSON)).build();
        assertThat(s.send(script).code()).isEqualTo(200);
        JsonNode event = s.adminCall("GET", "/admin/events?type=auth&code=allowed", null).json().get("items").get(0);
        assertThat(event.get("detail").asText()).contains("no_client_hints").contains("no_sec_fetch");

        String next = page().nonce();
        Request browserLike = new Request.Builder().url(s.api("/auth/bootstrap")).header("User-Agent", CHROME)
                .header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty")
                .header("Sec-CH-UA", "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"")
                .post(RequestBody.create("{\"pageNonce\":\"" + next + "\",\"debugToken\":\"" + s.debugToken()
                        + "\",\"signals\":{}}", ServerFixture.JSON)).build();
        assertThat(s.send(browserLike).code()).isEqualTo(200);
        event = s.adminCall("GET", "/admin/events?type=auth&code=allowed", null).json().get("items").get(0);
        assertThat(event.get("detail").asText()).contains("\"automation\":\"\"");
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String authority() {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.get(s.api("/"));
        return u.host() + ":" + u.port();
    }

    private static byte[] bytes(String text) { return text.getBytes(StandardCharsets.UTF_8); }

    private static String b64(byte[] bytes) { return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes); }
}
