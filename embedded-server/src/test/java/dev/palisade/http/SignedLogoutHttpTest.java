package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.protocol.RequestSigner;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session whose token no longer verifies (expired, or signed by a key past its grace) is ended by a
 * logout signed with the session's key, so a client that logs in again leaves nothing live behind; a
 * logout that is not the key holder's ends nothing.
 */
class SignedLogoutHttpTest extends ServerTest {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSessionWhoseTokenExpiredIsEndedByALogoutSignedWithItsKey() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(960)); // past the token's 900 s and 30 s of leeway, inside the idle time
        assertProblem(s.postJson(s.api("/auth/logout"), "{}", token), 401, "expired_token");
        assertThat(state("alice", sid)).isEqualTo("active");

        Request signed = logout(token, sid, s.signingKey(token), "n-1");
        assertThat(s.send(signed).code()).isEqualTo(204);
        assertThat(state("alice", sid)).isEqualTo("revoked");
        assertProblem(s.send(signed), 401, "replayed");
        assertProblem(s.send(logout(token, sid, s.signingKey(token), "n-2")), 401, "session_revoked");
        assertThat(logoutEvents(sid)).as("the operator sees the session logged out").singleElement()
                .satisfies(e -> assertThat(e.get("detail").asText()).contains("signature", "expired_token"));
    }

    @Test
    void aSessionWhoseTokenTheKeysNoLongerVerifyIsEndedByALogoutSignedWithItsKey() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"keyGraceSeconds\":60}").code()).isEqualTo(200);
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        assertThat(s.adminCall("POST", "/admin/keys/rotate", null).code()).isEqualTo(201);
        s.clock.advance(Duration.ofSeconds(61));
        assertProblem(s.postJson(s.api("/auth/logout"), "{}", token), 401, "invalid_token");

        assertThat(s.send(logout(token, sid, s.signingKey(token), "n-1")).code()).isEqualTo(204);
        assertThat(state("alice", sid)).isEqualTo("revoked");
    }

    @Test
    void aLogoutSignedWithAnyOtherKeyOrForAnotherSessionEndsNothing() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        String other = s.token("bob");
        s.clock.advance(Duration.ofSeconds(960));

        byte[] wrong = s.signingKey(token);
        wrong[0] ^= 1;
        assertProblem(s.send(logout(token, sid, wrong, "n-1")), 401, "bad_signature");
        // bob's key, naming alice's session
        assertProblem(s.send(logout(token, sid, s.signingKey(other), "n-2")), 401, "bad_signature");
        assertThat(state("alice", sid)).isEqualTo("active");

        // signed as it must be, then changed: another path, a stale signature, a replayed nonce
        Request good = logout(token, sid, s.signingKey(token), "n-3");
        assertProblem(s.send(good.newBuilder().url(s.api("/auth/logout?x=1")).build()), 401, "bad_signature");
        RequestSigner.Signed old = RequestSigner.sign("POST", authority(), "/auth/logout", null, "Bearer " + token, BODY,
                sid, s.signingKey(token), s.clock.millis() / 1000 - 3_600, "n-4");
        assertProblem(s.send(with(old, token)), 401, "stale");
        long skew = s.adminCall("GET", "/admin/config", null).json().get("signatureSkewSeconds").asLong();
        RequestSigner.Signed ahead = RequestSigner.sign("POST", authority(), "/auth/logout", null, "Bearer " + token, BODY,
                sid, s.signingKey(token), s.clock.millis() / 1000 + skew + 10, "n-5");
        assertProblem(s.send(with(ahead, token)), 401, "stale"); // its nonce spent, as a call's is
        s.clock.advance(Duration.ofSeconds(20));
        assertProblem(s.send(with(ahead, token)), 401, "replayed");
        assertThat(state("alice", sid)).isEqualTo("active");

        assertThat(s.send(good).code()).isEqualTo(204);
        assertThat(state("bob", s.sessionOf(other))).as("bob's session").isEqualTo("active");
    }

    @Test
    void aSignedRefreshOrCallSentToLogoutIsRefusedAndTheRefusalNamesTheSession() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"accessTokenTtlSeconds\":10,\"clockLeewaySeconds\":0}").code())
                .isEqualTo(200);
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(9));
        // captured in the token's last second: a refresh and a call, each with its signature
        Request refresh = s.request("POST", s.api("/auth/refresh"), "{}", token).build();
        Request call = s.request("POST", s.api("/api/notes"), "{}", token).build();
        s.clock.advance(Duration.ofSeconds(3)); // the token has expired; the signatures are 3 s old, fresh
        for (Request captured : new Request[] {refresh, call}) {
            assertProblem(s.send(captured.newBuilder().url(s.api("/auth/logout")).build()), 401, "bad_signature");
        }
        assertThat(state("alice", sid)).isEqualTo("active");
        JsonNode refused = awaitEvent("/admin/events?type=auth&code=bad_signature&session=" + sid);
        assertThat(refused.get("user").asText()).as("the refusal names the session's user").isEqualTo("alice");
        assertThat(refused.toString()).doesNotContain(token);
    }

    @Test
    void aCapturedSignatureOfAnotherPathMadeNowIsRefused() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(960));
        // signed now for the refresh (its token expired, the refresh itself would be refused): the logout is not it
        RequestSigner.Signed forRefresh = RequestSigner.sign("POST", authority(), "/auth/refresh", null, "Bearer " + token,
                BODY, sid, s.signingKey(token), s.clock.millis() / 1000, "n-1");
        assertProblem(s.send(with(forRefresh, token)), 401, "bad_signature");
        assertThat(state("alice", sid)).isEqualTo("active");
    }

    @Test
    void theKeyAloneEndsItsSessionWhateverTokenRidesAlong() {
        String alice = s.token("alice");
        String bob = s.token("bob");
        s.clock.advance(Duration.ofSeconds(960));
        // alice's expired token, signed with bob's key for bob's session: the key proves the right to end bob's
        assertThat(s.send(logout(alice, s.sessionOf(bob), s.signingKey(bob), "n-1")).code()).isEqualTo(204);
        assertThat(state("bob", s.sessionOf(bob))).isEqualTo("revoked");
        assertThat(state("alice", s.sessionOf(alice))).isEqualTo("active");
    }

    /*
     * A revoked session's key is not kept (stored nor read back after a restart): its browser's signed
     * logout met "this session has no signing key" (reauth_required), counted against its address, where
     * before the restart it was session_revoked, which counts nothing. After a mass revocation and a
     * restart, every browser reopening a kept session added a mark against its address.
     */
    @Test
    void aRevokedSessionsSignedLogoutAfterARestartIsToldAsAnEndedSessionIsAndCountsNothing() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        byte[] key = s.signingKey(token);
        assertThat(s.adminCall("DELETE", "/admin/sessions/" + sid, null).code()).isEqualTo(204);
        s.restart();
        s.clock.advance(Duration.ofSeconds(960)); // the token no longer verifies: the logout's signature names the session
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":2}").code()).isEqualTo(200);
        // as an id no longer held is: whoever names the id learns nothing of its state without the key
        for (int i = 0; i < 3; i++) assertProblem(s.send(logout(token, sid, key, "r-" + i)), 401, "session_expired");
        assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials"); // not blacklisted: nothing counted before
    }

    @Test
    void aBlacklistedAddressIsRefusedAndRefusedLogoutsCountTowardAnAutoBlock() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(960));
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":3}").code()).isEqualTo(200);
        // sessions that ended long ago, as browsers end the ones they kept: not held against the address
        for (int i = 0; i < 3; i++) {
            assertProblem(s.send(logout(token, "AAAAAAAAAAAAAAAAAAAAA" + "ABCDEFGH".charAt(i), s.signingKey(token), "e-" + i)),
                    401, "session_expired");
        }
        assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials"); // one refusal counted
        byte[] wrong = s.signingKey(token);
        wrong[0] ^= 1;
        for (int i = 0; i < 2; i++) assertProblem(s.send(logout(token, sid, wrong, "w-" + i)), 401, "bad_signature");
        assertProblem(s.send(logout(token, sid, s.signingKey(token), "n-1")), 403, "blacklisted");
        assertThat(state("alice", sid)).isEqualTo("active");
    }

    @Test
    void aSignatureThatNamesNoSessionOrIsIncompleteEndsNothing() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(960));
        Request good = logout(token, sid, s.signingKey(token), "n-1");
        String input = good.header("Signature-Input");

        assertProblem(s.send(good.newBuilder().removeHeader("Signature").build()), 401, "missing_signature");
        assertProblem(s.send(good.newBuilder().header("Signature-Input", input.replace("keyid=\"" + sid + "\";", "")).build()),
                401, "missing_signature");
        assertProblem(s.send(good.newBuilder().header("Signature-Input", "sig1=(\"@method\"").build()), 401, "bad_signature");
        assertProblem(s.send(good.newBuilder().header("Signature-Input", input + ", sig2=" + input.substring(5)).build()),
                401, "bad_signature");
        // a session this server never opened, in the shape of its ids, and in another shape
        for (String unknown : new String[] {"AAAAAAAAAAAAAAAAAAAAAA", "not-a-session"}) {
            assertProblem(s.send(logout(token, unknown, s.signingKey(token), "n-" + unknown)), 401, "session_expired");
        }
        assertThat(state("alice", sid)).isEqualTo("active");
        assertThat(s.send(good).code()).isEqualTo(204);
    }

    @Test
    void aSignedLogoutWithABodyOverTheLimitIsRefusedAsTooLarge() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        s.clock.advance(Duration.ofSeconds(960));
        byte[] big = ("{\"pad\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        RequestSigner.Signed signed = RequestSigner.sign("POST", authority(), "/auth/logout", null, "Bearer " + token, big,
                sid, s.signingKey(token), s.clock.millis() / 1000, "n-1");
        Request request = with(signed, token).newBuilder().post(RequestBody.create(big, ServerFixture.JSON)).build();
        assertProblem(s.send(request), 413, "payload_too_large");
        assertThat(state("alice", sid)).isEqualTo("active");
    }

    @Test
    void aLiveTokenStillLogsOutUnsignedAndARefusedTokenWithoutASignatureStaysRefused() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        assertProblem(s.postJson(s.api("/auth/logout"), "{}", "not-a-token"), 401, "invalid_token");
        assertThat(state("alice", sid)).isEqualTo("active");
        assertThat(s.postJson(s.api("/auth/logout"), "{}", token).code()).isEqualTo(204);
        assertThat(state("alice", sid)).isEqualTo("revoked");
    }

    /*
     * An unsigned logout from another browser is told as such; the user's own client, whose browser
     * changed since (it ends a session left behind after reauth_required), signs with the key and is not.
     */
    @Test
    void aLogoutFromAnotherBrowserIsToldUnlessSignedWithTheSessionsKey() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        Request signed = logout(token, sid, s.signingKey(token), "n-1").newBuilder().header("User-Agent", "Other/1.0").build();
        assertThat(s.send(signed).code()).isEqualTo(204);
        assertThat(logoutEvents(sid)).singleElement().satisfies(e -> assertThat(e.get("detail").asText()).isEqualTo("logged out"));

        String second = s.token("alice");
        String sid2 = s.sessionOf(second);
        Request unsigned = new Request.Builder().url(s.api("/auth/logout")).post(RequestBody.create(BODY, ServerFixture.JSON))
                .header("Authorization", "Bearer " + second).header("User-Agent", "Other/1.0").build();
        assertThat(s.send(unsigned).code()).isEqualTo(204);
        assertThat(logoutEvents(sid2)).singleElement().satisfies(e -> assertThat(e.get("detail").asText())
                .isEqualTo("logged out by a client whose browser or network is not the one the session is bound to, with the"
                        + " token alone (unsigned; palisade.js signs its logouts)"));
    }

    /**
     * An unsigned logout from the session's own network and browser, or one signed with a key not the
     * session's, was told as the user's own "logged out": palisade.js signs every logout, so neither was its client.
     */
    @Test
    void anUnsignedLogoutIsToldAsTheTokenAlone() {
        String token = s.token("alice");
        Request unsigned = new Request.Builder().url(s.api("/auth/logout")).post(RequestBody.create(BODY, ServerFixture.JSON))
                .header("Authorization", "Bearer " + token).build();
        assertThat(loggedOutAs(token, unsigned)).as("a token alone ends its session (documented)")
                .isEqualTo("logged out, with the token alone (unsigned; palisade.js signs its logouts)");
    }

    @Test
    void aLogoutSignedWithAKeyNotTheSessionsIsToldAsRefused() {
        String token = s.token("alice");
        assertThat(loggedOutAs(token, logout(token, s.sessionOf(token), new byte[32], "n-9")))
                .isEqualTo("logged out, with the token alone (its signature refused: bad_signature; palisade.js signs its logouts)");
    }

    /**
     * The user's own client, its clock moved since login: a stale signature was never verified, and neither is a
     * thief's junk with an old created (it hid the thief as the user's own "logged out"): told as unknown.
     */
    @Test
    void aStaleSignatureIsToldAsNotVerifiedWhoseverItIs() {
        String own = s.token("alice");
        long twoMinutesAgo = s.clock.millis() / 1000 - 120;
        assertThat(loggedOutAs(own, signedLogout(s.api("/auth/logout"), own, s.sessionOf(own), s.signingKey(own), twoMinutesAgo,
                "n-8"))).isEqualTo("logged out, its signature not verified (stale)");
        String junk = s.token("alice");
        assertThat(loggedOutAs(junk, signedLogout(s.api("/auth/logout"), junk, s.sessionOf(junk), new byte[32], 1, "n-7")))
                .isEqualTo("logged out, its signature not verified (stale)");
    }

    /** Its MAC verified, then refused by a later check (here its nonce, spent by a call before): the key made it. */
    @Test
    void aSignatureByTheSessionsKeyRefusedAfterItsMacIsTheUsersOwn() {
        String token = s.token("alice");
        String sid = s.sessionOf(token);
        long now = s.clock.millis() / 1000;
        RequestSigner.Signed call = RequestSigner.sign("GET", authority(), "/api/notes", null, "Bearer " + token, null, sid,
                s.signingKey(token), now, "n-5");
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("Authorization", "Bearer " + token)
                .header("Signature-Input", call.signatureInput()).header("Signature", call.signature()).build()).code())
                .isEqualTo(200);
        assertThat(loggedOutAs(token, signedLogout(s.api("/auth/logout"), token, sid, s.signingKey(token), now, "n-5")))
                .isEqualTo("logged out");
    }

    /** Another session's key: a MAC verified, for the wrong session, whatever later check refuses it. */
    @Test
    void aSignatureByAnotherSessionsKeyIsToldAsSuch() {
        long now = s.clock.millis() / 1000;
        String other = s.token("alice");
        String anotherSessions = "logged out, with the token alone (signed for another session)";
        String first = s.token("alice");
        assertThat(loggedOutAs(first, signedLogout(s.api("/auth/logout"), first, s.sessionOf(other), s.signingKey(other),
                now, "n-4"))).isEqualTo(anotherSessions);
        // again with the nonce that session just spent: verified, then refused replayed
        String second = s.token("alice");
        assertThat(loggedOutAs(second, signedLogout(s.api("/auth/logout"), second, s.sessionOf(other), s.signingKey(other),
                now, "n-4"))).isEqualTo(anotherSessions);
        // with the key of a session ended already: verified, then refused by the session check
        String third = s.token("alice");
        assertThat(loggedOutAs(third, signedLogout(s.api("/auth/logout"), third, s.sessionOf(first), s.signingKey(first),
                now, "n-3"))).isEqualTo(anotherSessions);
    }

    /** Signed by its key, as palisade.js signs it: its MAC verified, nothing told. */
    @Test
    void aLogoutSignedAsPalisadeJsSignsItIsTheUsersOwn() {
        String token = s.token("alice");
        assertThat(loggedOutAs(token, signedLogout(s.api("/auth/logout"), token, s.sessionOf(token), s.signingKey(token),
                s.clock.millis() / 1000, "n-6"))).isEqualTo("logged out");
    }

    /** Told, not counted: the logout is served all the same, and three such cost the address nothing. */
    @Test
    void aLogoutToldAsNotTheUsersCountsNothingAgainstTheAddress() {
        int bits = pageBits();
        for (int i = 0; i < 3; i++) {
            String more = s.token("alice");
            assertThat(s.send(logout(more, s.sessionOf(more), new byte[32], "n-" + (10 + i))).code()).isEqualTo(204);
        }
        assertThat(pageBits()).as("no denial counted against the address").isEqualTo(bits);
    }

    /** Sends {@code logout}, which must end {@code token}'s session (204), and answers its one logout event's detail. */
    private String loggedOutAs(String token, Request logout) {
        assertThat(s.send(logout).code()).isEqualTo(204);
        java.util.List<JsonNode> events = logoutEvents(s.sessionOf(token));
        assertThat(events).hasSize(1);
        return events.get(0).get("detail").asText();
    }

    private int pageBits() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<meta name=\"palisade-work\" content=\"([^\"]+)\">")
                .matcher(s.get(s.api("/"), null).body());
        assertThat(m.find()).isTrue();
        return dev.palisade.protocol.WorkChallenge.parse(m.group(1)).bits();
    }

    /** {@code POST /auth/logout} with {@code Bearer token}, signed as palisade.js signs a call. */
    private Request logout(String token, String sid, byte[] key, String nonce) {
        return signedLogout(s.api("/auth/logout"), token, sid, key, s.clock.millis() / 1000, nonce);
    }

    private Request with(RequestSigner.Signed signed, String token) {
        return request(s.api("/auth/logout"), signed, token);
    }

    private String authority() {
        return authority(s.api("/"));
    }

    /** {@code POST url} (a server's /auth/logout) with {@code Bearer token}, signed with {@code key} for session {@code sid}. */
    static Request signedLogout(String url, String token, String sid, byte[] key, long createdSeconds, String nonce) {
        return request(url, RequestSigner.sign("POST", authority(url), "/auth/logout", null, "Bearer " + token, BODY, sid,
                key, createdSeconds, nonce), token);
    }

    private static Request request(String url, RequestSigner.Signed signed, String token) {
        Request.Builder b = new Request.Builder().url(url)
                .post(RequestBody.create(BODY, ServerFixture.JSON))
                .header("Authorization", "Bearer " + token)
                .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature());
        if (signed.contentDigest() != null) b.header("Content-Digest", signed.contentDigest());
        return b.build();
    }

    private static String authority(String url) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.get(url);
        return u.host() + ":" + u.port();
    }

    /** The first event {@code query} (an /admin/events query) lists, once the event writer has stored it (within 10 s). */
    private JsonNode awaitEvent(String query) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonNode items = s.adminCall("GET", query, null).json().get("items");
            if (!items.isEmpty()) return items.get(0);
            assertThat(System.currentTimeMillis()).as("an event for %s", query).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The allowed logout events of a session, once the event writer has stored them (within 10 s). */
    private java.util.List<JsonNode> logoutEvents(String sid) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            java.util.List<JsonNode> found = new java.util.ArrayList<>();
            for (JsonNode e : s.adminCall("GET", "/admin/events?type=auth&code=allowed&session=" + sid, null).json().get("items")) {
                if (e.get("path").asText().equals("/auth/logout")) found.add(e);
            }
            if (!found.isEmpty() || System.currentTimeMillis() > deadline) return found;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String state(String user, String sid) {
        for (JsonNode session : s.adminCall("GET", "/admin/sessions?user=" + user, null).json().get("items")) {
            if (session.get("id").asText().equals(sid)) return session.get("state").asText();
        }
        throw new AssertionError("no session " + sid + " of " + user + " listed");
    }
}
