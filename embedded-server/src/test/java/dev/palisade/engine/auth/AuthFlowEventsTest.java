package dev.palisade.engine.auth;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.Reason;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.ServedPage;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What an operator reads about the unprotected side: each outcome of page, bootstrap, login, refresh
 * and logout is one event with its code, path, session, user and address, and the details say what
 * happened without a secret.
 */
class AuthFlowEventsTest extends EngineTestBase {

    private static final ClientFacts ELSEWHERE = EngineFixture.browser("127.0.5.5", EngineFixture.BROWSER.userAgent());

    private List<Event> authEvents() throws InterruptedException {
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        List<Event> newestFirst = new java.util.ArrayList<>(
                f.store.queryEvents(new EventQuery(null, null, EventType.AUTH, null, null, null, 0, 100)));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static Denial refusal(Runnable r) {
        return catchThrowableOfType(r::run, Denial.class);
    }

    @Test
    void aBrowsersWayInIsThreeEventsNamingWhoAndWhat() throws Exception {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        ServedPage page = f.engine.auth().servePage("127.0.0.1");
        String ticket = f.engine.auth().bootstrap(EngineFixture.solved(page), Map.of(), null, EngineFixture.BROWSER).value();
        LoginResult login = f.login("alice", ticket, EngineFixture.BROWSER);
        f.engine.auth().refresh(login.token().token(), EngineFixture.BROWSER);
        f.engine.auth().logout(login.token().token(), EngineFixture.BROWSER);
        List<Event> events = authEvents();
        assertThat(events).extracting(Event::path, Event::code, Event::sessionId, Event::user, Event::ip, Event::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/auth/bootstrap", "allowed", "", "", "127.0.0.1",
                                "{\"bits\":14,\"puzzles\":4,\"sincePageMillis\":0,\"debugToken\":null,\"automation\":\"\"}"),
                        org.assertj.core.groups.Tuple.tuple("/auth/login", "allowed", login.sessionId(), "alice", "127.0.0.1",
                                "logged in after bootstrap"),
                        org.assertj.core.groups.Tuple.tuple("/auth/refresh", "allowed", login.sessionId(), "alice", "127.0.0.1",
                                "token refreshed"),
                        org.assertj.core.groups.Tuple.tuple("/auth/logout", "allowed", login.sessionId(), "alice", "127.0.0.1",
                                "logged out, with the token alone (unsigned; palisade.js signs its logouts)"));
    }

    /* A thief's unsigned logout from another network was told as the user's own "logged out". */
    @Test
    void aLogoutByTheTokenFromAnotherNetworkSaysSo() throws Exception {
        LoginResult login = f.login("alice");
        ClientFacts elsewhere = EngineFixture.browser("127.0.1.9", "curl/8.0");
        f.engine.auth().logout(login.token().token(), elsewhere);
        assertThat(authEvents()).filteredOn(e -> e.path().equals("/auth/logout")).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo(
                        "logged out by a client whose browser or network is not the one the session is bound to, with the"
                                + " token alone (unsigned; palisade.js signs its logouts)"));
    }

    @Test
    void aDebugTokenIsNamedInItsOwnEventAndInTheBootstrapsDetail() throws Exception {
        DebugTokens.Created debug = f.engine.debugTokens().create("ci", 600L, Actor.OWNER);
        ServedPage page = f.engine.auth().servePage("127.0.0.1");
        f.engine.auth().bootstrap(new BootstrapClaim(page.nonce(), null, null), Map.of(), debug.value(), EngineFixture.BROWSER);
        List<Event> events = authEvents();
        assertThat(events).extracting(Event::code).containsExactly("debug_token_used", "allowed");
        assertThat(events.get(0).detail()).isEqualTo("debug token 'ci' (" + debug.token().id()
                + ") used: proof of work and page challenge skipped");
        assertThat(events.get(1).detail()).contains("\"debugToken\":\"ci\"");
        assertThat(events.toString()).doesNotContain(debug.value());
    }

    @Test
    void anApiKeyLoginSaysSoAndAWrongKeyIsRefusedByName() throws Exception {
        f.engine.operator(Actor.OWNER).createUser("robot", EngineFixture.PASSWORD.clone());
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("robot", List.of("/api/", "/auth/login"));
        LoginResult login = f.loginWithApiKey("robot", key.secret());
        assertThat(refusal(() -> f.loginWithApiKey("robot", key.secret() + "x")).reason()).isEqualTo(Reason.INVALID_API_KEY);
        List<Event> events = authEvents();
        assertThat(events).extracting(Event::code, Event::user, Event::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("allowed", "robot", "logged in with an API key"),
                org.assertj.core.groups.Tuple.tuple("invalid_api_key", "robot", "the API key is unknown, malformed or revoked"));
        assertThat(events.get(0).sessionId()).isEqualTo(login.sessionId());
        assertThat(events.get(1).sessionId()).as("a refusal opens no session").isEmpty();
    }

    @Test
    void aFailedLoginIsAnEventAndRaisesTheAddressesWork() throws Exception {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        int before = f.engine.auth().servePage("127.0.0.1").challenge().work().bits();
        for (int i = 0; i < 3; i++) {
            String ticket = f.ticket(EngineFixture.BROWSER);
            Denial d = refusal(() -> f.engine.auth().login("alice", "wrong".toCharArray(), ticket, null,
                    EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), EngineFixture.BROWSER));
            assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
        }
        assertThat(authEvents()).filteredOn(e -> e.path().equals("/auth/login")).hasSize(3).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo("invalid_credentials");
            assertThat(e.user()).isEqualTo("alice");
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.detail()).isEqualTo("unknown user or wrong password");
        });
        assertThat(f.engine.auth().servePage("127.0.0.1").challenge().work().bits()).as("three denials: one more bit")
                .isEqualTo(before + 1);
        assertThat(f.engine.auth().servePage("127.0.5.5").challenge().work().bits()).as("another address").isEqualTo(before);
    }

    @Test
    void aRefusedRefreshOrLogoutIsAnEventToo() throws Exception {
        LoginResult login = f.login("alice");
        f.engine.operator(Actor.OWNER).revokeSession(login.sessionId());
        assertThat(refusal(() -> f.engine.auth().refresh(login.token().token(), ELSEWHERE)).reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertThat(refusal(() -> f.engine.auth().logout(null, ELSEWHERE)).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(authEvents()).filteredOn(e -> !e.code().equals("allowed"))
                .extracting(Event::path, Event::code, Event::ip, Event::detail).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/auth/refresh", "session_revoked", "127.0.5.5", "the session was revoked"),
                        org.assertj.core.groups.Tuple.tuple("/auth/logout", "missing_credentials", "127.0.5.5",
                                "send Authorization: Bearer <token>"));
    }

    @Test
    void aLogoutIsKeptAcrossARestart() {
        LoginResult login = f.login("alice");
        f.engine.auth().logout(login.token().token(), EngineFixture.BROWSER);
        f.restart();
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason()).isEqualTo(Reason.SESSION_REVOKED);
    }

    @Test
    void aTokenNeverOutlivesItsSessionsAbsoluteLifetime() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("accessTokenTtlSeconds", 3_000L, "sessionAbsoluteTtlSeconds", 3_600L,
                "sessionIdleTtlSeconds", 3_600L));
        LoginResult login = f.login("alice");
        assertThat(login.expiresInSeconds()).isEqualTo(3_000);
        assertThat(login.token().expiresAt()).isEqualTo(f.clock.millis() + 3_000_000);
        f.clock.advance(Duration.ofSeconds(1_000));
        LoginResult refreshed = f.engine.auth().refresh(login.token().token(), EngineFixture.BROWSER);
        assertThat(refreshed.expiresInSeconds()).as("2 600 s of the session are left").isEqualTo(2_600);
        assertThat(refreshed.token().expiresAt()).isEqualTo(f.clock.millis() + 2_600_000);
    }

    @Test
    void automationSeenAtBootstrapIsReportedOnceTheSessionOpens() throws Exception {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        ServedPage page = f.engine.auth().servePage("127.0.0.1");
        String ticket = f.engine.auth().bootstrap(EngineFixture.solved(page), Map.of("webdriver", true, "no_languages", true),
                null, EngineFixture.BROWSER).value();
        LoginResult login = f.login("alice", ticket, EngineFixture.BROWSER);
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        Event flagged = f.store.queryEvents(new EventQuery(null, null, null, "automation_suspected", null, null, 0, 10))
                .stream().findFirst().orElseThrow();
        assertThat(flagged.sessionId()).isEqualTo(login.sessionId());
        assertThat(flagged.user()).isEqualTo("alice");
        assertThat(flagged.detail()).isEqualTo("{\"action\":\"alert\",\"signals\":[\"no_languages\",\"webdriver\"],"
                + "\"changes\":[{\"component\":\"automation\",\"from\":\"\",\"to\":\"no_languages,webdriver\",\"action\":\"alert\"}]}");
    }

    /* A review's find: a driven browser's bootstrap raised the page price of a trusted proxy's own address, every caller's behind it. */
    @Test
    void aFlaggedBootstrapRaisesTheAddresssPriceUnlessItIsATrustedProxys() throws Exception {
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(FingerprintPolicy.of(Map.of("userAgent", "reauth", "ip", "reauth",
                "automation", "alert"), 24, 64, List.of("127.0.6.1")));
        for (String ip : List.of("127.0.6.1", "127.0.7.1")) {
            int before = f.engine.auth().servePage(ip).challenge().work().bits();
            ServedPage page = f.engine.auth().servePage(ip);
            f.engine.auth().bootstrap(EngineFixture.solved(page), Map.of("webdriver", true), null,
                    EngineFixture.browser(ip, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"));
            int after = f.engine.auth().servePage(ip).challenge().work().bits();
            assertThat(after).as(ip).isEqualTo(ip.equals("127.0.6.1") ? before : before + 1);
        }
    }

    @Test
    void automationIgnoredByThePolicyIsNotReported() throws Exception {
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(FingerprintPolicy.of(Map.of("userAgent", "reauth", "ip", "reauth",
                "automation", "ignore"), 24, 64, List.of()));
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        ServedPage page = f.engine.auth().servePage("127.0.0.1");
        String ticket = f.engine.auth().bootstrap(EngineFixture.solved(page), Map.of("webdriver", true), null,
                EngineFixture.BROWSER).value();
        f.login("alice", ticket, EngineFixture.BROWSER);
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(new EventQuery(null, null, null, "automation_suspected", null, null, 0, 10))).isEmpty();
    }

    @Test
    void aPageRefusedForTheAddressesRateIsAnEvent() throws Exception {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("pagesPerMinuteMax", 1L));
        f.engine.auth().servePage("127.0.5.5");
        Denial d = refusal(() -> f.engine.auth().servePage("127.0.5.5"));
        assertThat(d.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(d.getMessage()).isEqualTo("this address loaded 1 client pages within a minute, the most allowed"
                + " (pagesPerMinuteMax); wait 60 s");
        assertThat(authEvents()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("rate_limited");
            assertThat(e.path()).isEqualTo("/");
            assertThat(e.ip()).isEqualTo("127.0.5.5");
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.detail()).isEqualTo("more than 1 client pages a minute from this address");
            assertThat(e.method()).as("a page is loaded with GET").isEqualTo("GET");
        });
        long now = f.clock.millis();
        assertThat(f.engine.stats().window(now + 1_000, 60)).as("counted per second as the timeline counts it from the event")
                .anySatisfy(second -> assertThat(second.denied()).containsEntry("rate_limited", 1L));
    }

    @Test
    void aLoginAndALogoutAreInTheDatabaseBeforeTheirAnswerLeaves() {
        LoginResult login = f.login("alice");
        try (dev.palisade.store.sqlite.SqliteStore other = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            assertThat(other.loadSessions()).as("a crash right after the login keeps the session")
                    .anySatisfy(r -> assertThat(r.id()).isEqualTo(login.sessionId()));
        }
        f.engine.auth().logout(login.token().token(), EngineFixture.BROWSER);
        try (dev.palisade.store.sqlite.SqliteStore other = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            assertThat(other.loadSessions()).as("and one right after the logout keeps it revoked")
                    .anySatisfy(r -> {
                        assertThat(r.id()).isEqualTo(login.sessionId());
                        assertThat(r.revokedAt()).isPositive();
                    });
        }
    }

    @Test
    void refusedLoginsCountTowardTheAddressesAutoBlock() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("autoBlockDenials", 3L, "autoBlockWindowSeconds", 60L));
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        for (int i = 0; i < 3; i++) {
            Denial d = refusal(() -> f.engine.auth().login("alice", "wrong".toCharArray(), null, null,
                    EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), ELSEWHERE));
            assertThat(d.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        }
        assertThat(refusal(() -> f.engine.auth().login("alice", EngineFixture.PASSWORD.clone(), null, null,
                EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), ELSEWHERE)).reason()).isEqualTo(Reason.BLACKLISTED);
    }
}
