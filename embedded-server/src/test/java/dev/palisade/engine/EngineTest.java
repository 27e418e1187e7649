package dev.palisade.engine;


import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.auth.CreatedApiKey;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.session.SessionState;
import dev.palisade.protocol.ClientKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline end to end inside the engine: what a caller is allowed and why they are not. */
class EngineTest extends EngineTestBase {



    @Test
    void aLoggedInBrowserIsAllowedAndTheCallIsRemembered() {
        LoginResult login = f.login("alice");
        Verdict v = f.call("GET", "/api/notes", login.token().token(), null);
        assertThat(v.allowed()).isTrue();
        assertThat(v.check()).isEqualTo("pipeline");
        assertThat(v.costNanos()).isPositive();
        var session = f.engine.sessions().get(login.sessionId());
        assertThat(session.calls()).isEqualTo(1);
        assertThat(session.lastCalls()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/api/notes");
            assertThat(c.code()).isEqualTo("allowed");
        });
    }

    @Test
    void anAllowedCallIsJudgedAtOneInstantReadOnce() {
        LoginResult login = f.login("alice");
        String token = login.token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue(); // the token verified and remembered
        var wire = f.wire("GET", "/api/notes", token, login);
        long before = f.clock.reads();
        assertThat(f.call("GET", "/api/notes", token, null, wire).allowed()).isTrue();
        // the call's instant, the nonce store's look at whether the signature was made ahead of the clock, and the
        // call's record: not once for each of the token, session, freshness, rate and sequence checks
        assertThat(f.clock.reads() - before).isLessThanOrEqualTo(3);
    }

    @Test
    void noCredentialsIsDeniedByTheFirstCheck() {
        Verdict v = f.call("GET", "/api/notes", null, null);
        assertThat(v.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(v.check()).isEqualTo("credentials");
        assertThat(v.explanation()).contains("Authorization: Bearer");
    }

    @Test
    void aRememberedTokenIsStillRefusedOnceItsSessionIsRevoked() {
        LoginResult login = f.login("alice");
        String token = login.token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.engine.operator(Actor.OWNER).revokeSession(login.sessionId());
        Verdict v = f.call("GET", "/api/notes", token, null);
        assertThat(v.reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertThat(v.check()).isEqualTo("session");
    }

    @Test
    void aRememberedTokenStopsAtExpiryPlusLeeway() {
        String token = f.login("alice").token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        // keep the session alive past the token's life with an admin-side setting: long idle TTL
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("sessionIdleTtlSeconds", 7_200L));
        f.clock.advance(Duration.ofSeconds(900 + 30));
        Verdict v = f.call("GET", "/api/notes", token, null);
        assertThat(v.reason()).isEqualTo(Reason.EXPIRED_TOKEN);
    }

    @Test
    void idleSessionsExpireAndADeniedCallDoesNotReviveThem() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("accessTokenTtlSeconds", 86_400L, "sessionIdleTtlSeconds", 600L));
        LoginResult login = f.login("alice");
        String token = login.token().token();
        f.clock.advance(Duration.ofSeconds(599));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(600));
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.SESSION_EXPIRED);
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.SESSION_EXPIRED);
        assertThat(f.engine.sessions().get(login.sessionId()).state(f.clock.millis(), f.engine.sessions().policy()))
                .isEqualTo(SessionState.EXPIRED);
    }

    @Test
    void aShorterIdleTtlSetLiveEndsAnIdleSessionAtItsNextCall() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("accessTokenTtlSeconds", 86_400L, "sessionIdleTtlSeconds", 3_600L));
        String token = f.login("alice").token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(700));
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("sessionIdleTtlSeconds", 600L));
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.SESSION_EXPIRED);
    }

    @Test
    void sessionsEndAtTheirAbsoluteLifetimeHoweverBusy() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("accessTokenTtlSeconds", 86_400L, "sessionIdleTtlSeconds", 600L,
                "sessionAbsoluteTtlSeconds", 3_600L));
        LoginResult login = f.login("alice");
        // the token never outlives its session
        assertThat(login.expiresInSeconds()).isEqualTo(3_600);
        for (int i = 0; i < 11; i++) {
            f.clock.advance(Duration.ofSeconds(300));
            f.call("GET", "/api/notes", login.token().token(), null);
        }
        f.clock.advance(Duration.ofSeconds(300));
        Verdict v = f.call("GET", "/api/notes", login.token().token(), null);
        assertThat(v.allowed()).isFalse();
        // the token is still inside its leeway; the session's absolute lifetime is what ended it
        assertThat(v.reason()).isEqualTo(Reason.SESSION_EXPIRED);
    }

    @Test
    void apiKeysAreScopedToPathPrefixesAndRevocable() {
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("billing", List.of("/api/orders"));
        assertThat(f.call("POST", "/api/orders", null, key.secret()).allowed()).isTrue();
        assertThat(f.call("GET", "/api/orders/7", null, key.secret()).allowed()).isTrue();
        Verdict outside = f.call("GET", "/api/notes", null, key.secret());
        assertThat(outside.reason()).isEqualTo(Reason.FORBIDDEN_SCOPE);
        assertThat(f.call("GET", "/api/ordersX", null, key.secret()).reason()).isEqualTo(Reason.FORBIDDEN_SCOPE);
        assertThat(f.call("GET", "/api/orders", null, key.secret() + "x").reason()).isEqualTo(Reason.INVALID_API_KEY);
        f.engine.operator(Actor.OWNER).revokeApiKey(key.key().id());
        assertThat(f.call("POST", "/api/orders", null, key.secret()).reason()).isEqualTo(Reason.INVALID_API_KEY);
    }

    @Test
    void loginNeedsATicketWhichWorksOnceAndAWrongPasswordSpendsIt() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        var auth = f.engine.auth();
        assertDenied(() -> f.login("alice", null, EngineFixture.BROWSER),
                Reason.NO_BOOTSTRAP);
        // without a ticket, no password is checked at all: a guess learns nothing
        assertDenied(() -> auth.login("alice", "wrong password".toCharArray(), "made-up", null,
                EngineFixture.publicKey(new ClientKeys()), EngineFixture.BROWSER), Reason.NO_BOOTSTRAP);
        String guessed = f.ticket(EngineFixture.BROWSER);
        assertDenied(() -> auth.login("alice", "wrong password".toCharArray(), guessed, null,
                EngineFixture.publicKey(new ClientKeys()), EngineFixture.BROWSER),
                Reason.INVALID_CREDENTIALS);
        assertDenied(() -> f.login("alice", guessed, EngineFixture.BROWSER), Reason.NO_BOOTSTRAP);
        String ticket = f.ticket(EngineFixture.BROWSER);
        assertThat(f.login("alice", ticket, EngineFixture.BROWSER).sessionId())
                .isNotBlank();
        assertDenied(() -> f.login("alice", ticket, EngineFixture.BROWSER),
                Reason.NO_BOOTSTRAP);
    }

    @Test
    void pageNoncesAreRedeemedOnceWithinTheWindow() {
        var auth = f.engine.auth();
        var page = EngineFixture.solved(auth.servePage("127.0.0.1"));
        auth.bootstrap(page, Map.of(), null, EngineFixture.BROWSER);
        assertDenied(() -> auth.bootstrap(page, Map.of(), null, EngineFixture.BROWSER), Reason.NO_BOOTSTRAP);

        var late = EngineFixture.solved(auth.servePage("127.0.0.1"));
        f.clock.advance(Duration.ofSeconds(31));
        assertDenied(() -> auth.bootstrap(late, Map.of(), null, EngineFixture.BROWSER), Reason.NO_BOOTSTRAP);
        var madeUp = new dev.palisade.engine.bootstrap.BootstrapClaim("made-up", page.work(), page.answer());
        assertDenied(() -> auth.bootstrap(madeUp, Map.of(), null, EngineFixture.BROWSER), Reason.NO_BOOTSTRAP);
    }

    @Test
    void thePageWindowAndTheTicketLifetimeIncludeTheirLastMillisecond() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        var auth = f.engine.auth();
        var page = auth.servePage("127.0.0.1");
        f.clock.advance(Duration.ofSeconds(30)); // exactly the bootstrap window
        String ticket = auth.bootstrap(EngineFixture.solved(page), Map.of(), null, EngineFixture.BROWSER).value();
        f.clock.advance(Duration.ofSeconds(120)); // exactly the ticket's lifetime
        assertThat(f.login("alice", ticket, EngineFixture.BROWSER).sessionId()).isNotBlank();
        var late = auth.servePage("127.0.0.1");
        // the bootstrap window and the time the page's work gives a slow device (131 ms at 14 bits × 4)
        var work = late.challenge().work();
        long window = dev.palisade.engine.bootstrap.BootstrapProof.windowMillis(
                dev.palisade.engine.config.Settings.defaults(), work.bits(), work.count());
        assertThat(window).isGreaterThan(30_000);
        f.clock.advance(Duration.ofMillis(window + 1));
        assertDenied(() -> auth.bootstrap(EngineFixture.solved(late), Map.of(), null, EngineFixture.BROWSER),
                Reason.NO_BOOTSTRAP);
    }

    @Test
    void aBlacklistedClientCannotLogInWithATicketFromBeforeOrWithAnApiKey() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        String ticket = f.ticket(EngineFixture.BROWSER);
        f.engine.operator(Actor.OWNER).blacklist(List.of(new dev.palisade.engine.blacklist.BlacklistEntry(null,
                dev.palisade.engine.blacklist.EntryKind.IP, "127.0.0.1", "test", "test", f.clock.millis(), 0)));
        assertDenied(() -> f.login("alice", ticket, EngineFixture.BROWSER), Reason.BLACKLISTED);
        var key = f.engine.operator(Actor.OWNER).createApiKey("robot", List.of("/api/"));
        assertDenied(() -> f.loginWithApiKey("alice", key.secret()), Reason.BLACKLISTED);
    }

    /*
     * A session entry revoked the session in memory only, and the store learnt it at the next
     * checkpoint: a server killed in those seconds came back with the session live, so once the entry
     * expired (or was deleted) the stolen token and key worked again.
     */
    @Test
    void blacklistingASessionStoresItsRevocationBeforeAnswering() {
        LoginResult login = f.login("alice");
        var added = f.engine.operator(Actor.OWNER).blacklist(List.of(new dev.palisade.engine.blacklist.BlacklistEntry(null,
                dev.palisade.engine.blacklist.EntryKind.SESSION, login.sessionId(), "stolen", "test", f.clock.millis(), 0)));
        assertThat(f.store.loadSessions()).as("no checkpoint ran: the store has it as a kill -9 would leave it")
                .filteredOn(r -> r.id().equals(login.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.revokedAt()).isPositive());
        f.engine.operator(Actor.OWNER).unblacklist(added.get(0).id());
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason())
                .as("the entry is gone; the session stays ended").isEqualTo(Reason.SESSION_REVOKED);
    }

    @Test
    void ticketsExpire() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        var auth = f.engine.auth();
        String ticket = f.ticket(EngineFixture.BROWSER);
        f.clock.advance(Duration.ofSeconds(121));
        assertDenied(() -> f.login("alice", ticket, EngineFixture.BROWSER),
                Reason.NO_BOOTSTRAP);
    }

    @Test
    void anApiKeyMayStandInForTheTicketAtLoginWhenItsScopesCoverTheLogin() {
        f.engine.operator(Actor.OWNER).createUser("robot", EngineFixture.PASSWORD.clone());
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("robot", List.of("/api/", "/auth/login"));
        LoginResult login = f.loginWithApiKey("robot", key.secret());
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).allowed()).isTrue();
        assertDenied(() -> f.loginWithApiKey("robot", "pal.nope.nope"), Reason.INVALID_API_KEY);

        // a key for the API's reports is no way round the page, its proof of work and its ticket
        CreatedApiKey reports = f.engine.operator(Actor.OWNER).createApiKey("reports", List.of("/api/reports"));
        assertDenied(() -> f.loginWithApiKey("robot", reports.secret()), Reason.FORBIDDEN_SCOPE);
        CreatedApiKey api = f.engine.operator(Actor.OWNER).createApiKey("api", List.of("/api/"));
        assertDenied(() -> f.loginWithApiKey("robot", api.secret()), Reason.FORBIDDEN_SCOPE);
    }

    @Test
    void refreshGivesANewTokenAndLogoutEndsTheSession() {
        LoginResult login = f.login("alice");
        LoginResult refreshed = f.remember(f.engine.auth().refresh(login.token().token(), EngineFixture.BROWSER));
        assertThat(refreshed.sessionId()).isEqualTo(login.sessionId());
        assertThat(f.call("GET", "/api/notes", refreshed.token().token(), null).allowed()).isTrue();
        f.engine.auth().logout(refreshed.token().token(), EngineFixture.BROWSER);
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertDenied(() -> f.engine.auth().refresh(login.token().token(), EngineFixture.BROWSER), Reason.SESSION_REVOKED);
    }

    @Test
    void deletingAUserRevokesTheirSessions() {
        LoginResult login = f.login("alice");
        f.engine.operator(Actor.OWNER).deleteUser("alice");
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).deleteUser("alice")).isInstanceOf(NotFoundException.class);
    }

    /**
     * The account was deleted before the sessions were revoked: a store failing between the two left
     * the sessions working, no event, and no way to try again (both answered "no user").
     */
    @Test
    void aDeleteTheStoreFailsHalfwayCanBeMadeAgainAndEndsTheSessions() throws Exception {
        FailingOnce failing = reopenOverAFailingStore();
        LoginResult login = f.login("alice");
        for (String step : new String[] {"sessionsOf", "saveSessions", "deleteUser"}) {
            failing.fail(step);
            assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).deleteUser("alice")).as(step)
                    .isInstanceOf(dev.palisade.engine.store.StoreException.class);
            assertThat(f.engine.users().exists("alice")).as("failed at %s: the account is still there to delete", step).isTrue();
            assertThatThrownBy(() -> f.login("alice")).as("failed at %s: and logs in no more", step).isInstanceOf(Denial.class);
        }
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(EventQuery.latest(100))).as("the trail tells that the failed delete left alice disabled, once")
                .filteredOn(e -> e.type() == EventType.ADMIN && e.code().equals("user_disabled")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("user alice disabled").contains("delete failed"));
        f.engine.operator(Actor.OWNER).deleteUser("alice");
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertThat(f.engine.users().exists("alice")).isFalse();
    }

    /*
     * A disable, a delete or a key's revocation is stored before its sessions' revocations: a server
     * killed between the two (here the store refusing the second, and no retry) came back with the
     * sessions live, and a signed call never looks at its user or key again.
     */
    @Test
    void sessionsADisableDeleteOrKeyRevocationLeftLiveAreRevokedAtTheNextStart() throws Exception {
        FailingOnce failing = reopenOverAFailingStore();
        LoginResult disabled = f.login("alice");
        LoginResult deleted = f.login("bob");
        f.engine.operator(Actor.OWNER).createUser("carol", EngineFixture.PASSWORD.clone());
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("robot", List.of("/auth/login", "/api/"));
        LoginResult byKey = f.loginWithApiKey("carol", key.secret());
        LoginResult browser = f.login("carol");
        LoginResult bystander = f.login("dave");

        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).updateUser("alice", null, true));
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).deleteUser("bob"));
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).revokeApiKey(key.key().id()));
        assertThat(f.call("GET", "/api/notes", disabled.token().token(), null, disabled).allowed())
                .as("the failure left it live").isTrue();

        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        for (LoginResult ended : List.of(disabled, deleted, byKey)) {
            assertThat(f.call("GET", "/api/notes", ended.token().token(), null, ended).reason())
                    .as(ended.sessionId()).isEqualTo(Reason.SESSION_REVOKED);
        }
        assertThat(f.call("GET", "/api/notes", browser.token().token(), null, browser).allowed())
                .as("the user's browser, not opened with the key").isTrue();
        assertThat(f.call("GET", "/api/notes", bystander.token().token(), null, bystander).allowed()).isTrue();
        assertThat(f.store.loadSessions()).filteredOn(r -> r.revokedAt() != 0).extracting(r -> r.id())
                .as("stored").containsExactlyInAnyOrder(disabled.sessionId(), deleted.sessionId(), byKey.sessionId());
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(EventQuery.latest(100))).as("the trail says why")
                .filteredOn(e -> e.code().equals("user_sessions_revoked") || e.code().equals("api_key_revoked"))
                .extracting(Event::detail).anySatisfy(d -> assertThat(d).contains("alice").contains("at start"))
                .anySatisfy(d -> assertThat(d).contains("bob").contains("at start"))
                .anySatisfy(d -> assertThat(d).contains(key.key().id()).contains("at start"));
    }

    /** A user gone from the store with sessions left live (deleted through a node that stopped halfway, say). */
    @Test
    void theSessionsOfAUserTheStoreNoLongerHoldsAreRevokedAtTheNextStart() throws Exception {
        LoginResult gone = f.login("erin");
        f.store.deleteUser("erin");
        f.restart();
        assertThat(f.call("GET", "/api/notes", gone.token().token(), null, gone).reason()).isEqualTo(Reason.SESSION_REVOKED);
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(EventQuery.latest(50))).extracting(Event::detail)
                .anySatisfy(d -> assertThat(d).contains("erin no longer exists").contains("at start"));
    }

    /*
     * A session entry's revocation was stored after the entry: a store refusing it left the entry in force
     * without its event, and the call sent again added the entry twice.
     */
    @Test
    void aBlacklistTheStoreRefusesHalfwayAddsNothingAndItsRetryAddsOnce() throws Exception {
        FailingOnce failing = reopenOverAFailingStore();
        LoginResult login = f.login("alice");
        int before = f.engine.blacklist().list(f.clock.millis()).size();
        List<dev.palisade.engine.blacklist.BlacklistEntry> entry = List.of(new dev.palisade.engine.blacklist.BlacklistEntry(null,
                dev.palisade.engine.blacklist.EntryKind.SESSION, login.sessionId(), "stolen", "test", f.clock.millis(), 0));
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).blacklist(entry))
                .isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(f.engine.blacklist().list(f.clock.millis())).hasSize(before);
        f.engine.operator(Actor.OWNER).blacklist(entry);
        assertThat(f.engine.blacklist().list(f.clock.millis())).hasSize(before + 1);
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(EventQuery.latest(50))).filteredOn(e -> e.code().equals("blacklist_added")).hasSize(1);
    }

    /** Rows kept by a name whose user is gone belong to no one: a user made with the name starts without them. */
    @Test
    void dataKeptByNameIsForgottenWhenAUserIsDeletedAndWhenANewNameIsTaken() {
        List<String> forgotten = new java.util.ArrayList<>();
        f.engine.whenUserDeleted(forgotten::add);
        f.engine.operator(Actor.OWNER).createUser("gil", EngineFixture.PASSWORD.clone());
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).createUser("gil", EngineFixture.PASSWORD.clone()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).createUser("..", EngineFixture.PASSWORD.clone()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(forgotten).as("a taken name's rows are its user's").containsExactly("gil");
        f.engine.operator(Actor.OWNER).deleteUser("gil");
        assertThat(forgotten).containsExactly("gil", "gil");
    }

    /*
     * Sessions swept from memory whose deletion the store refused were never deleted: on a cluster
     * (Redis, no expiry) they stayed for good, counted in every node's totals.
     */
    @Test
    void endedSessionsTheStoreRefusedToDeleteAreDeletedWithTheNextRun() {
        FailingOnce failing = reopenOverAFailingStore();
        LoginResult login = f.login("alice");
        f.call("GET", "/api/notes", login.token().token(), null);
        f.engine.maintain();
        assertThat(f.store.loadSessions()).extracting(r -> r.id()).contains(login.sessionId());
        f.clock.advance(Duration.ofDays(2)); // past every session's life
        failing.fail("deleteEnded");
        assertThatThrownBy(() -> f.engine.maintain()).isInstanceOf(dev.palisade.engine.store.StoreException.class);
        f.engine.maintain();
        assertThat(f.store.loadSessions()).extracting(r -> r.id()).doesNotContain(login.sessionId());
    }

    /* A batch of last uses the store refused was dropped: keys and tokens showed uses older than their last, or none. */
    @Test
    void lastUsesTheStoreRefusedAreWrittenWithTheNextRun() throws Exception {
        FailingOnce failing = reopenOverAFailingStore();
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("ci", List.of("/api/notes"));
        var debug = f.engine.debugTokens().create("tester", 3600L, Actor.OWNER);
        var operator = f.engine.operatorTokens().create("ops", "viewer", Actor.OWNER);
        Map<String, Runnable> uses = new java.util.LinkedHashMap<>();
        uses.put("touchApiKeys", () -> assertThat(f.call("GET", "/api/notes", null, key.secret()).allowed()).isTrue());
        uses.put("touchDebugTokens", () -> assertThat(f.engine.debugTokens().authenticate(debug.value(), f.clock.millis())).isNotNull());
        uses.put("touchOperatorTokens", () -> assertThat(f.engine.operatorTokens().authenticate(operator.value(), f.clock.millis()))
                .isNotNull());
        uses.forEach((refused, use) -> {
            use.run();
            failing.fail(refused);
            assertThatThrownBy(() -> f.engine.maintain()).as(refused).isInstanceOf(dev.palisade.engine.store.StoreException.class);
        });
        f.engine.maintain();
        assertThat(f.store.listApiKeys()).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isPositive());
        assertThat(f.store.listDebugTokens()).singleElement().satisfies(t -> assertThat(t.uses()).isEqualTo(1));
        assertThat(f.store.listOperatorTokens()).singleElement().satisfies(t -> assertThat(t.lastUsedAt()).isPositive());
    }

    /* A login whose session the store refused kept the session live in memory: it counted against the user's sessions. */
    @Test
    void aLoginTheStoreRefusedLeavesNoLiveSessionBehind() {
        FailingOnce failing = reopenOverAFailingStore();
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.login("alice")).isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(f.engine.sessions().countLive("127.0.0.1", "alice", f.clock.millis())[1]).as("alice's live sessions").isZero();
        assertThat(f.engine.sessions().size()).isZero();
        assertThat(f.login("alice").sessionId()).isNotNull();
    }

    /* A batch of a debug token's uses whose answer was lost after the store counted it was counted again with the next run. */
    @Test
    void debugTokenUsesWhoseAnswerWasLostAreCountedOnce() {
        FailingOnce failing = reopenOverAFailingStore();
        var debug = f.engine.debugTokens().create("tester", 3600L, Actor.OWNER);
        for (int i = 0; i < 2; i++) assertThat(f.engine.debugTokens().authenticate(debug.value(), f.clock.millis())).isNotNull();
        failing.loseReply("touchDebugTokens");
        assertThatThrownBy(() -> f.engine.maintain()).isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(f.engine.debugTokens().authenticate(debug.value(), f.clock.millis())).isNotNull();
        f.engine.maintain();
        assertThat(f.store.listDebugTokens()).singleElement().satisfies(t -> assertThat(t.uses()).isEqualTo(3));
        assertThat(f.engine.debugTokens().list()).singleElement().satisfies(t -> assertThat(t.uses()).isEqualTo(3));
    }

    /*
     * The maintenance ran its steps in a row, and the first write the store refused ended the run:
     * a store that kept refusing (a full disk) stopped the sweeps of memory-only state too (page
     * nonces, callers' records, rate counts), and every write after the failing one.
     */
    @Test
    void aWriteTheStoreRefusesStopsNoOtherStepOfTheMaintenance() {
        FailingOnce failing = reopenOverAFailingStore();
        LoginResult login = f.login("alice");
        f.call("GET", "/api/notes", login.token().token(), null);
        String ticket = f.ticket(EngineFixture.BROWSER);
        assertDenied(() -> f.engine.auth().login("alice", "wrong password".toCharArray(), ticket, null,
                EngineFixture.publicKey(new ClientKeys()), EngineFixture.BROWSER), Reason.INVALID_CREDENTIALS);
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.maintain()).as("the failure is still told")
                .isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(f.store.loadLoginFailures(0)).as("the steps after the refused write ran all the same").isNotEmpty();
        f.engine.maintain();
        assertThat(f.store.loadSessions()).as("and the refused write is made on the next run")
                .anySatisfy(r -> assertThat(r.id()).isEqualTo(login.sessionId()));
    }

    @Test
    void everyDecisionAndChangeBecomesAnEventWhenAllowedCallsAreStoredToo() throws Exception {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("allowedEvents", (long) dev.palisade.engine.config.Setting.ALLOWED_ALL));
        LoginResult login = f.login("alice");
        f.call("GET", "/api/notes", login.token().token(), null);
        f.call("GET", "/api/notes", null, null);
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        List<Event> events = f.store.queryEvents(EventQuery.latest(100));
        assertThat(events).extracting(Event::type, Event::code).contains(
                org.assertj.core.groups.Tuple.tuple(EventType.ADMIN, "user_created"),
                org.assertj.core.groups.Tuple.tuple(EventType.AUTH, "allowed"),
                org.assertj.core.groups.Tuple.tuple(EventType.DECISION, "allowed"),
                org.assertj.core.groups.Tuple.tuple(EventType.DECISION, "missing_credentials"));
        assertThat(events).filteredOn(e -> e.code().equals("missing_credentials")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("no credentials"));
        // no secret ends up in an event
        assertThat(events).allSatisfy(e -> assertThat(e.toString())
                .doesNotContain(login.token().token()).doesNotContain("correct horse"));
    }

    @Test
    void sessionsUsersKeysAndSettingsSurviveARestart() {
        LoginResult login = f.login("alice");
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("ci", List.of("/api/notes"));
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("bootstrapWindowSeconds", 45L));
        f.call("GET", "/api/notes", login.token().token(), null);
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.engine.settings().bootstrapWindow()).isEqualTo(Duration.ofSeconds(45));
        assertThat(f.engine.users().exists("alice")).isTrue();
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", null, key.secret()).allowed()).isTrue();
        assertThat(f.engine.sessions().get(login.sessionId()).calls()).isEqualTo(2);
    }

    @Test
    void theRegistryIsBoundedAndRefusesLoginsRatherThanEvictingLiveSessions() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("maxSessions", 2L));
        f.login("a1");
        f.login("a2");
        assertDenied(() -> f.login("a3"), Reason.SESSION_CAPACITY);
        // once one expires, there is room again
        f.clock.advance(Duration.ofSeconds(1_801));
        assertThat(f.login("a3").sessionId()).isNotBlank();
        assertThat(f.engine.sessions().size()).isEqualTo(1);
    }

    /*
     * Audit conc55 L6: the sessions a login swept out of a full registry were never deleted from the store (rows,
     * refused fingerprints, call marks) until a restart read them back: only maintenance's own sweep reached the store.
     */
    @Test
    void sessionsALoginSweptOutOfAFullRegistryAreDeletedFromTheStoreByTheNextMaintenance() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("maxSessions", 2L));
        String a1 = f.login("a1").sessionId();
        String a2 = f.login("a2").sessionId();
        f.clock.advance(Duration.ofSeconds(1_801));
        String a3 = f.login("a3").sessionId();

        f.engine.maintain();

        assertThat(f.store.loadSessions()).extracting(dev.palisade.engine.session.SessionRecord::id)
                .doesNotContain(a1, a2).contains(a3);
    }

    @Test
    void loginsRefusedForTheServersOwnCapacityCountNoMarkAgainstTheAddress() {
        // a full registry is the server's state: a busy office's logins were auto-blocked for meeting it
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("maxSessions", 2L, "autoBlockDenials", 3L));
        f.login("a1");
        f.login("a2");
        for (int i = 0; i < 4; i++) assertDenied(() -> f.login("a3"), Reason.SESSION_CAPACITY);
        assertThat(f.engine.blacklist().list(f.clock.millis())).noneMatch(e -> e.createdBy().equals("auto-block"));
    }

    /* Every caller behind a proxy that names none Palisade believes is the proxy: blocking it refused them all. */
    @Test
    void refusalsOfATrustedProxysOwnAddressNeverBlockItNorRaiseItsPrice() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("autoBlockDenials", 4L));
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(p -> new dev.palisade.engine.fingerprint.FingerprintPolicy(
                p.actions(), p.ipv4Prefix(), p.ipv6Prefix(), List.of("127.0.0.1", "127.0.2.0/24")));
        var proxy = EngineFixture.browser("127.0.2.7", "Mozilla/5.0 Firefox/140.0");
        var caller = EngineFixture.browser("127.0.3.7", "Mozilla/5.0 Firefox/140.0");
        int price = f.engine.auth().servePage("127.0.2.7").challenge().work().bits();
        assertThat(f.engine.auth().servePage("127.0.3.7").challenge().work().bits()).isEqualTo(price);
        for (int i = 0; i < 5; i++) {
            // a login refused, and a call refused, from a proxy's own address
            String ticket = f.ticket(proxy);
            String user = "proxied" + i; // one guess a name: no login throttle in the way
            assertDenied(() -> f.engine.auth().login(user, "wrong password".toCharArray(), ticket, null,
                    EngineFixture.publicKey(new ClientKeys()), proxy), Reason.INVALID_CREDENTIALS);
            assertThat(f.call("GET", "/api/notes", null, null).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        }
        assertThat(f.engine.blacklist().list(f.clock.millis())).noneMatch(e -> e.createdBy().equals("auto-block"));
        assertThat(f.engine.auth().servePage("127.0.2.7").challenge().work().bits()).as("its pages' price").isEqualTo(price);
        // a caller that is no proxy pays more after three, and is blocked at the fourth, as before
        for (int i = 0; i < 4; i++) {
            if (i == 3) assertThat(f.engine.auth().servePage("127.0.3.7").challenge().work().bits()).isEqualTo(price + 1);
            String ticket = f.ticket(caller);
            String user = "direct" + i;
            assertDenied(() -> f.engine.auth().login(user, "wrong password".toCharArray(), ticket, null,
                    EngineFixture.publicKey(new ClientKeys()), caller), Reason.INVALID_CREDENTIALS);
        }
        assertThat(f.engine.blacklist().list(f.clock.millis())).filteredOn(e -> e.createdBy().equals("auto-block"))
                .extracting(e -> e.value()).containsExactly("127.0.3.7");
    }

    /* A review's find: an IPv6 caller is counted by its /64, and a neighbour's refusals blocked the proxy's /64, the proxy with it. */
    @Test
    void theSixtyFourThatHoldsATrustedIpv6ProxyIsNeverBlocked() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("autoBlockDenials", 3L));
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(p -> new dev.palisade.engine.fingerprint.FingerprintPolicy(
                p.actions(), p.ipv4Prefix(), p.ipv6Prefix(), List.of("2001:db8::1", "2001:db8:0:2::/120")));
        for (String address : List.of("2001:db8::2", "2001:db8:0:2::1:9")) { // beside the proxy, outside the /120
            var neighbour = EngineFixture.browser(address, "Mozilla/5.0 Firefox/140.0");
            for (int i = 0; i < 4; i++) {
                String ticket = f.ticket(neighbour);
                String user = address + "-" + i;
                assertDenied(() -> f.engine.auth().login(user.replace(':', '.'), "wrong password".toCharArray(), ticket, null,
                        EngineFixture.publicKey(new ClientKeys()), neighbour), Reason.INVALID_CREDENTIALS);
            }
        }
        assertThat(f.engine.blacklist().list(f.clock.millis())).noneMatch(e -> e.createdBy().equals("auto-block"));
        var elsewhere = EngineFixture.browser("2001:db8:0:1::2", "Mozilla/5.0 Firefox/140.0");
        for (int i = 0; i < 3; i++) {
            String ticket = f.ticket(elsewhere);
            String user = "elsewhere" + i;
            assertDenied(() -> f.engine.auth().login(user, "wrong password".toCharArray(), ticket, null,
                    EngineFixture.publicKey(new ClientKeys()), elsewhere), Reason.INVALID_CREDENTIALS);
        }
        assertThat(f.engine.blacklist().list(f.clock.millis())).filteredOn(e -> e.createdBy().equals("auto-block"))
                .extracting(e -> e.value()).containsExactly("2001:db8:0:1:0:0:0:0/64");
    }

    /** Opens the engine again on the same file, over a store whose next call {@link FailingOnce#fail} names fails. */
    private FailingOnce reopenOverAFailingStore() {
        f.close();
        FailingOnce failing = new FailingOnce();
        f = new EngineFixture(dir, failing::wrap);
        return failing;
    }

    private static void assertDenied(Runnable action, Reason reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(reason));
    }
}
