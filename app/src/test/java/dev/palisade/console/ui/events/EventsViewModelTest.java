package dev.palisade.console.ui.events;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.HeldAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EventsViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private EventsViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        model = new EventsViewModel(admin, Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    /* Audit 51: an event that came live while the newest page was out was dropped when the page replaced the list. */
    @Test
    void anEventThatCameLiveWhileThePageWasOutStaysInFrontOfIt() {
        HeldAnswers held = new HeldAnswers();
        EventsViewModel m = new EventsViewModel(admin, held);
        m.type().set("decision");
        server.anonymous("/api/notes");
        m.load(); // asked now; its answer still on its way
        server.anonymous("/api/cart");
        m.onEvents(java.util.List.of(admin.events(EventFilter.latest(1)).items().get(0)));
        held.deliverInOrder();
        assertThat(m.events()).extracting(dev.palisade.console.client.Dtos.EventView::path)
                .containsExactly("/api/cart", "/api/notes");
    }

    @Test
    void filtersOnTheServerSearchesLocallyAndExplainsADenial() {
        admin.updateConfig(java.util.Map.of("allowedEvents", "all")); // allowed calls are events only when asked for
        server.anonymous("/api/notes");
        server.get(server.loginDemo(), "/api/cart");
        model.type().set("decision");
        model.load();
        assertThat(model.events()).hasSize(2);
        model.search().set("missing");
        assertThat(model.events()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
        model.select(model.events().get(0));
        assertThat(model.explanation().get()).contains("Denied (401 missing_credentials) by the credentials check")
                .contains("Attacker ladder: the defence against L0 no_client (curl or a script without credentials)")
                .contains("What would have passed: a bearer token");
        model.search().set("");
        model.code().set("allowed");
        model.load();
        assertThat(model.events()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("/api/cart"));
        model.select(model.events().get(0));
        assertThat(model.explanation().get()).startsWith("Allowed").doesNotContain("would have passed")
                .doesNotContain("Attacker ladder");
    }

    /** Console audit 59: a flagged login read "Allowed by the fingerprint check … changed from no signals", with no rung. */
    @Test
    void aSessionFlaggedAtLoginIsExplainedAsL5sFlag() {
        model.select(new dev.palisade.console.client.Dtos.EventView(2, 0, "fingerprint_mismatch", "automation_suspected", "fingerprint",
                true, 200, "s2", "bot", "127.0.0.9", "POST", "/auth/login", 0, "{\"action\":\"alert\",\"signals\":[\"headless\","
                + "\"webdriver\"],\"changes\":[{\"component\":\"automation\",\"from\":\"\",\"to\":\"headless,webdriver\","
                + "\"action\":\"alert\"}]}", "", "", ""));
        assertThat(model.explanation().get()).startsWith("Flagged at login: the browser looked automated (headless, webdriver);"
                + " let in under the fingerprint policy's automation action (alert)")
                .contains("Attacker ladder: flagged by the defence against L5 automated_browser")
                .doesNotContain("changed").doesNotContain("Allowed by");
    }

    /** A page, ticket or session priced for a cheaper neighbour, as the server sends its refusal (check price, rung L4). */
    @Test
    void aPriceRefusalIsExplainedAsTheWorkThisAddressOwes() {
        model.select(new dev.palisade.console.client.Dtos.EventView(1, 0, "decision", "reauth_required", "price", false, 401,
                "s1", "mallory", "127.0.5.66", "GET", "/api/items", 0, "this session was opened from another address for 14"
                + " bits of work, and pages served to this address ask 18; log in again", "", "", "protocol_script"));
        assertThat(model.explanation().get()).contains("Denied (401 reauth_required) by the price check")
                .contains("Attacker ladder: the defence against L4 protocol_script")
                .contains("What would have passed: a new login through a client page loaded at this address");
    }

    /**
     * ux44 D9: the admin API matches one address exactly; a typo (999.1.2.3/99) answered "No events match" and a
     * range (127.0.0.0/24) was sent as if it were one address. Each is told instead of asked, and live events
     * from the range's addresses do not appear meanwhile.
     */
    @Test
    void anAddressFilterThatIsNoAddressOrARangeIsToldNotAsked() {
        server.anonymous("/api/notes");
        model.ip().set("999.1.2.3/99");
        model.load();
        assertThat(model.addressProblem().get())
                .isEqualTo("Not an address: 999.1.2.3/99. The filter takes one IPv4 or IPv6 address, such as 203.0.113.7.");
        assertThat(model.events()).isEmpty();

        model.ip().set("127.0.0.0/24");
        model.load();
        assertThat(model.addressProblem().get())
                .isEqualTo("Only a single address is matched: 127.0.0.0/24 is a range. Filter by one address, such as 127.0.0.0.");
        server.anonymous("/api/notes");
        model.onEvents(admin.events(new EventFilter(null, null, null, null, null, null, 0, 10)).items());
        assertThat(model.events()).as("nothing shown for a filter not asked for").isEmpty();

        model.ip().set("127.0.0.1");
        model.load();
        assertThat(model.addressProblem().get()).isEmpty();
        assertThat(model.events()).isNotEmpty().allSatisfy(e -> assertThat(e.ip()).isEqualTo("127.0.0.1"));
        model.ip().set("::1");
        model.load();
        assertThat(model.addressProblem().get()).as("an IPv6 address is one").isEmpty();
    }

    /**
     * ux47, item 6: an IPv6 address with its zone ({@code fe80::1%eth0}, as {@code ip addr} prints a link-local
     * one) was "Not an address". Addresses are stored without a zone (docs/protocol.md), so the filter takes the
     * address and sends it without its zone; a zone on nothing else makes an address of it.
     */
    @Test
    void anIpv6AddressWithAZoneIsSentWithoutIt() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            String ip = chain.request().url().queryParameter("ip");
            if (ip != null) asked.add(ip);
            return chain.proceed(chain.request());
        }).build();
        model = new EventsViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken(), http),
                Background.direct());
        model.ip().set("fe80::1%eth0");
        model.load();
        assertThat(model.addressProblem().get()).isEmpty();
        model.ip().set(" FE80::1%2 ");
        model.load();
        assertThat(model.addressProblem().get()).isEmpty();
        assertThat(asked).containsExactly("fe80::1", "FE80::1");
        model.ip().set("fe80::1%eth0/64");
        model.load();
        assertThat(model.addressProblem().get()).startsWith("Only a single address is matched: fe80::1%eth0/64 is a range.");
        for (String bad : java.util.List.of("fe80::1%", "127.0.0.1%eth0", "fe80::1%eth 0", "%eth0")) {
            model.ip().set(bad);
            model.load();
            assertThat(model.addressProblem().get()).as(bad).startsWith("Not an address: " + bad.strip() + ".");
        }
        assertThat(asked).as("nothing asked for those").hasSize(2);
    }

    /* A bootstrap's explanation read "Why: {"bits":14,"puzzles":4,…}". */
    @Test
    void aBootstrapSaysWhatItsPageCostInWordsNotItsJson() {
        server.loginDemo();
        model.load();
        var bootstrap = model.events().stream().filter(e -> "/auth/bootstrap".equals(e.path()) && e.allowed()).findFirst().orElseThrow();
        model.select(bootstrap);
        assertThat(model.explanation().get()).containsPattern("Why: proof of work of \\d+ puzzles of \\d+ bits, bootstrapped \\d+ ms after the page")
                .doesNotContain("{").doesNotContain("sincePageMillis");
    }

    @Test
    void aFingerprintEventSaysWhatChangedInWordsNotItsJson() {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        model.type().set("fingerprint_mismatch");
        model.load();
        model.select(model.events().get(0));
        assertThat(model.explanation().get()).contains("Why: the fingerprint changed: User-Agent from okhttp")
                .contains("to Mozilla/5.0 (Macintosh) Safari/605.1.15 (reauth)").doesNotContain("{").doesNotContain("\"changes\"");
    }

    @Test
    void aSelectedAdminEventSaysWhatChangedAndWhoChangedIt() {
        String token = admin.createOperator("alice", "operator").token();
        new AdminClient(server.context().adminUrl(), token).addToBlacklist("ip", "203.0.113.7", "scanner", null);
        model.type().set("admin");
        model.load();
        model.search().set("alice");
        assertThat(model.events()).as("the search finds the actor").extracting(e -> e.code())
                .contains("blacklist_added", "operator_created");
        model.select(model.events().stream().filter(e -> e.code().equals("blacklist_added")).findFirst().orElseThrow());
        assertThat(model.explanation().get()).startsWith("Admin event: blacklist_added").contains("203.0.113.7")
                .contains("By: alice").doesNotContain("Allowed");
        model.select(model.events().stream().filter(e -> e.code().equals("operator_created")).findFirst().orElseThrow());
        assertThat(model.explanation().get()).contains("By: owner");
    }

    /*
     * Look 56, item 4: an alert's detail read "Allowed by the logins_per_user check", since alert events carry
     * allowed:true. An alert is no verdict on a call: it is told as an alert, its kind in words and what crossed what.
     */
    @Test
    void aSelectedAlertIsToldAsAnAlertNotAsAVerdict() throws Exception {
        admin.updateAlerts(java.util.Map.of("loginsPerUserPer10Minutes", 2));
        for (int i = 0; i < 3; i++) server.loginDemo();
        model.type().set("system");
        model.code().set("alert");
        // raised by the alert thread, a moment after the logins
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> {
            model.load();
            return !model.events().isEmpty();
        });
        model.select(model.events().get(0));
        assertThat(model.explanation().get()).isEqualTo("Alert: one user's logins (logins_per_user)\n"
                + "What: 3 logins of demo within 10 minutes from 1 address, over the threshold of 2");
    }

    /*
     * Review 57 (console), item 4: the server's own events (its start, its stop, a dropped batch) carry allowed:true and
     * check "server", and read "Allowed by the server check". They are told as what they are: the server's, and what.
     */
    @Test
    void aSelectedServerEventIsToldAsTheServersNotAsAVerdict() {
        model.type().set("system");
        model.code().set("engine_started");
        model.load();
        assertThat(model.events()).isNotEmpty();
        model.select(model.events().get(0));
        assertThat(model.explanation().get()).matches("Server event: engine_started\\nWhat: \\d+ sessions restored, \\d+ users")
                .doesNotContain("Allowed").doesNotContain("check");
    }

    @Test
    void aScenarioStepsOwnEventIsSelectedAndEarlierRunsStayOut() throws Exception {
        server.anonymous("/api/notes"); // the same step in an earlier run
        EventFilter denials = new EventFilter(null, null, "decision", "missing_credentials", null, null, 0, 10);
        var earlier = admin.events(denials).items().get(0); // the admin API answers once queued events are written
        long at = earlier.at() + 1;
        while (System.currentTimeMillis() < at) Thread.onSpinWait(); // this run's step is sent after it
        server.anonymous("/api/notes"); // this run's step
        String ip = earlier.ip();
        model.show("missing_credentials", ip, at);
        assertThat(model.events()).singleElement().satisfies(e -> assertThat(e.at()).isGreaterThanOrEqualTo(at));
        assertThat(model.focus().get()).isSameAs(model.events().get(0));
        assertThat(model.message().get()).startsWith("The step's event is selected");
        model.load(); // the operator's own filters again: no time window
        assertThat(model.events()).hasSize(2);
        model.show("missing_credentials", ip, System.currentTimeMillis() + 60_000);
        assertThat(model.events()).isEmpty();
        assertThat(model.focus().get()).isNull();
        assertThat(model.message().get()).isEqualTo(LOOKING);
    }

    private static final String LOOKING = "Looking for the step's event (the server writes events in the background)…";

    /** A model whose asks for pages of events are counted: how often the view asked the server by itself. */
    private EventsViewModel counting(java.util.concurrent.atomic.AtomicInteger pagesAsked) {
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            if (chain.request().url().encodedPath().endsWith("/admin/events")) pagesAsked.incrementAndGet();
            return chain.proceed(chain.request());
        }).build();
        return new EventsViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken(), http),
                Background.direct());
    }

    /*
     * Session 59: the server writes events in the background, so on a loaded machine a step's page came back empty,
     * and the view said "No event of this step yet … Filter again." and never looked again (ConsoleWindowTest timed out
     * on it once). It looks again by itself, a second after each empty page, at the window's poll. Here the step's
     * page is asked before its event exists at all: the same empty page a slow writer gives.
     */
    @Test
    void aStepsEventWrittenAfterItsPageCameBackEmptyIsLookedForAgainAndSelected() {
        long at = System.currentTimeMillis();
        model.show("missing_credentials", "127.0.0.1", at);
        long answered = System.currentTimeMillis();
        assertThat(model.events()).isEmpty();
        assertThat(model.message().get()).isEqualTo(LOOKING);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401); // the step's event, written late
        model.tick(answered + 500);
        assertThat(model.events()).as("not asked again within a second").isEmpty();
        // asked again a second on; the server waits at most a second for its writer, so on a loaded machine the look
        // may take another ask or two: what the look is for
        for (long t = answered + 1_000; model.focus().get() == null && t <= answered + 9_000; t += 1_000) model.tick(t);
        assertThat(model.focus().get()).as("found by the view itself").isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo("missing_credentials"))
                .satisfies(e -> assertThat(e.at()).isGreaterThanOrEqualTo(at));
        assertThat(model.message().get()).isEqualTo("The step's event is selected; later events of the same kind from its address follow it.");
    }

    /* ... a bounded number of times: about ten seconds, then "Filter again", and nothing asked after. */
    @Test
    void aStepsEventNeverWrittenIsLookedForAboutTenSecondsThenFilterAgainIsSaid() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        EventsViewModel m = counting(asked);
        m.show("missing_credentials", "127.0.0.1", System.currentTimeMillis() + 60_000); // no such event, ever
        long answered = System.currentTimeMillis();
        for (int s = 1; s < 10; s++) {
            m.tick(answered + s * 1_000L);
            assertThat(m.message().get()).as("still looking after %d s", s).isEqualTo(LOOKING);
        }
        assertThat(asked.get()).as("asked again while looking").isGreaterThan(1);
        m.tick(answered + 10_000);
        assertThat(m.message().get()).isEqualTo("No event of this step yet (the server writes events in the background): Filter again.");
        int looks = asked.get();
        assertThat(looks).as("about once a second").isLessThanOrEqualTo(10);
        m.tick(answered + 11_000);
        m.tick(answered + 60_000);
        assertThat(asked.get()).as("the tries are spent").isEqualTo(looks);
    }

    /* ... and not once the operator has asked for another list: the look's answer would replace theirs. */
    @Test
    void aStepsLookEndsWhenTheOperatorFiltersAgain() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        EventsViewModel m = counting(asked);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        m.show("missing_credentials", "127.0.0.1", System.currentTimeMillis() + 60_000);
        long answered = System.currentTimeMillis();
        assertThat(m.message().get()).isEqualTo(LOOKING);
        m.code().set("");
        m.load(); // Filter: every event
        int loaded = asked.get();
        m.tick(answered + 1_000);
        m.tick(answered + 2_000);
        assertThat(asked.get()).as("no look after Filter").isEqualTo(loaded);
        assertThat(m.events()).as("the operator's list stays").isNotEmpty();
        assertThat(m.message().get()).isNotEqualTo(LOOKING);
    }

    /* ... and a live event of the step's filters is the step's event: selected at once, and the look ends. */
    @Test
    void aLiveEventOfTheStepsFiltersIsSelectedAsItsEvent() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        EventsViewModel m = counting(asked);
        long at = System.currentTimeMillis();
        m.show("missing_credentials", "127.0.0.1", at);
        long answered = System.currentTimeMillis();
        assertThat(m.events()).isEmpty();
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        var live = admin.events(EventFilter.latest(1)).items();
        assertThat(live).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
        int before = asked.get();
        m.onEvents(live);
        assertThat(m.focus().get()).as("the step's event, come live").isEqualTo(live.get(0));
        assertThat(m.message().get()).startsWith("The step's event is selected");
        m.tick(answered + 5_000);
        assertThat(asked.get()).as("found: not looked for again").isEqualTo(before);
    }

    @Test
    void anAllowedScenarioStepShowsItsLoginEventOrSaysWhyAnAllowedCallHasNone() throws Exception {
        long at = System.currentTimeMillis();
        TestServer.Login demo = server.loginDemo(); // a scenario step answered 2xx: its code is "ok"
        model.show("ok", "127.0.0.1", at);
        assertThat(model.focus().get()).as("the login's own event, stored as allowed").isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo("allowed"));
        assertThat(model.message().get()).startsWith("The step's event is selected");
        long later = System.currentTimeMillis() + 1; // after the login's event, whatever the clock's grain
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.show("ok", "127.0.0.1", later);
        assertThat(model.events()).isEmpty();
        assertThat(model.message().get()).as("filtering again would never find it: allowed calls are not stored by default")
                .startsWith("No event of this step: an allowed call is stored as one only as Configuration › TTLs › Allowed calls leave says")
                .doesNotContain("Filter again");
    }

    @Test
    void liveEventsMatchingTheFiltersGoOnTop() {
        model.type().set("decision");
        model.load();
        int before = model.events().size();
        server.anonymous("/api/notes");
        var latest = admin.events(EventFilter.latest(5)).items();
        java.util.List<dev.palisade.console.client.Dtos.EventView> oldestFirst = new java.util.ArrayList<>(latest);
        java.util.Collections.reverse(oldestFirst);
        model.onEvents(oldestFirst);
        assertThat(model.events()).hasSize(before + 1);
        assertThat(model.events().get(0).code()).isEqualTo("missing_credentials");
        model.onEvents(oldestFirst);
        assertThat(model.events()).as("the same events twice are not doubled").hasSize(before + 1);
    }

    /* Found by the console's helper (ux47): live events were matched by text, so ::1 missed 0:0:0:0:0:0:0:1. */
    @Test
    void aLiveEventOfTheFilteredAddressGoesOnTopInAnySpelling() {
        model.ip().set("::1");
        model.load();
        long now = System.currentTimeMillis();
        var mine = new dev.palisade.console.client.Dtos.EventView(999_998, now, "decision", "rate_limited", "rate",
                false, 429, "", "", "0:0:0:0:0:0:0:1", "GET", "/api/notes", 1, "", "");
        var another = new dev.palisade.console.client.Dtos.EventView(999_999, now, "decision", "rate_limited", "rate",
                false, 429, "", "", "0:0:0:0:0:0:0:2", "GET", "/api/notes", 1, "", "");
        model.onEvents(java.util.List.of(mine, another));
        assertThat(model.events()).extracting(e -> e.id()).contains(999_998L).doesNotContain(999_999L);
    }

    @Test
    void filtersTypedButNotAppliedChangeNothingShownLiveOrOlder() {
        admin.updateConfig(java.util.Map.of("autoBlockDenials", 0L));
        for (int i = 0; i < 250; i++) server.anonymous("/api/notes");
        model.code().set("missing_credentials");
        model.load();
        assertThat(model.events()).hasSize(EventsViewModel.PAGE);
        // the operator starts typing another code, and has not pressed Filter
        model.code().set("rate_");
        server.anonymous("/api/notes");
        var latest = admin.events(EventFilter.latest(1)).items();
        model.onEvents(latest);
        assertThat(model.events()).as("a live event of the list's own filter still goes on top").hasSize(EventsViewModel.PAGE + 1);
        model.code().set("");
        model.loadOlder();
        assertThat(model.events()).as("older pages of the list's filter, not of every code").allMatch(e -> e.code().equals("missing_credentials"));
    }

    @Test
    void asTimePassesEventsOlderThanTheRangeLeaveTheList() {
        server.anonymous("/api/notes");
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_15_MINUTES);
        assertThat(model.events()).isNotEmpty();
        long now = System.currentTimeMillis();
        model.tick(now);
        assertThat(model.events()).isNotEmpty();
        model.tick(now + 16 * 60_000);
        assertThat(model.events()).as("none of them is of the last 15 minutes any more").isEmpty();
    }

    @Test
    void oneMissedLiveEventIsCountedInTheSingular() {
        model.missed(1);
        assertThat(model.message().get()).startsWith("1 live event did not reach this console (the server dropped it while");
        model.missed(3);
        assertThat(model.message().get()).startsWith("3 live events did not reach this console (the server dropped them while");
    }

    @Test
    void olderPagesAppend() {
        admin.updateConfig(java.util.Map.of("autoBlockDenials", 0L)); // 250 denials from one address are the point here
        for (int i = 0; i < 250; i++) server.anonymous("/api/notes");
        model.code().set("missing_credentials");
        model.load();
        assertThat(model.events()).hasSize(EventsViewModel.PAGE);
        assertThat(model.olderAvailable().get()).as("a full page: there may be older ones").isTrue();
        model.loadOlder();
        assertThat(model.events()).hasSize(250);
        assertThat(model.olderAvailable().get()).as("a short page: nothing older matched").isFalse();
        model.loadOlder();
        assertThat(model.message().get()).isEqualTo("no older events");
    }

    /** By offset, a page's worth of new events between two loads made "Load older" bring only events already shown. */
    @Test
    void olderEventsAreReachedWhileNewOnesKeepComing() {
        admin.updateConfig(java.util.Map.of("autoBlockDenials", 0L));
        for (int i = 0; i < 250; i++) server.anonymous("/api/notes");
        model.code().set("missing_credentials");
        model.load();
        assertThat(model.events()).hasSize(EventsViewModel.PAGE);
        for (int i = 0; i < EventsViewModel.PAGE; i++) server.anonymous("/api/notes"); // an attack goes on meanwhile
        model.loadOlder();
        assertThat(model.events()).as("the 50 older ones, none twice").hasSize(250)
                .extracting(e -> e.id()).doesNotHaveDuplicates().isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void loadOlderIsOfferedOnlyWhileTheLastPageCameBackFull() {
        admin.updateConfig(java.util.Map.of("autoBlockDenials", 0L));
        for (int i = 0; i < EventsViewModel.PAGE; i++) server.anonymous("/api/notes");
        model.code().set("no_such_code");
        model.load();
        assertThat(model.events()).isEmpty();
        assertThat(model.olderAvailable().get()).as("nothing matched, nothing older").isFalse();
        model.code().set("missing_credentials");
        model.load();
        assertThat(model.events()).hasSize(EventsViewModel.PAGE);
        assertThat(model.olderAvailable().get()).as("a fresh query that fills a page").isTrue();
        model.loadOlder();
        assertThat(model.olderAvailable().get()).as("exactly a page matched: the next one is empty").isFalse();
        model.type().set("admin");
        model.code().set("");
        model.load();
        assertThat(model.events()).hasSizeLessThan(EventsViewModel.PAGE);
        assertThat(model.olderAvailable().get()).isFalse();
    }

    @Test
    void exportWritesEveryEventTheFiltersMatchNotOnlyTheLoadedPageAsCsvOrJson() throws Exception {
        server.admin().updateConfig(java.util.Map.of("autoBlockDenials", 0)); // 250 refusals from one address
        for (int i = 0; i < EventsViewModel.PAGE + 50; i++) server.anonymous("/api/notes");
        server.loginDemo();
        model.code().set("missing_credentials");
        model.load();
        assertThat(model.events()).as("one page loaded").hasSize(EventsViewModel.PAGE);
        Path csv = dir.resolve("events.csv");
        model.export(csv);
        assertThat(model.exporting().get()).isFalse();
        assertThat(model.message().get()).isEqualTo("Exported " + (EventsViewModel.PAGE + 50) + " events to " + csv + ".");
        assertThat(model.exportProgress()).isEqualTo(1.0);
        java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(EventsViewModel.PAGE + 51);
        assertThat(lines.get(0)).startsWith("id,at,time,type,code");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(",missing_credentials,"));

        Path json = dir.resolve("events.json");
        model.export(json);
        var array = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(array).hasSize(EventsViewModel.PAGE + 50);
        assertThat(java.nio.file.Files.exists(dir.resolve("events.json.part"))).as("no part file left").isFalse();
    }

    /* An export of a million events could not be stopped, short of closing the window. */
    @Test
    void aCancelledExportStopsAndLeavesNoFile() {
        server.anonymous("/api/notes");
        java.util.List<Runnable> later = new java.util.ArrayList<>();
        Background deferred = new Background() {
            @Override
            public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                                java.util.function.Consumer<Throwable> onFailure) {
                later.add(() -> Background.direct().run(work, onSuccess, onFailure)); // runs once the test says so
            }
        };
        EventsViewModel exporter = new EventsViewModel(admin, deferred);
        Path csv = dir.resolve("events.csv");
        exporter.export(csv);
        assertThat(exporter.exporting().get()).isTrue();
        exporter.cancelExport();
        later.forEach(Runnable::run);
        assertThat(exporter.exporting().get()).isFalse();
        assertThat(exporter.message().get()).isEqualTo("The export was cancelled; nothing was written.");
        assertThat(csv).doesNotExist();
        assertThat(dir.resolve("events.csv.part")).doesNotExist();

        exporter.export(csv);
        later.get(later.size() - 1).run(); // the next export is not cancelled by the last one's Cancel
        assertThat(csv).exists();
    }

    @Test
    void aFailedExportSaysSoAndLeavesNoFile() {
        server.anonymous("/api/notes");
        Path nowhere = dir.resolve("missing-folder").resolve("events.csv");
        model.export(nowhere);
        assertThat(model.message().get()).startsWith("The export failed, nothing was written");
        assertThat(java.nio.file.Files.exists(nowhere)).isFalse();
        assertThat(model.exporting().get()).isFalse();
    }

    @Test
    void showingTheEventsOfOneAddressClearsTheOtherFilters() {
        server.anonymous("/api/notes");
        server.loginDemo();
        model.code().set("nothing_like_this");
        model.session().set("some-session");
        model.showFor("ip", "127.0.0.1");
        assertThat(model.code().get()).isEmpty();
        assertThat(model.session().get()).isEmpty();
        assertThat(model.ip().get()).isEqualTo("127.0.0.1");
        assertThat(model.events()).isNotEmpty().allSatisfy(e -> assertThat(e.ip()).isEqualTo("127.0.0.1"));
        model.showFor("code", "missing_credentials");
        assertThat(model.ip().get()).isEmpty();
        assertThat(model.events()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
    }

    /*
     * Console audit 59: the Overview's "no_bootstrap by price" row opened every no_bootstrap event, most of them L0's.
     */
    @Test
    void theEventsOfOneCodeByOneCheckLeaveOutThatCodeByAnother() {
        server.anonymous("/api/notes");
        model.showFor("code", "missing_credentials", "price");
        assertThat(model.check().get()).isEqualTo("price");
        assertThat(model.events()).as("refused by the credentials check, not by price").isEmpty();
        var byPrice = new dev.palisade.console.client.Dtos.EventView(999_998, System.currentTimeMillis(), "decision",
                "missing_credentials", "price", false, 401, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        var byAnother = new dev.palisade.console.client.Dtos.EventView(999_999, System.currentTimeMillis(), "decision",
                "missing_credentials", "credentials", false, 401, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        model.onEvents(java.util.List.of(byPrice, byAnother));
        assertThat(model.events()).as("live, too").extracting(e -> e.id()).containsExactly(999_998L);
        model.showFor("code", "missing_credentials", "Credentials ");
        assertThat(model.events()).as("as typed, in any case").singleElement()
                .satisfies(e -> assertThat(e.check()).isEqualTo("credentials"));
        model.showFor("code", "missing_credentials");
        assertThat(model.check().get()).as("a drill by code alone clears the check").isEmpty();
    }

    /*
     * Session 61: the Overview's plain no_bootstrap row (beside its price row) opened the price refusals too; it
     * opens "!price" now, every check's events but price's, live ones as stored ones.
     */
    @Test
    void theEventsOfOneCodeByEveryCheckButOneLeaveThatCheckOut() {
        server.anonymous("/api/notes");
        model.showFor("code", "missing_credentials", "!price");
        assertThat(model.check().get()).isEqualTo("!price");
        assertThat(model.events()).as("stored: the credentials check's").singleElement()
                .satisfies(e -> assertThat(e.check()).isEqualTo("credentials"));
        long now = System.currentTimeMillis();
        var byPrice = new dev.palisade.console.client.Dtos.EventView(999_997, now, "decision",
                "missing_credentials", "price", false, 401, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        var byAnother = new dev.palisade.console.client.Dtos.EventView(999_998, now, "decision",
                "missing_credentials", "credentials", false, 401, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        var byNone = new dev.palisade.console.client.Dtos.EventView(999_999, now, "decision",
                "missing_credentials", "", false, 401, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        model.onEvents(java.util.List.of(byPrice, byAnother, byNone));
        assertThat(model.events()).as("live, by the same rule").extracting(e -> e.id()).contains(999_998L, 999_999L)
                .doesNotContain(999_997L);
        model.showFor("code", "missing_credentials", "!Credentials ");
        assertThat(model.events()).as("as typed, in any case").isEmpty();
    }

    /** Review 60, L3: the check field suggests every check docs/protocol.md lists, and only checks it names. */
    @Test
    void theChecksSuggestedAreThoseTheProtocolNames() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "protocol.md"));
        String tables = doc.substring(doc.indexOf("### `check` values"), doc.indexOf("## Demo API"));
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(tables);
        while (row.find()) if (!row.group(1).equals("check")) named.add(row.group(1)); // not the tables' heading
        assertThat(named).hasSizeGreaterThan(20);
        assertThat(EventsViewModel.CHECKS).containsAll(named).doesNotHaveDuplicates()
                .as("each named there (pipeline: an allowed call's)").allMatch(c -> tables.contains("`" + c + "`"));
    }

    @Test
    void aTimeRangeKeepsOlderEventsOutAndACustomRangeTakesNoLiveEvents() {
        server.anonymous("/api/notes");
        long now = System.currentTimeMillis();
        model.range().set(dev.palisade.console.ui.common.TimeRange.custom(now - 7_200_000, now - 3_600_000));
        assertThat(model.events()).as("nothing an hour ago").isEmpty();
        var live = new dev.palisade.console.client.Dtos.EventView(999_999, now, "decision", "rate_limited", "rate",
                false, 429, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        model.onEvents(java.util.List.of(live));
        assertThat(model.events()).as("a range that ended takes no live events").isEmpty();
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_15_MINUTES);
        assertThat(model.events()).anySatisfy(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
        model.onEvents(java.util.List.of(live));
        assertThat(model.events().get(0).id()).isEqualTo(999_999);
    }

    @Test
    void aChartPointsStepShowsTheEventsOfThatStretchOnly() {
        server.anonymous("/api/notes");
        long now = System.currentTimeMillis();
        model.code().set("nothing_like_this");
        model.showBetween(now - 60_000, now + 1_000);
        assertThat(model.code().get()).isEmpty();
        assertThat(model.range().get().isCustom()).isTrue();
        assertThat(model.events()).anySatisfy(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
        model.showBetween(now - 7_200_000, now - 3_600_000);
        assertThat(model.events()).isEmpty();
    }

    @Test
    void anOlderPageOfFiltersLeftMeanwhileIsNotAddedAndNoEventIsListedTwice() {
        HeldAnswers slow = new HeldAnswers();
        EventsViewModel busy = new EventsViewModel(admin, slow);
        server.anonymous("/api/notes");
        busy.type().set("decision");
        busy.load();
        slow.deliverInOrder();
        assertThat(busy.events()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("missing_credentials"));
        server.anonymous("/api/notes");
        server.anonymous("/api/notes"); // newer than the list: the server's offsets move on

        busy.loadOlder();
        slow.deliverInOrder();
        assertThat(busy.events()).as("the one shown is not added again").hasSize(1);

        busy.loadOlder();
        busy.type().set("admin"); // the operator filters again before the older page came
        busy.load();
        slow.deliverNewestFirst();
        assertThat(busy.events()).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo("admin"));
    }

    /*
     * Session 51: a page of events the server was too busy to report (503 report_busy, Retry-After: 5) was told as a
     * failure ("Failed: …"), and asked for again only when the operator pressed Filter; only the Overview waited it
     * out. It is a calm line now; the list shown stays, and the same page is asked for again at the window's poll
     * once the server's Retry-After has passed. The server is made busy for real (BusyReports).
     */
    @Test
    void aPageTheServerIsTooBusyToReportIsACalmLineTheListStaysAndItIsAskedForAgainAfterItsRetryAfter() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            assertThat(server.anonymous("/api/notes")).isEqualTo(401);
            model.type().set("decision");
            model.load();
            assertThat(model.events()).hasSize(1);
            assertThat(server.anonymous("/api/cart")).isEqualTo(401); // a refusal the list does not hold yet

            dev.palisade.console.BusyReports.ofStoredEvents(server, model::load);
            long busyAt = System.currentTimeMillis();
            assertThat(model.message().get()).as("busy is no failure").isEmpty();
            assertThat(model.busy().get()).isEqualTo("The server is busy with other reports: the events will be asked for again in 5 s.");
            assertThat(model.events()).as("what the list showed stays").hasSize(1);

            model.tick(busyAt + 1_000);
            assertThat(model.busy().get()).as("not asked again before its Retry-After").isNotEmpty();
            assertThat(model.events()).hasSize(1);
            model.tick(busyAt + 5_000);
            assertThat(model.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(model.message().get()).isEmpty();
            assertThat(model.events()).extracting(e -> e.path()).containsExactly("/api/cart", "/api/notes");
        });
    }

    /*
     * Session 52 (audit 51 M2): an export the server was too busy to begin (503 report_busy: it counts the events
     * first) said "The export failed, nothing was written: 8 reports…". It says when to try again.
     */
    @Test
    void anExportTheServerIsTooBusyToBeginSaysWhenToTryAgain() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            server.anonymous("/api/notes");
            model.load();
            Path csv = dir.resolve("events.csv");
            dev.palisade.console.BusyReports.ofStoredEvents(server, () -> model.export(csv));
            assertThat(model.exporting().get()).isFalse();
            assertThat(model.message().get()).isEqualTo("The server is busy with other reports: try the export again in 5 s."
                    + " Nothing was written.");
            assertThat(java.nio.file.Files.exists(csv)).isFalse();
        });
    }

    private static final String NEWEST_WAITS = "The server is busy with other reports: the events will be asked for again in 5 s.";

    /*
     * Review 51 L4: the newest page and Load older shared one wait. The newest page of a filter refused busy, then an
     * older page answered: the newest page's wait was dropped, never asked again, the list left as it was.
     */
    @Test
    void anOlderPageAnsweredLeavesTheNewestPagesWaitAsItWas() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            assertThat(server.anonymous("/api/notes")).isEqualTo(401);
            model.type().set("decision");
            model.load();
            assertThat(server.anonymous("/api/cart")).isEqualTo(401); // a refusal the list does not hold yet

            dev.palisade.console.BusyReports.ofStoredEvents(server, model::load);
            long busyAt = System.currentTimeMillis();
            model.loadOlder(); // answered: nothing older
            assertThat(model.busy().get()).as("the newest page still waits").isEqualTo(NEWEST_WAITS);

            model.tick(busyAt + 5_000);
            assertThat(model.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(model.events()).extracting(e -> e.path()).containsExactly("/api/cart", "/api/notes");
        });
    }

    /* Review 51 L4: ... and an older page refused busy too replaced the newest page's wait with its own. */
    @Test
    void anOlderPageRefusedBusyWaitsBesideTheNewestPageNotInItsPlace() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            assertThat(server.anonymous("/api/notes")).isEqualTo(401);
            model.type().set("decision");
            model.load();
            assertThat(server.anonymous("/api/cart")).isEqualTo(401);

            dev.palisade.console.BusyReports.ofStoredEvents(server, () -> {
                model.load();
                model.loadOlder();
            });
            long busyAt = System.currentTimeMillis();
            assertThat(model.busy().get()).as("both wait, each told").isEqualTo(NEWEST_WAITS
                    + "\nThe server is busy with other reports: the older events will be asked for again in 5 s.");

            model.tick(busyAt + 5_000);
            assertThat(model.busy().get()).isEmpty();
            assertThat(model.events()).as("the newest page asked again, and answered").extracting(e -> e.path())
                    .containsExactly("/api/cart", "/api/notes");
        });
    }
}
