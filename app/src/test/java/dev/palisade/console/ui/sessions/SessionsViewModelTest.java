package dev.palisade.console.ui.sessions;

import dev.palisade.console.BundledServer;
import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.HeldAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Sessions model against a real server, without a window. */
class SessionsViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private SessionsViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        model = new SessionsViewModel(admin, Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void aLoginAppearsWithItsLastCallsAndRevokingItEndsIt() {
        TestServer.Login demo = server.loginDemo();
        server.get(demo, "/api/notes");
        model.load();
        assertThat(model.total().get()).isEqualTo(1);
        var row = model.rows().get(0);
        assertThat(row.user()).isEqualTo("demo");
        assertThat(row.state()).isEqualTo("active");
        model.select(row);
        assertThat(model.lastCalls()).singleElement().satisfies(c -> assertThat(c.path()).isEqualTo("/api/notes"));

        model.revoke(row.id());
        assertThat(model.message().get()).contains("revoked");
        assertThat(model.rows().get(0).state()).isEqualTo("revoked");
        assertThat(server.get(demo, "/api/notes")).isEqualTo(401);
    }

    /* Look 56, item 1: an alert naming a user opens Sessions on that user's sessions, whatever was filtered before. */
    @Test
    void showingAUserListsTheirSessionsInAnyStateWhateverWasFilteredBefore() {
        admin.createUser("alice", "a long enough password");
        server.login("alice", "a long enough password");
        TestServer.Login revoked = server.loginDemo();
        server.loginDemo();
        admin.revokeSession(revoked.sessionId());
        model.userFilter().set("alice");
        model.ipFilter().set("203.0.113.9");
        model.stateFilter().set("active");
        model.search();
        assertThat(model.rows()).isEmpty();

        model.showUser("demo");
        assertThat(model.userFilter().get()).isEqualTo("demo");
        assertThat(model.ipFilter().get()).isEmpty();
        assertThat(model.stateFilter().get()).isEqualTo("all");
        assertThat(model.rows()).hasSize(2).allSatisfy(r -> assertThat(r.user()).isEqualTo("demo"));
        assertThat(model.rows()).extracting(Dtos.SessionView::state).containsExactlyInAnyOrder("active", "revoked");
    }

    /*
     * Review 57 (console), item 2: Sessions opened on a login alert's user applied the filter without a word. A line says
     * whose sessions these are and why, and which alerted users wait; it goes when the operator changes the filters.
     */
    @Test
    void sessionsListedForAnAlertSayWhyUntilTheFiltersChange() {
        server.loginDemo();
        assertThat(model.filledBecause().get()).isEmpty();
        model.showAlertedUser("demo", List.of());
        assertThat(model.rows()).singleElement().satisfies(r -> assertThat(r.user()).isEqualTo("demo"));
        assertThat(model.filledBecause().get()).isEqualTo("Filtered to user demo: login alert.");
        model.userFilter().set("dem");
        assertThat(model.filledBecause().get()).as("the operator changed the user").isEmpty();

        model.showAlertedUser("demo", List.of("alice"));
        assertThat(model.filledBecause().get()).isEqualTo("Filtered to user demo: login alert. alice waits too: open"
                + " Sessions again for alice's sessions.");
        model.stateFilter().set("active");
        assertThat(model.filledBecause().get()).as("the operator chose a state").isEmpty();

        model.showAlertedUser("demo", List.of("alice", "bob", "carol"));
        assertThat(model.filledBecause().get()).isEqualTo("Filtered to user demo: login alert. alice, bob and carol wait"
                + " too: each opening of Sessions lists the next one's sessions.");
        model.ipFilter().set("127.0.0.1");
        assertThat(model.filledBecause().get()).as("the operator added an address").isEmpty();

        model.showAlertedUser("demo", List.of());
        model.showUser("alice");
        assertThat(model.filledBecause().get()).as("filled for another reason").isEmpty();
    }

    /** ux44 D9: a typo or a range in the address filter showed "0–0 of 0", as if no session came from there. */
    @Test
    void anAddressFilterThatIsNoAddressOrARangeIsToldNotAsked() {
        server.loginDemo();
        model.ipFilter().set("999.1.2.3/99");
        model.search();
        assertThat(model.addressProblem().get())
                .isEqualTo("Not an address: 999.1.2.3/99. The filter takes one IPv4 or IPv6 address, such as 203.0.113.7.");
        assertThat(model.rows()).isEmpty();
        model.ipFilter().set("127.0.0.0/24");
        model.search();
        assertThat(model.addressProblem().get())
                .isEqualTo("Only a single address is matched: 127.0.0.0/24 is a range. Filter by one address, such as 127.0.0.0.");
        model.refreshIfStale(System.currentTimeMillis() + 10 * SessionsViewModel.RELOAD_MILLIS);
        assertThat(model.rows()).as("the timer asks nothing for it either").isEmpty();
        model.ipFilter().set(" 127.0.0.1 ");
        model.search();
        assertThat(model.addressProblem().get()).isEmpty();
        assertThat(model.total().get()).isEqualTo(1);
    }

    /** ux47, item 6: {@code fe80::1%eth0} was "Not an address"; it is sent without its zone, as addresses are stored. */
    @Test
    void anIpv6AddressWithAZoneIsSentWithoutIt() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            String ip = chain.request().url().queryParameter("ip");
            if (ip != null) asked.add(ip);
            return chain.proceed(chain.request());
        }).build();
        SessionsViewModel zoned = new SessionsViewModel(new dev.palisade.console.client.AdminClient(
                server.context().adminUrl(), server.context().adminToken(), http), Background.direct());
        zoned.ipFilter().set("fe80::1%eth0");
        zoned.search();
        assertThat(zoned.addressProblem().get()).isEmpty();
        assertThat(asked).containsExactly("fe80::1");
    }

    @Test
    void allowedCallsShowWithinAFewSecondsThoughNoEventAnnouncesThem() {
        TestServer.Login demo = server.loginDemo();
        model.load();
        int before = model.rows().get(0).calls();
        long loaded = System.currentTimeMillis();
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.refreshIfStale(loaded);
        assertThat(model.rows().get(0).calls()).as("no event, not yet due").isEqualTo(before);
        model.refreshIfStale(loaded + SessionsViewModel.RELOAD_MILLIS + 1_000);
        assertThat(model.rows().get(0).calls()).isEqualTo(before + 2);
        model.liveUpdates().set(false);
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.refreshIfStale(loaded + 10 * SessionsViewModel.RELOAD_MILLIS);
        assertThat(model.rows().get(0).calls()).as("live updates paused").isEqualTo(before + 2);
    }

    @Test
    void aHiddenViewIsNotReloadedUntilItIsShownAgain() {
        TestServer.Login demo = server.loginDemo();
        model.load();
        int before = model.rows().get(0).calls();
        model.showing().set(false);
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.onEvents(admin.events(dev.palisade.console.client.Dtos.EventFilter.latest(3)).items());
        model.refreshIfStale(System.currentTimeMillis() + 10 * SessionsViewModel.RELOAD_MILLIS);
        assertThat(model.rows().get(0).calls()).as("hidden: neither due nor stale reloads it").isEqualTo(before);
        model.showing().set(true);
        assertThat(model.rows().get(0).calls()).as("shown again, and stale").isEqualTo(before + 1);
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.showing().set(false);
        model.showing().set(true);
        assertThat(model.rows().get(0).calls()).as("shown again, but just loaded and nothing said it changed")
                .isEqualTo(before + 1);
    }

    @Test
    void aPageThatFailedToLoadIsTriedAgainAtTheNextTick() throws Exception {
        // a server that hangs up on every connection, counting them
        try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!hangsUp.isClosed()) {
                    try (Socket s = hangsUp.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SessionsViewModel lost = new SessionsViewModel(
                    new AdminClient("http://127.0.0.1:" + hangsUp.getLocalPort(), "token"), Background.direct());
            long loaded = System.currentTimeMillis();
            lost.load();
            assertThat(lost.message().get()).startsWith("Failed");
            int tried = connections.get();
            assertThat(tried).isPositive();
            lost.refreshIfStale(loaded);
            assertThat(connections.get()).as("not due, but a page that failed is stale: tried again").isGreaterThan(tried);
        }
    }

    @Test
    void aSessionsHeadingCountsOneCallInTheSingularAndSaysWhatItsBootstrapPaid() {
        var one = new dev.palisade.console.client.Dtos.SessionDetail("s1", "demo", "browser", "203.0.113.7", "Firefox", 0, 0, 0,
                1, "active", 0, List.of(), null, List.of(), null);
        assertThat(SessionsViewModel.heading(one)).isEqualTo("demo · 203.0.113.7 · active · 1 call");
        assertThat(SessionsViewModel.began(one)).as("a browser's session stored before sessions kept their bootstrap")
                .isEqualTo("automation: none · bootstrap: none recorded");
        var two = new dev.palisade.console.client.Dtos.SessionDetail("s2", "demo", "browser", "203.0.113.7", "Firefox", 0, 0, 0,
                2, "active", 0, List.of("webdriver"), new Dtos.BootstrapView(14, 830), List.of(), null);
        assertThat(SessionsViewModel.heading(two)).isEqualTo("demo · 203.0.113.7 · active · 2 calls");
        assertThat(SessionsViewModel.began(two)).as("from a server that does not say its rate windows' share")
                .isEqualTo("automation: flagged: webdriver · bootstrap: 14-bit work, 830 ms after its page");
        var slowed = new dev.palisade.console.client.Dtos.SessionDetail("s5", "demo", "browser", "203.0.113.7", "Chrome", 0, 0, 0,
                2, "active", 0, List.of("webdriver"), new Dtos.BootstrapView(14, 40, false), List.of(), 50);
        assertThat(SessionsViewModel.began(slowed)).as("slowed as an automated browser (DESIGN's L5)")
                .isEqualTo("automation: flagged: webdriver, slowed to 50 % of its rate windows · bootstrap: 14-bit work, 40 ms"
                        + " after its page");
        var whole = new dev.palisade.console.client.Dtos.SessionDetail("s6", "demo", "browser", "203.0.113.7", "Chrome", 0, 0, 0,
                2, "active", 0, List.of("no_client_hints"), new Dtos.BootstrapView(14, 900, false), List.of(), 100);
        assertThat(SessionsViewModel.began(whole)).as("flagged by a sign people's browsers give too: not slowed")
                .isEqualTo("automation: flagged: no_client_hints · bootstrap: 14-bit work, 900 ms after its page");
        assertThat(SessionsViewModel.bootstrap(new Dtos.BootstrapView(0, 2_480, false))).isEqualTo("no work (its page asked"
                + " none), 2.5 s after its page");
        assertThat(SessionsViewModel.bootstrap(new Dtos.BootstrapView(0, 2_480))).as("a server that does not say which")
                .isEqualTo("no work, 2.5 s after its page");
        assertThat(SessionsViewModel.bootstrap(new Dtos.BootstrapView(0, 4, true)))
                .as("a debug token's, not read as an attacker past the work").isEqualTo("work waived by a debug token, 4 ms"
                        + " after its page");
        assertThat(SessionsViewModel.bootstrap(new Dtos.BootstrapView(16, 65_535))).isEqualTo("16-bit work, 65.5 s or more after"
                + " its page");
    }

    /*
     * Look 56, item 3: an API-key login's session read "bootstrap: none recorded", as if data were missing. It says how
     * it began; "none recorded" is left for a session whose origin or bootstrap the server did not keep.
     */
    @Test
    void anApiKeysSessionSaysItBeganWithoutABootstrap() {
        var keyed = new Dtos.SessionDetail("s3", "alice", "api_key", "203.0.113.7", "okhttp", 0, 0, 0, 1, "active", 0,
                List.of(), null, List.of(), null);
        assertThat(SessionsViewModel.began(keyed)).isEqualTo("automation: none · API-key login: no bootstrap");
        var unknown = new Dtos.SessionDetail("s4", "alice", null, "203.0.113.7", "okhttp", 0, 0, 0, 1, "active", 0,
                List.of(), null, List.of(), null);
        assertThat(SessionsViewModel.began(unknown)).as("a server from before sessions kept their origin")
                .isEqualTo("automation: none · bootstrap: none recorded");
    }

    @Test
    void aSessionOpenedWithAnApiKeySaysSoInItsDetail() throws Exception {
        String key = admin.createApiKey("login sync", List.of("/auth/login")).key();
        try (var client = new dev.palisade.console.scenarios.ScenarioClient(server.api(""), "127.0.0.1", TestServer.AGENT)) {
            var login = client.send(client.request("/auth/login").header("X-Api-Key", key)
                    .post(dev.palisade.console.scenarios.ScenarioClient.json("{\"username\":\"" + BundledServer.DEMO_USER
                            + "\",\"password\":\"" + server.bundled.demoPassword() + "\",\"clientKey\":"
                            + new dev.palisade.protocol.ClientKeys().publicJwk() + "}")).build());
            assertThat(login.status()).isEqualTo(200);
        }
        model.load();
        model.select(model.rows().get(0));
        assertThat(model.selected().get().origin()).isEqualTo("api_key");
        assertThat(SessionsViewModel.began(model.selected().get())).endsWith(" · API-key login: no bootstrap");
    }

    @Test
    void aSessionsDetailSaysWhatItsBootstrapPaidAndWhereEachCallCameFrom() {
        TestServer.Login demo = server.loginDemo(); // the tests' logins bootstrap with a debug token: no work
        server.get(demo, "/api/notes");
        model.load();
        model.select(model.rows().stream().filter(r -> r.id().equals(demo.sessionId())).findFirst().orElseThrow());
        Dtos.BootstrapView paid = model.selected().get().bootstrap();
        assertThat(paid.bits()).isZero();
        assertThat(paid.workWaived()).as("the tests' debug token waived it").isEqualTo(Boolean.TRUE);
        assertThat(paid.sincePageMillis()).as("the page, then its bootstrap at once").isBetween(0L, 10_000L);
        assertThat(model.rows().get(0).bootstrap()).as("the list says it too").isEqualTo(paid);
        assertThat(model.lastCalls()).singleElement().satisfies(c -> assertThat(c.ip()).isEqualTo("127.0.0.1"));
        assertThat(SessionsViewModel.address(model.lastCalls().get(0))).isEqualTo("127.0.0.1");
        assertThat(SessionsViewModel.address(new Dtos.CallView(0, "GET", "/api/notes", 403, "sequence_violation", null)))
                .isEqualTo("—");
    }

    @Test
    void aSessionWhoseBrowserLookedAutomatedShowsItsSignals() {
        TestServer.Login clean = server.loginDemo();
        TestServer.Login bot = server.loginAutomated(BundledServer.DEMO_USER, server.bundled.demoPassword());
        model.load();
        var flagged = model.rows().stream().filter(r -> r.id().equals(bot.sessionId())).findFirst().orElseThrow();
        var fine = model.rows().stream().filter(r -> r.id().equals(clean.sessionId())).findFirst().orElseThrow();
        assertThat(flagged.automation()).containsExactly("webdriver");
        assertThat(fine.automation()).isEmpty();
        assertThat(SessionsViewModel.automation(flagged.automation())).isEqualTo("flagged: webdriver");
        assertThat(SessionsViewModel.automation(fine.automation())).isEqualTo("none");
        model.select(flagged);
        assertThat(model.selected().get().automation()).containsExactly("webdriver");
    }

    @Test
    void pagesThroughManySessionsFromTheServerAndFilters() {
        admin.updateConfig(Map.of()); // touch the API once; rules below allow a crowd from one address
        setRules();
        for (int i = 0; i < 5; i++) admin.createUser("user" + i, "long enough");
        for (int i = 0; i < 130; i++) server.login("user" + (i % 5), "long enough");
        model.load();
        assertThat(model.total().get()).isEqualTo(130);
        assertThat(model.rows()).hasSize(SessionsViewModel.PAGE);
        model.nextPage();
        assertThat(model.offset().get()).isEqualTo(100);
        assertThat(model.rows()).hasSize(30);
        model.nextPage();
        assertThat(model.offset().get()).as("no page after the last").isEqualTo(100);
        model.userFilter().set("user3");
        model.search();
        assertThat(model.total().get()).isEqualTo(26);
        assertThat(model.rows()).hasSize(26).allSatisfy(r -> assertThat(r.user()).isEqualTo("user3"));
        // typed, not searched: the next refresh keeps the list's own filter
        model.userFilter().set("user");
        model.load();
        assertThat(model.total().get()).isEqualTo(26);
        model.stateFilter().set("revoked");
        model.search();
        assertThat(model.total().get()).isZero();
    }

    @Test
    void liveEventsAboutSessionsMarkThePageStale() {
        model.load();
        assertThat(model.total().get()).isZero();
        server.loginDemo();
        model.refreshIfStale();
        assertThat(model.total().get()).as("nothing said it changed yet").isZero();
        model.onEvents(admin.events(dev.palisade.console.client.Dtos.EventFilter.latest(3)).items());
        model.refreshIfStale();
        assertThat(model.total().get()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerForAnEarlierChoiceNeverReplacesTheSessionOrPageChosenSince() {
        TestServer.Login first = server.loginDemo();
        TestServer.Login second = server.loginDemo();
        assertThat(server.get(first, "/api/notes")).isEqualTo(200);
        assertThat(server.get(second, "/api/cart")).isEqualTo(200);
        admin.createUser("erin", "long enough");
        server.login("erin", "long enough");
        model.load();
        var rowA = model.rows().stream().filter(r -> r.id().equals(first.sessionId())).findFirst().orElseThrow();
        var rowB = model.rows().stream().filter(r -> r.id().equals(second.sessionId())).findFirst().orElseThrow();

        HeldAnswers slow = new HeldAnswers();
        SessionsViewModel busy = new SessionsViewModel(admin, slow);
        busy.select(rowA);
        busy.select(rowB); // the operator moves on before A's detail came
        slow.deliverNewestFirst();
        assertThat(busy.selected().get().id()).as("the session selected last").isEqualTo(second.sessionId());
        assertThat(busy.lastCalls()).singleElement().satisfies(c -> assertThat(c.path()).isEqualTo("/api/cart"));

        busy.select(rowA);
        busy.select(null); // the selection cleared before A's detail came
        slow.deliverNewestFirst();
        assertThat(busy.selected().get()).isNull();
        assertThat(busy.lastCalls()).isEmpty();

        busy.userFilter().set("demo");
        busy.search();
        busy.userFilter().set("erin"); // filtered again before the first page came
        busy.search();
        slow.deliverNewestFirst();
        assertThat(busy.rows()).singleElement().satisfies(r -> assertThat(r.user()).isEqualTo("erin"));
        assertThat(busy.total().get()).isEqualTo(1);
    }

    @Test
    void rowsPassedOverWhileADetailIsOutAreNeverAskedFor() {
        TestServer.Login first = server.loginDemo();
        TestServer.Login second = server.loginDemo();
        model.load();
        var rowA = model.rows().stream().filter(r -> r.id().equals(first.sessionId())).findFirst().orElseThrow();
        var rowB = model.rows().stream().filter(r -> r.id().equals(second.sessionId())).findFirst().orElseThrow();

        HeldAnswers slow = new HeldAnswers();
        SessionsViewModel busy = new SessionsViewModel(admin, slow);
        for (int i = 0; i < 30; i++) busy.select(i % 2 == 0 ? rowA : rowB); // an arrow key held over the rows
        assertThat(slow.size()).as("one detail out; the rows passed over not asked for").isEqualTo(1);
        slow.deliverOldest();
        assertThat(slow.size()).as("then the row chosen last, once").isEqualTo(1);
        slow.deliverOldest();
        assertThat(slow.size()).isZero();
        assertThat(busy.selected().get().id()).isEqualTo(second.sessionId());

        busy.select(rowA);
        busy.select(rowB);
        busy.select(null); // cleared while A's detail is out: B is not asked for
        slow.deliverInOrder();
        assertThat(slow.size()).isZero();
        assertThat(busy.selected().get()).isNull();
        busy.select(rowA);
        assertThat(slow.size()).as("the next choice goes at once").isEqualTo(1);
        slow.deliverInOrder();
        assertThat(busy.selected().get().id()).isEqualTo(first.sessionId());
    }

    @Test
    void aSlowServerIsAskedForThePageAgainOnlyOnceItAnswered() {
        HeldAnswers slow = new HeldAnswers();
        SessionsViewModel busy = new SessionsViewModel(admin, slow);
        busy.load();
        long later = System.currentTimeMillis() + 10 * SessionsViewModel.RELOAD_MILLIS;
        busy.onEvents(List.of(new dev.palisade.console.client.Dtos.EventView(1, 0, "auth", "login", "", true, 200, "s", "demo",
                "127.0.0.1", "POST", "/auth/login", 1, "", ""))); // stale, and due
        busy.refreshIfStale(later);
        busy.refreshIfStale(later + 2_000);
        assertThat(slow.size()).as("one page in flight").isEqualTo(1);
        slow.deliverInOrder();
        busy.onEvents(List.of(new dev.palisade.console.client.Dtos.EventView(2, 0, "auth", "login", "", true, 200, "s", "demo",
                "127.0.0.1", "POST", "/auth/login", 1, "", "")));
        busy.refreshIfStale(later);
        assertThat(slow.size()).as("answered: the next tick asks").isEqualTo(1);
    }

    @Test
    void blacklistingTheAddressIsReported() {
        model.blacklistAddress("192.0.2.44");
        assertThat(model.message().get()).isEqualTo("192.0.2.44 is blacklisted.");
        model.blacklistAddress("not an address");
        assertThat(model.message().get()).startsWith("Failed:");
    }

    private void setRules() {
        var http = new okhttp3.OkHttpClient();
        var request = new okhttp3.Request.Builder().url(server.context().adminUrl() + "/admin/rules")
                .header("Authorization", "Bearer " + server.context().adminToken())
                .put(okhttp3.RequestBody.create("{\"rules\":[{\"type\":\"max-sessions\",\"perIp\":0,\"perUser\":0}]}",
                        okhttp3.MediaType.get("application/json"))).build();
        try (var r = http.newCall(request).execute()) {
            assertThat(r.code()).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        http.connectionPool().evictAll();
    }
}
