package dev.palisade.engine.rate;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.CreatedApiKey;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Technique 8 with a fixed clock: sliding windows per session, address and key. */
class RateTest extends dev.palisade.engine.EngineTestBase {




    private List<Event> anomalies() throws InterruptedException {
        f.engine.events().awaitWritten(5_000);
        return f.store.queryEvents(new EventQuery(null, null, EventType.RATE_ANOMALY, null, null, null, 0, 100));
    }

    @Test
    void aBurstOverTheSessionWindowIsRefusedWithRetryAfterAndReportedOnce() throws Exception {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 5, 1, null)));
        String token = f.login("alice").token().token();
        for (int i = 0; i < 5; i++) assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        Verdict sixth = f.call("GET", "/api/notes", token, null);
        assertThat(sixth.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(sixth.reason().status()).isEqualTo(429);
        assertThat(sixth.retryAfterSeconds()).isBetween(1L, 2L);
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
        List<Event> events = anomalies();
        assertThat(events).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("\"scope\":\"session\"").contains("\"limit\":5").contains("\"windowSeconds\":1")
                .contains("\"observed\":6.0"));
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
    }

    @Test
    void theWindowSlidesRatherThanResettingAtTheMinute() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 10, 60, null)));
        String token = f.login("alice").token().token();
        // start the test at the beginning of a fixed minute, then spend the budget late in it
        f.clock.advance(Duration.ofMillis(60_000 - Math.floorMod(f.clock.millis(), 60_000) + 50_000));
        for (int i = 0; i < 10; i++) assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(15)); // 5 s into the next minute: a fixed window would have reset
        Verdict v = f.call("GET", "/api/notes", token, null);
        assertThat(v.reason()).isEqualTo(Reason.RATE_LIMITED);
        // 10 × (55/60) + 1 > 10; one second later 10 × (54/60) + 1 = 10 fits
        assertThat(v.retryAfterSeconds()).isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(v.retryAfterSeconds()));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
    }

    @Test
    void manySessionsFromOneAddressShareItsWindow() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 100, 1, null),
                new RateWindow(Scope.IP, 6, 1, null)));
        String a = f.login("a").token().token();
        String b = f.login("b").token().token();
        String c = f.login("c").token().token();
        for (String t : List.of(a, b, c, a, b, c)) assertThat(f.call("GET", "/api/notes", t, null).allowed()).isTrue();
        Verdict v = f.call("GET", "/api/notes", a, null);
        assertThat(v.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(v.explanation()).contains("for this ip");
    }

    @Test
    void apiKeysAndRouteGroupsHaveTheirOwnWindows() throws Exception {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.API_KEY, 3, 1, "/api/orders")));
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("ci", List.of("/api/"));
        for (int i = 0; i < 3; i++) assertThat(f.call("POST", "/api/orders", null, key.secret()).allowed()).isTrue();
        Verdict fourth = f.call("POST", "/api/orders", null, key.secret());
        assertThat(fourth.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(f.clock.millis() % 1000).as("the window starts with the test").isZero();
        // 3 calls fill the window; the 4th fits when 3 × overlap + 1 ≤ 3, 1⅓ s on: 2 s
        assertThat(fourth.explanation()).isEqualTo("more than 3 calls per 1 s for this " + Scope.API_KEY.label()
                + " on /api/orders (about 4 in the window now); retry after 2 s");
        assertThat(f.call("GET", "/api/notes", null, key.secret()).allowed()).as("another route group").isTrue();
        assertThat(anomalies()).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("{\"scope\":\""
                + Scope.API_KEY.label() + "\",\"key\":\"" + key.key().id() + "\",\"limit\":3,\"windowSeconds\":1,\"observed\":4.0,"
                + "\"route\":\"/api/orders\"}"));
    }

    /** A route may hold a quote or a backslash (a call's path can): the anomaly's detail is still JSON, as documented. */
    @Test
    void anAnomalysDetailIsJsonWhateverItsRouteHolds() throws Exception {
        String route = "/api/or\"de\\rs";
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.API_KEY, 1, 1, route)));
        CreatedApiKey key = f.engine.operator(Actor.OWNER).createApiKey("ci", List.of("/api/"));
        assertThat(f.call("POST", route, null, key.secret()).allowed()).isTrue();
        assertThat(f.call("POST", route, null, key.secret()).reason()).isEqualTo(Reason.RATE_LIMITED);
        com.fasterxml.jackson.databind.JsonNode detail = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(anomalies().get(0).detail());
        assertThat(detail.get("route").asText()).isEqualTo(route);
    }

    @Test
    void refusedCallsDoNotCount() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 3, 10, null)));
        LoginResult login = f.login("alice");
        for (int i = 0; i < 3; i++) assertThat(f.call("GET", "/api/notes", login.token().token(), null).allowed()).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(f.call("GET", "/api/notes", login.token().token(), null).reason()).isEqualTo(Reason.RATE_LIMITED);
        }
        // halfway into the next window the previous one weighs half: 3 counted calls leave room (1.5 + 1 ≤ 3),
        // 23 would not (11.5 + 1 > 3), so this fails if refused calls were counted
        f.clock.advance(Duration.ofSeconds(15));
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).allowed()).isTrue();
    }

    @Test
    void windowsAreValidatedAndSurviveARestart() {
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.IP, 0, 1, null),
                new RateWindow(Scope.SESSION, 5, 0, "orders"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).extracting(x -> x.field())
                        .containsExactly("windows[0].limit", "windows[1].windowSeconds", "windows[1].route"));
        List<RateWindow> mine = List.of(new RateWindow(Scope.IP, 7, 2, "/api/cart"));
        f.engine.operator(Actor.OWNER).updateRateWindows(mine);
        f.restart();
        assertThat(f.engine.rateWindows()).isEqualTo(mine);
    }

    @Test
    void theDefaultsAreSeveralWindowsAtOnce() {
        assertThat(f.engine.rateWindows()).contains(new RateWindow(Scope.SESSION, 20, 1, null),
                new RateWindow(Scope.SESSION, 300, 60, null));
        assertThat(RateWindow.decode(RateWindow.encode(RateWindow.defaults()))).isEqualTo(RateWindow.defaults());
        assertThat(RateWindow.decode("garbage")).isEqualTo(RateWindow.defaults());
    }

    @Test
    void aWindowRemovedAndAddedAgainStartsAfreshOnceSwept() {
        RateWindow w = new RateWindow(Scope.SESSION, 3, 60, null);
        assertThat(f.engine.operator(Actor.OWNER).updateRateWindows(List.of(w))).containsExactly(w);
        String token = f.login("alice").token().token();
        for (int i = 0; i < 3; i++) assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.IP, 1_000, 60, null)));
        f.engine.maintain();
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(w));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("the old count was forgotten").isTrue();
    }

    @Test
    void theMaintenanceSweepKeepsTheCountsOfWindowsStillInForce() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 3, 60, null)));
        String token = f.login("alice").token().token();
        for (int i = 0; i < 3; i++) assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(5));
        f.engine.maintain();
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void aNewConfigurationAppliesAtTheNextCallAndWindowsThatStayKeepTheirCounts() {
        RateWindow three = new RateWindow(Scope.SESSION, 3, 60, null);
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(three));
        String token = f.login("alice").token().token();
        for (int i = 0; i < 3; i++) assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
        f.engine.maintain(); // a sweep in between keeps the counts of windows still in force
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.IP, 1_000, 60, null), three));
        assertThat(f.call("GET", "/api/notes", token, null).reason()).as("the same window, still full").isEqualTo(Reason.RATE_LIMITED);
        // its limit raised: the same count, so two calls more (audit conc55 L2: a limit changed restarted the counts)
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 5, 60, null)));
        for (int i = 0; i < 2; i++) {
            assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("the 3 calls counted, of 5").isTrue();
        }
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new RateWindow(Scope.SESSION, 5, 30, null)));
        for (int i = 0; i < 5; i++) {
            assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("a window of another length counts from nothing").isTrue();
        }
        assertThat(f.call("GET", "/api/notes", token, null).reason()).isEqualTo(Reason.RATE_LIMITED);
    }
}
