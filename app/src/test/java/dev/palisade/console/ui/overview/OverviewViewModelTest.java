package dev.palisade.console.ui.overview;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Count;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Overview's model against a real server, without a window. */
class OverviewViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private OverviewViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        model = new OverviewViewModel(admin, Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void showsTrafficPerSecondDenialsByReasonAndHealth() {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        model.load();
        assertThat(model.allowedPerSecond()).hasSize(OverviewViewModel.POINTS).hasSize(180);
        assertThat(model.allowedPerSecond().get(OverviewViewModel.POINTS - 1).getXValue().longValue()).isZero();
        assertThat(model.allowedPerSecond().get(0).getXValue().longValue()).isEqualTo(-895);
        // each point is a mean per second over 5 s: the calls are the sum of y × 5
        long allowed = Math.round(model.allowedPerSecond().stream().mapToDouble(d -> d.getYValue().doubleValue() * 5).sum());
        long denied = Math.round(model.deniedPerSecond().stream().mapToDouble(d -> d.getYValue().doubleValue() * 5).sum());
        assertThat(allowed).isGreaterThanOrEqualTo(2); // bootstrap and login count as allowed too
        assertThat(denied).isEqualTo(2);
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 2));
        assertThat(model.health().get()).contains("1 active sessions").contains("0 dropped");
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 2));
        assertThat(model.error().get()).isEmpty();
    }

    @Test
    void liveDenialsMoveTheOffenderCountsAndOldOnesFallOut() {
        model.load();
        server.anonymous("/api/notes");
        var page = admin.events(EventFilter.latest(5)).items();
        java.util.List<dev.palisade.console.client.Dtos.EventView> oldestFirst = new java.util.ArrayList<>(page);
        java.util.Collections.reverse(oldestFirst);
        model.onEvents(oldestFirst);
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 1));
        var old = page.get(0);
        var later = new dev.palisade.console.client.Dtos.EventView(old.id() + 1000, old.at() + 16 * 60_000L, "decision",
                "allowed", "pipeline", true, 200, "", "", "10.0.0.9", "GET", "/api/notes", 1, "", "");
        model.onEvents(java.util.List.of(later));
        assertThat(model.offendingIps()).as("15 minutes later the old denial no longer counts").isEmpty();
    }

    @Test
    void aLoadCountsEveryRefusalOfTheQuarterHourNotTheNewestThousand() {
        admin.updateConfig(java.util.Map.of("autoBlockDenials", 0L));
        for (int i = 0; i < 1_200; i++) server.anonymous("/api/notes");
        model.load();
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 1_200));
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 1_200));
    }

    @Test
    void onAQuietServerOldDenialsFallOutOfTheListsAsTheServersClockMoves() {
        server.anonymous("/api/notes");
        model.load();
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 1));
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 1));
        // no event since (allowed calls are rollups, not events): only the 2-second polls of the stats come
        var stats = admin.stats(OverviewViewModel.SECONDS);
        int[] replaced = {0};
        model.offendingIps().addListener((javafx.collections.ListChangeListener<Count>) c -> replaced[0]++);
        model.apply(stats);
        model.apply(stats);
        assertThat(replaced[0]).as("a poll that changes nothing leaves the list (and the row right-clicked) alone").isZero();
        model.apply(new dev.palisade.console.client.Dtos.Stats(stats.now() + 16 * 60_000L, stats.startedAt(),
                stats.uptimeSeconds() + 16 * 60, stats.scope(), stats.sessions(), stats.events(), stats.totals(), stats.seconds(),
                stats.clustered()));
        assertThat(model.offendingIps()).as("16 minutes later, still listed under \"last 15 minutes\"").isEmpty();
        assertThat(model.deniedByReason()).isEmpty();
    }

    /*
     * Cluster audit 62, L4: while Redis did not answer, a cluster node's counts were its own and the only sign was
     * " in the cluster" gone from the health line: the chart's drop to one node's share read as a drop in traffic.
     */
    @Test
    void aClusterNodeCountingAloneSaysSoWhereTheCountsAreShown() {
        var stats = admin.stats(OverviewViewModel.SECONDS);
        model.apply(new dev.palisade.console.client.Dtos.Stats(stats.now(), stats.startedAt(), stats.uptimeSeconds(), "cluster",
                stats.sessions(), stats.events(), stats.totals(), stats.seconds(), true));
        assertThat(model.health().get()).contains("active sessions in the cluster").doesNotContain("this node");
        model.apply(new dev.palisade.console.client.Dtos.Stats(stats.now() + 2_000, stats.startedAt(), stats.uptimeSeconds() + 2,
                "node", stats.sessions(), stats.events(), stats.totals(), stats.seconds(), true));
        assertThat(model.health().get()).contains("this node's counts only: the cluster's Redis does not answer");
        model.apply(stats);
        assertThat(model.health().get()).as("a server alone").doesNotContain("this node").doesNotContain("cluster");
    }

    @Test
    void reasonsAndOffendersCountTheSameRefusalsAndALoadAfterAReconnectRebuildsThemFromTheServer() {
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        model.load();
        // a refusal seen live that the server no longer has (it restarted on other data, or the
        // console missed a stretch while the stream was away)
        long now = System.currentTimeMillis();
        model.onEvents(java.util.List.of(new dev.palisade.console.client.Dtos.EventView(999_999, now, "decision",
                "rate_limited", "rate", false, 429, "gone-session", "", "10.0.0.99", "GET", "/api/notes", 1, "", "")));
        assertThat(model.deniedByReason()).as("live refusals count in the reasons too")
                .containsExactly(new Count("missing_credentials", 2), new Count("rate_limited", 1));
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 2), new Count("10.0.0.99", 1));
        model.load(); // what the window does when the live connection comes back
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 2));
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 2));
        assertThat(model.offendingSessions()).isEmpty();
    }

    /** Console audit 59: past eight reasons, L1's and L5's refusals fell off the list without a word. */
    @Test
    void theDenialsTitleSaysHowManyInAllAndHowManyReasonsTheRowsLeaveOut() {
        model.load();
        assertThat(model.reasonsTitle().get()).isEqualTo("Denials by reason");
        long now = System.currentTimeMillis();
        List<dev.palisade.console.client.Dtos.EventView> refused = new java.util.ArrayList<>();
        String[] codes = {"missing_credentials", "replayed", "stale", "bad_signature", "invalid_token", "work_invalid",
                "challenge_failed", "rate_limited", "too_many_sessions", "sequence_violation"};
        for (int i = 0; i < codes.length; i++) {
            for (int n = 0; n <= i; n++) { // the last codes the most: the first ones fall off the list
                refused.add(new dev.palisade.console.client.Dtos.EventView(900_000 + refused.size(), now, "decision", codes[i],
                        "x", false, 401, "", "", "10.0.0." + i, "GET", "/api/notes", 0, "", ""));
            }
        }
        model.onEvents(refused);
        assertThat(model.deniedByReason()).hasSize(8);
        assertThat(model.reasonsTitle().get()).isEqualTo("Denials by reason: 55, 2 more reasons not listed");
        assertThat(OverviewViewModel.reasonsTitle(4, 1, 1)).isEqualTo("Denials by reason: 4");
        assertThat(OverviewViewModel.reasonsTitle(12, 9, 8)).endsWith(": 12, 1 more reason not listed");
    }

    /** Console audit 59: the work an address's record adds to its pages was shown nowhere. */
    @Test
    void anOffendersMenuTellsWhatItsPagesAskAndWhy() {
        for (int i = 0; i < 11; i++) assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        model.showPrice("127.0.0.1");
        assertThat(model.price().get()).isEqualTo("127.0.0.1: its client pages ask 17 bits × 4 puzzles, 8× the base price"
                + " (powBits, 14 bits): +2 for 11 refusals this minute (a flagged login counts three), +1 for 11 refusals in its"
                + " network this minute (a flagged login counts three).");
        model.showPrice("10.9.9.9");
        assertThat(model.price().get()).isEqualTo("10.9.9.9: its client pages ask 14 bits × 4 puzzles, the base price"
                + " (powBits, 14 bits).");
        var terms = java.util.List.of(new dev.palisade.console.client.Dtos.PriceTerm("denials", 30, 3),
                new dev.palisade.console.client.Dtos.PriceTerm("liveSessions", 0, 0));
        assertThat(OverviewViewModel.priceLine(new dev.palisade.console.client.Dtos.Price("10.0.0.1", 14, 4, 14, terms)))
                .as("its terms held by powMaxBits at the base").isEqualTo("10.0.0.1: its client pages ask 14 bits × 4 puzzles,"
                        + " the base price (powBits, 14 bits): +3 for 30 refusals this minute (a flagged login counts three),"
                        + " held to the settings' bounds.");
        assertThat(OverviewViewModel.priceLine(new dev.palisade.console.client.Dtos.Price("10.0.0.2", 10, 1, 14,
                java.util.List.of()))).as("a base under powMinBits").isEqualTo("10.0.0.2: its client pages ask 10 bits × 1"
                + " puzzle, less than the base price (powBits, 14 bits): held to the settings' bounds.");
        model.closePrice();
        assertThat(model.price().get()).isEmpty();
    }

    /** Console audit 59: the Overview told a price refusal, the defence against L4, as L0's (its code's first rung). */
    @Test
    void aPriceRefusalIsCountedInARowOfItsOwnWhoseRungIsL4() {
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        model.load();
        long now = System.currentTimeMillis();
        model.onEvents(java.util.List.of(new dev.palisade.console.client.Dtos.EventView(999_998, now, "auth", "no_bootstrap",
                "price", false, 401, "", "", "10.0.0.66", "POST", "/auth/bootstrap", 0, "", ""),
                new dev.palisade.console.client.Dtos.EventView(999_999, now, "auth", "no_bootstrap", "auth", false, 401, "", "",
                        "10.0.0.67", "POST", "/auth/login", 0, "", "")));
        assertThat(model.deniedByReason()).containsExactlyInAnyOrder(new Count("missing_credentials", 1),
                new Count("no_bootstrap by price", 1), new Count("no_bootstrap", 1));
        assertThat(model.deniedByReason()).extracting(model::reasonLineInRange)
                .anyMatch(line -> line.contains("no_bootstrap\u00a0by\u00a0price") && line.contains("L4\u00a0protocol_script"))
                .anyMatch(line -> line.endsWith("no_bootstrap  ·\u00a0L0\u00a0no_client"));
        // session 61: a click on the plain row opened the price row's events too
        assertThat(model.checkOfRow("no_bootstrap")).as("what is left beside the price row").isEqualTo("!price");
        assertThat(model.checkOfRow("no_bootstrap by price")).isEqualTo("price");
        assertThat(model.checkOfRow("missing_credentials")).as("no price row beside it: any check").isEmpty();
        // a longer range is the server's count by code alone: such a code names both rungs
        assertThat(OverviewViewModel.reasonLine(new Count("no_bootstrap", 5), false))
                .endsWith("no_bootstrap  ·\u00a0L0\u00a0no_client\u00a0or\u00a0L4\u00a0protocol_script\u00a0by\u00a0price");
        assertThat(OverviewViewModel.reasonLine(new Count("replayed", 2), false)).endsWith("replayed  ·\u00a0L1\u00a0replay");
    }

    /** Left from session 59: a longer range counted price refusals with the other checks' refusals of their code. */
    @Test
    void aLongerRangeCountsPriceRefusalsInARowOfTheirOwnWhenTheServerCountsThemApart() {
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_HOUR);
        long now = System.currentTimeMillis();
        var reasons = java.util.List.of(new dev.palisade.console.client.Dtos.CountView("no_bootstrap", 7),
                new dev.palisade.console.client.Dtos.CountView("reauth_required", 2),
                new dev.palisade.console.client.Dtos.CountView("replayed", 3));
        var byPrice = java.util.List.of(new dev.palisade.console.client.Dtos.CountView("no_bootstrap", 4),
                new dev.palisade.console.client.Dtos.CountView("reauth_required", 2));
        model.apply(new dev.palisade.console.client.Dtos.Timeline(now - 3_600_000, now, 60, java.util.List.of(), reasons,
                java.util.List.of(), java.util.List.of(), byPrice), now);
        assertThat(model.deniedByReason()).containsExactly(new Count("no_bootstrap by price", 4), new Count("no_bootstrap", 3),
                new Count("replayed", 3), new Count("reauth_required by price", 2));
        assertThat(model.deniedByReason()).extracting(model::reasonLineInRange)
                .as("each row its own rung").noneMatch(line -> line.contains("\u00a0or\u00a0"))
                .anyMatch(line -> line.endsWith("no_bootstrap  ·\u00a0L0\u00a0no_client"));
        assertThat(model.checkOfRow("no_bootstrap")).as("session 61: the remainder beside the price row").isEqualTo("!price");
        assertThat(model.checkOfRow("reauth_required by price")).isEqualTo("price");
        assertThat(model.checkOfRow("replayed")).isEmpty();

        model.apply(new dev.palisade.console.client.Dtos.Timeline(now - 3_600_000, now, 60, java.util.List.of(), reasons,
                java.util.List.of(), java.util.List.of(), null), now);
        assertThat(model.deniedByReason()).as("a server before priceReasons: by code alone").containsExactly(
                new Count("no_bootstrap", 7), new Count("replayed", 3), new Count("reauth_required", 2));
        assertThat(model.deniedByReason()).extracting(model::reasonLineInRange)
                .anyMatch(line -> line.endsWith("no_bootstrap  ·\u00a0L0\u00a0no_client\u00a0or\u00a0L4\u00a0protocol_script\u00a0by\u00a0price"));
        assertThat(model.checkOfRow("no_bootstrap")).as("no split: every no_bootstrap, as the row counts").isEmpty();
    }

    @Test
    void aRefusedLoginCountsAmongTheDenialsAsTheLongerRangesCountIt() {
        try {
            server.login("demo", "not-the-password");
        } catch (AssertionError refused) {
            // the login is refused: what the test is about
        }
        var refusal = admin.events(new EventFilter(null, null, "auth", null, null, null, 0, 50)).items().stream()
                .filter(e -> !e.allowed()).findFirst().orElseThrow();
        model.load();
        assertThat(model.deniedByReason()).as("the last 15 minutes count what the last hour (the server's timeline) counts")
                .containsExactly(new Count(refusal.code(), 1));
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 1));
        model.onEvents(java.util.List.of(new dev.palisade.console.client.Dtos.EventView(999_999, System.currentTimeMillis(),
                "auth", "challenge_failed", "auth", false, 403, "", "", "10.0.0.7", "POST", "/auth/bootstrap", 1, "", "", "")));
        assertThat(model.offendingIps()).as("live, too").contains(new Count("10.0.0.7", 1));
    }

    @Test
    void anOffendingSessionCanBeRevokedAndAnAddressBlacklistedFromTheLists() {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.revokeSession(demo.sessionId());
        assertThat(model.message().get()).isEqualTo("Session " + demo.sessionId() + " is revoked.");
        assertThat(server.get(demo, "/api/notes")).isEqualTo(401);
        model.blacklist("ip", "10.1.2.3");
        assertThat(model.message().get()).isEqualTo("Address 10.1.2.3 is blacklisted.");
        assertThat(admin.blacklistEntries()).anySatisfy(e -> assertThat(e.value()).isEqualTo("10.1.2.3"));
        model.revokeSession("no-such-session");
        assertThat(model.message().get()).startsWith("Failed:");
        // an action's result goes after a while: six minutes later it read like news of another session
        long now = System.currentTimeMillis();
        model.forgetOldResult(now);
        assertThat(model.message().get()).startsWith("Failed:");
        model.forgetOldResult(now + OverviewViewModel.TOLD_MILLIS);
        assertThat(model.message().get()).isEmpty();
    }

    @Test
    void aLongerRangeIsDrawnPerMinuteFromTheServersTimelineAndLiveEventsLeaveItAlone() {
        TestServer.Login demo = server.loginDemo();
        for (int i = 0; i < 3; i++) assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        model.load();
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_DAY);
        assertThat(model.plan().get().title()).isEqualTo("Calls per minute, last 24 hours");
        assertThat(model.plan().get().unit()).isEqualTo(dev.palisade.console.ui.common.TimeRange.TimeUnit.HOURS);
        assertThat(model.plan().get().lower()).isEqualTo(-86_400);
        assertThat(model.plan().get().tick() % 3_600).as("whole hours").isZero();
        // 96 points of 15 minutes, in calls per minute
        assertThat(model.allowedPerSecond()).hasSizeBetween(96, 97);
        long allowed = Math.round(model.allowedPerSecond().stream().mapToDouble(p -> p.getYValue().doubleValue() * 15).sum());
        long denied = Math.round(model.deniedPerSecond().stream().mapToDouble(p -> p.getYValue().doubleValue() * 15).sum());
        assertThat(allowed).isEqualTo(3);
        assertThat(denied).isEqualTo(2);
        assertThat(model.allowedPerSecond()).allSatisfy(p -> assertThat(p.getXValue().longValue()).isBetween(-86_400L, 0L));
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 2));
        assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 2));

        long now = System.currentTimeMillis();
        model.onEvents(java.util.List.of(new dev.palisade.console.client.Dtos.EventView(999_999, now, "decision",
                "rate_limited", "rate", false, 429, "s", "", "10.0.0.99", "GET", "/api/notes", 1, "", "")));
        assertThat(model.offendingIps()).as("the server counts a longer range").containsExactly(new Count("127.0.0.1", 2));
        // the health line stopped while a longer range was shown: its uptime and queue froze
        long before = model.refreshedAt().get();
        model.refresh();
        assertThat(model.refreshedAt().get()).as("the health read again").isGreaterThan(before);
        assertThat(model.health().get()).startsWith("up ");

        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_15_MINUTES);
        assertThat(model.plan().get()).isEqualTo(OverviewViewModel.LIVE);
        assertThat(model.allowedPerSecond()).hasSize(OverviewViewModel.POINTS);
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 2));
    }

    @Test
    void aRankingStillOnItsWayWhenALongerRangeIsChosenDoesNotReplaceTheServersCounts() {
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        java.util.Queue<Runnable> worker = new java.util.ArrayDeque<>();
        java.util.Queue<Runnable> ui = new java.util.ArrayDeque<>();
        Background direct = Background.direct();
        Background queued = new Background() {
            @Override
            public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                                java.util.function.Consumer<Throwable> onFailure) {
                direct.run(work, onSuccess, onFailure);
            }

            @Override
            public java.util.concurrent.Executor inOrder() { return worker::add; }

            @Override
            public java.util.concurrent.Executor ui() { return ui::add; }
        };
        OverviewViewModel m = new OverviewViewModel(admin, queued);
        m.load();
        assertThat(m.offendingIps()).as("counted and ranked on the worker, not yet").isEmpty();
        drain(worker);
        drain(ui);
        assertThat(m.offendingIps()).containsExactly(new Count("127.0.0.1", 1));

        m.onEvents(java.util.List.of(new dev.palisade.console.client.Dtos.EventView(999_999, System.currentTimeMillis(), "decision",
                "rate_limited", "rate", false, 429, "s", "", "10.0.0.99", "GET", "/api/notes", 1, "", "")));
        drain(worker); // the live refusal is ranked, and the ranking is on its way to the UI
        m.range().set(dev.palisade.console.ui.common.TimeRange.LAST_DAY);
        drain(ui);
        drain(worker);
        drain(ui);
        assertThat(m.offendingIps()).as("the day's counts, from the server").containsExactly(new Count("127.0.0.1", 1));
    }

    private static void drain(java.util.Queue<Runnable> tasks) {
        for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) r.run();
    }

    @Test
    void aChartPointStandsForItsStepOfTime() {
        long now = 10_000_000_000L;
        assertThat(model.window(-60, now)).as("live: a point per 5 s, at its step's end, and a step either side")
                .containsExactly(now - 70_000, now - 54_999);
        assertThat(model.window(0, now)).as("never past now").containsExactly(now - 10_000, now + 1);
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_DAY);
        assertThat(model.window(-3_600, now)).as("a day: 15-minute points").containsExactly(now - 5_400_000, now - 2_699_999);
    }

    @Test
    void anUnreachableServerIsAnErrorNotAFreeze() {
        OverviewViewModel lost = new OverviewViewModel(new AdminClient("http://127.0.0.1:1", "x"), Background.direct());
        lost.refresh();
        assertThat(lost.error().get()).startsWith("Cannot load the overview");
    }

    /*
     * Audit 51: the first read of the quarter hour's refusals failed (the server restarting as the console opened); its
     * error line went at the next poll's answer and the read was never made again, so the lists counted from then on.
     */
    @Test
    void aFailedReadOfTheQuarterHoursRefusalsIsToldUntilItIsReadAgain() throws Exception {
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        server = server.awayDuring(model::load);
        long failedAt = System.currentTimeMillis();
        model.refresh(failedAt); // the server is back: the poll's answer clears the error line
        assertThat(model.busy().get()).startsWith("The denials of the last 15 minutes could not be read (")
                .endsWith("the lists count from now on; asked again in 5 s.");
        assertThat(model.deniedByReason()).isEmpty();
        model.refresh(failedAt + OverviewViewModel.SEED_RETRY_MILLIS + 1);
        assertThat(model.busy().get()).as("read again, and answered").isEmpty();
        assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 1));
    }

    /*
     * Audit 51: a refusal that came live while the quarter hour's refusals were read (a reconnect's reload under an
     * attack) was counted, then cleared with the old counts when the read's answer replaced them.
     */
    @Test
    void aLiveRefusalThatCameWhileTheQuarterHourWasReadIsCountedAfterIt() {
        dev.palisade.console.ui.common.HeldAnswers held = new dev.palisade.console.ui.common.HeldAnswers();
        OverviewViewModel m = new OverviewViewModel(admin, held);
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        m.load(); // asked now; its answer still on its way
        assertThat(server.anonymous("/api/cart")).isEqualTo(401);
        m.onEvents(java.util.List.of(admin.events(EventFilter.latest(1)).items().get(0))); // as the live stream brings it
        held.deliverInOrder();
        assertThat(m.deniedByReason()).containsExactly(new Count("missing_credentials", 2));
        assertThat(m.offendingIps()).containsExactly(new Count("127.0.0.1", 2));
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(OverviewViewModel.human(java.time.Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(OverviewViewModel.human(java.time.Duration.ofSeconds(3_725))).isEqualTo("1 h 2 min");
        assertThat(OverviewViewModel.human(java.time.Duration.ofHours(49))).isEqualTo("2 d 1 h");
    }

    @Test
    void aSlowServerIsPolledAgainOnlyOnceItAnswered() {
        dev.palisade.console.ui.common.HeldAnswers slow = new dev.palisade.console.ui.common.HeldAnswers();
        OverviewViewModel busy = new OverviewViewModel(admin, slow);
        busy.refresh();
        busy.refresh();
        busy.refresh(); // three ticks of the timer while the first poll waits
        assertThat(slow.size()).as("one poll in flight").isEqualTo(1);
        slow.deliverInOrder();
        assertThat(busy.allowedPerSecond()).hasSize(OverviewViewModel.POINTS);
        busy.refresh();
        assertThat(slow.size()).as("answered: the next tick polls").isEqualTo(1);
    }

    /*
     * Session 50: a report the server is too busy to make (503 report_busy, Retry-After: 5) was a red error, and the
     * chart was asked for again only at its next 30-second refresh. The server is made busy for real (BusyReports: two
     * reports of the allowed calls under way, its limit), so the console's timeline waits its 2 s for a place and is
     * refused.
     */
    @Test
    void aRangeTheServerIsTooBusyToReportIsACalmLineAndIsAskedForAgainOnceItsRetryAfterHasPassed() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            assertThat(server.anonymous("/api/notes")).isEqualTo(401);
            dev.palisade.console.BusyReports.ofAllowedCalls(server,
                    () -> model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_HOUR));
            long busyAt = System.currentTimeMillis();
            assertThat(model.error().get()).as("busy is no error").isEmpty();
            assertThat(model.busy().get()).isEqualTo("The server is busy with other reports: the chart will be asked for again in 5 s.");
            assertThat(model.deniedByReason()).isEmpty();

            model.refresh(busyAt + 1_000);
            assertThat(model.busy().get()).as("not asked again before its Retry-After").isNotEmpty();
            model.refresh(busyAt + 5_000);
            assertThat(model.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(model.error().get()).isEmpty();
            assertThat(model.deniedByReason()).containsExactly(new Count("missing_credentials", 1));
            assertThat(model.offendingIps()).containsExactly(new Count("127.0.0.1", 1));
        });
    }
}
