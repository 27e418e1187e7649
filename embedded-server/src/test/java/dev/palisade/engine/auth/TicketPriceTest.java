package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Rung;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.ServedPage;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The work a session costs is priced by the caller's record. A flagged address had a clean neighbour
 * of its /24 load and bootstrap a page at the clean price, then logged in with the ticket itself: its
 * own pages asked sixteen times the work (the ladder probe, L4/L5).
 */
class TicketPriceTest {

    @TempDir
    Path dir;

    @Test
    void aTicketProvenForACleanNeighbourDoesNotLogInAFlaggedAddress() throws Exception {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts clean = EngineFixture.browser("127.0.5.10", agent);
        ClientFacts flagged = EngineFixture.browser("127.0.5.66", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("mallory", EngineFixture.PASSWORD.clone());
            flag(f, flagged);
            String ticket = f.ticket(clean);
            Denial refused = catchThrowableOfType(() -> f.login("mallory", ticket, flagged), Denial.class);
            assertThat(refused).as("logged in at the clean price").isNotNull();
            assertThat(refused.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
            assertThat(refused.check()).as("told from a ticket unknown, used or late").isEqualTo("price");
            assertThat(f.login("mallory", f.ticket(clean), clean).sessionId()).as("the clean address itself logs in").isNotNull();
            // the operator sees the defence against L4's price, not L0's (a script that never loaded the page)
            assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
            List<Event> refusals = f.store.queryEvents(new EventQuery(null, null, EventType.AUTH, Reason.NO_BOOTSTRAP.code(),
                    null, flagged.ip(), 0, 10));
            assertThat(refusals).singleElement().satisfies(e -> {
                assertThat(e.check()).isEqualTo("price");
                assertThat(e.rung()).isEqualTo(Rung.PROTOCOL_SCRIPT);
            });
        }
    }

    @Test
    void aTicketUsedTwiceIsStillTheDefenceAgainstAScriptWithoutThePage() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("mallory", EngineFixture.PASSWORD.clone());
            String ticket = f.ticket(EngineFixture.BROWSER);
            f.login("mallory", ticket, EngineFixture.BROWSER);
            Denial refused = catchThrowableOfType(() -> f.login("mallory", ticket, EngineFixture.BROWSER), Denial.class);
            assertThat(refused.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
            assertThat(refused.check()).isEqualTo("auth");
            assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
            assertThat(f.store.queryEvents(new EventQuery(null, null, EventType.AUTH, Reason.NO_BOOTSTRAP.code(), null, null, 0, 10)))
                    .singleElement().extracting(Event::rung).isEqualTo(Rung.NO_CLIENT);
        }
    }

    @Test
    void aSessionACleanNeighbourOpenedDoesNotServeAFlaggedAddress() throws Exception {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts clean = EngineFixture.browser("127.0.5.10", agent);
        ClientFacts flagged = EngineFixture.browser("127.0.5.66", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("mallory", EngineFixture.PASSWORD.clone());
            LoginResult session = f.login("mallory", f.ticket(clean), clean);
            assertThat(callFrom(f, clean, session).allowed()).isTrue();
            flag(f, flagged);
            f.clock.advance(Duration.ofSeconds(2)); // past what a price is remembered for
            Verdict refused = callFrom(f, flagged, session);
            assertThat(refused.reason()).as("the flagged address called at its clean neighbour's price")
                    .isEqualTo(Reason.REAUTH_REQUIRED);
            assertThat(refused.check()).isEqualTo("price");
            assertThat(refresh(f, flagged, session).reason()).as("nor gets a fresh token for it").isEqualTo(Reason.REAUTH_REQUIRED);
            assertThat(callFrom(f, clean, session).allowed()).as("the session itself stays good where it was opened").isTrue();
            assertThat(callFrom(f, EngineFixture.browser("127.0.5.11", agent), session).allowed())
                    .as("a person who moved within the /24, whose price rose with the /24's denials as the login's did")
                    .isTrue();
            assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
            assertThat(f.store.queryEvents(new EventQuery(null, null, EventType.DECISION, Reason.REAUTH_REQUIRED.code(), null,
                    flagged.ip(), 0, 10))).extracting(Event::check, Event::rung)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple("price", Rung.PROTOCOL_SCRIPT)).hasSize(2);
        }
    }

    @Test
    void aPersonWhoMovedAfterTheOperatorRaisedTheWorkStaysLoggedIn() throws Exception {
        String agent = EngineFixture.BROWSER.userAgent();
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
            LoginResult session = f.login("alice", f.ticket(EngineFixture.browser("127.0.6.10", agent)),
                    EngineFixture.browser("127.0.6.10", agent));
            int paid = f.engine.settings().powBits();
            f.engine.operator(Actor.OWNER).updateSettings(Map.of("powBits", paid + 2L));
            assertThat(callFrom(f, EngineFixture.browser("127.0.6.11", agent), session).allowed())
                    .as("dearer than the session paid, but no dearer than where it began").isTrue();
        }
    }

    @Test
    void aSessionOpenedWithoutWorkHasNoPriceToCompare() {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts flagged = EngineFixture.browser("127.0.0.66", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("svc", EngineFixture.PASSWORD.clone());
            String key = f.engine.operator(Actor.OWNER).createApiKey("robot", List.of("/auth/login")).secret();
            LoginResult session = f.loginWithApiKey("svc", key);
            flag(f, flagged);
            assertThat(callFrom(f, flagged, session).allowed()).as("an API key's session: what the key allows").isTrue();
        }
    }

    @Test
    void aDebugTokensSessionHasNoPriceToCompare() throws Exception {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts clean = EngineFixture.browser("127.0.7.10", agent);
        ClientFacts flagged = EngineFixture.browser("127.0.7.66", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("tester", EngineFixture.PASSWORD.clone());
            String debug = f.engine.debugTokens().create("ci", 600L, Actor.OWNER).value();
            ServedPage page = f.engine.auth().servePage(clean.ip());
            String ticket = f.engine.auth().bootstrap(new BootstrapClaim(page.nonce(), null, null), Map.of(), debug, clean).value();
            LoginResult session = f.login("tester", ticket, clean);
            flag(f, flagged);
            f.clock.advance(Duration.ofSeconds(2));
            assertThat(callFrom(f, flagged, session).allowed()).as("work waived: a test's tool, visibly (SECURITY.md)").isTrue();
        }
    }

    @Test
    void anAddressAskingWhatTheSessionPaidPassesThoughTheLoginsPriceFell() throws Exception {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts login = EngineFixture.browser("127.0.8.10", agent);
        ClientFacts moved = EngineFixture.browser("127.0.8.12", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
            flag(f, login, 3); // a bit more for its pages
            LoginResult session = f.login("alice", f.ticket(login), login);
            f.clock.advance(Duration.ofMinutes(3)); // its denials forgotten: its pages ask a bit less than the session paid
            flag(f, moved, 3);
            assertThat(callFrom(f, moved, session).allowed()).as("what the session paid covers this address").isTrue();
        }
    }

    /** Thirty wrong proofs of work: the address's pages ask 4 bits more, its /24's 1. */
    private static void flag(EngineFixture f, ClientFacts address) {
        flag(f, address, 30);
    }

    /** {@code denials} wrong proofs of work from {@code address}. */
    private static void flag(EngineFixture f, ClientFacts address, int denials) {
        for (int i = 0; i < denials; i++) {
            ServedPage page = f.engine.auth().servePage(address.ip());
            catchThrowableOfType(() -> f.engine.auth().bootstrap(new BootstrapClaim(page.nonce(), new long[] {1, 2, 3, 4},
                    page.challenge().answer()), Map.of(), null, address), Denial.class);
        }
    }

    /** A refresh signed with the session's key, as palisade.js makes it, from {@code client}'s address. */
    private static Verdict refresh(EngineFixture f, ClientFacts client, LoginResult session) {
        String bearer = session.token().token();
        return f.engine.refresh(new ProtectedRequest("POST", "/auth/refresh", client.ip(), client.userAgent(), bearer, null,
                f.wire("POST", "/auth/refresh", bearer, session), null), client).verdict();
    }

    /** A call signed with the session's key, as palisade.js makes it, from {@code client}'s address. */
    private static Verdict callFrom(EngineFixture f, ClientFacts client, LoginResult session) {
        String bearer = session.token().token();
        return f.engine.protect(new ProtectedRequest("GET", "/api/items", client.ip(), client.userAgent(), bearer, null,
                f.wire("GET", "/api/items", bearer, session), null));
    }
}
