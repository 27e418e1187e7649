package dev.palisade.console.ui.anomalies;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AnomaliesViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AnomaliesViewModel model;

    @BeforeEach
    void start() throws Exception {
        // the server's clock stands still at the start of this second: a burst is all in one second of it
        java.time.Clock still = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(java.time.Instant.now().getEpochSecond()),
                java.time.ZoneOffset.UTC);
        server = new TestServer(dir, c -> c.withClock(still));
        model = new AnomaliesViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken()),
                Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    /**
     * 25 calls against a window of 20 a second, all within one second of the server's clock: a window
     * is reported once per second it is exceeded in, so a burst across a second's end would be two.
     */
    private void burst(TestServer.Login demo) {
        for (int i = 0; i < 25; i++) server.get(demo, "/api/notes");
    }

    @Test
    void aBurstShowsWhoExceededWhichWindowAndCanBeBlacklisted() {
        TestServer.Login demo = server.loginDemo();
        burst(demo);
        model.load();
        assertThat(model.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.scope()).isEqualTo("session");
            assertThat(a.key()).isEqualTo(demo.sessionId());
            assertThat(a.limit()).isEqualTo(20);
            assertThat(a.windowSeconds()).isEqualTo(1);
            assertThat(a.observed()).isGreaterThan(20);
            assertThat(a.user()).isEqualTo("demo");
        });
        assertThat(model.perMinute()).as("a point per minute of the last hour").hasSize(60);
        assertThat(model.perMinute().get(59).getXValue().longValue()).as("the newest minute ends now").isZero();
        assertThat(model.perMinute().get(59).getYValue().longValue()).isEqualTo(1);
        assertThat(model.perMinute().get(0).getXValue().longValue()).isEqualTo(-3_540);
        model.blacklist(model.anomalies().get(0));
        assertThat(model.message().get()).isEqualTo("session " + demo.sessionId() + " is blacklisted.");
        assertThat(server.get(demo, "/api/cart")).isEqualTo(403);
    }

    @Test
    void asTimePassesAnAnomalyLeavesTheLastQuarterHourAndItsPointMovesBack() {
        TestServer.Login demo = server.loginDemo();
        burst(demo);
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_15_MINUTES);
        assertThat(model.anomalies()).hasSize(1);
        int[] changes = {0};
        model.anomalies().addListener((javafx.collections.ListChangeListener<Anomaly>) c -> changes[0]++);
        long now = System.currentTimeMillis();
        model.tick(now);
        assertThat(changes[0]).as("a tick that changes nothing keeps the table (and what is selected in it)").isZero();
        model.tick(now + 5 * 60_000);
        assertThat(model.anomalies()).hasSize(1);
        assertThat(model.perMinute().stream().filter(p -> p.getYValue().longValue() == 1).findFirst().orElseThrow()
                .getXValue().longValue()).as("five minutes back").isLessThanOrEqualTo(-300);
        model.tick(now + 16 * 60_000);
        assertThat(model.anomalies()).as("older than the last 15 minutes").isEmpty();
        assertThat(model.perMinute()).allSatisfy(p -> assertThat(p.getYValue().longValue()).isZero());
    }

    @Test
    void aRangeThatEndedBeforeTheBurstShowsNoneAndADayIsBucketedByQuarterHours() {
        TestServer.Login demo = server.loginDemo();
        burst(demo);
        long now = System.currentTimeMillis();
        model.range().set(dev.palisade.console.ui.common.TimeRange.custom(now - 7_200_000, now - 3_600_000));
        assertThat(model.anomalies()).isEmpty();
        assertThat(model.perMinute()).allSatisfy(p -> assertThat(p.getYValue().longValue()).isZero());
        model.range().set(dev.palisade.console.ui.common.TimeRange.LAST_DAY);
        assertThat(model.anomalies()).hasSize(1);
        assertThat(model.perMinute()).hasSize(96);
        assertThat(model.perMinute().stream().mapToLong(p -> p.getYValue().longValue()).sum()).isEqualTo(1);
        assertThat(model.perMinute().get(95).getYValue().longValue()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerForTheRangeLeftMeanwhileIsNotShown() {
        TestServer.Login demo = server.loginDemo();
        burst(demo);
        dev.palisade.console.ui.common.HeldAnswers slow = new dev.palisade.console.ui.common.HeldAnswers();
        AnomaliesViewModel busy = new AnomaliesViewModel(
                new AdminClient(server.context().adminUrl(), server.context().adminToken()), slow);
        busy.load(); // the last hour: the burst
        long now = System.currentTimeMillis();
        busy.range().set(dev.palisade.console.ui.common.TimeRange.custom(now - 7_200_000, now - 3_600_000)); // before it
        slow.deliverNewestFirst();
        assertThat(busy.anomalies()).as("the range chosen last has none").isEmpty();
    }

    /*
     * Session 51: the rate anomalies the server was too busy to report (503 report_busy) were a red "Cannot load
     * events" over the table, and were not asked for again until the range changed or the stream came back. They are a
     * calm line now (the Fingerprints view's list, the same feed, with them); the table stays, and they are asked
     * for again at the window's poll once the server's Retry-After has passed.
     */
    @Test
    void anomaliesTheServerIsTooBusyToReportAreACalmLineTheTableStaysAndTheyAreAskedForAgain() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            burst(server.loginDemo());
            model.load();
            assertThat(model.anomalies()).hasSize(1);
            burst(server.loginDemo()); // another session's burst, which the table does not hold yet

            dev.palisade.console.BusyReports.ofStoredEvents(server, model::load);
            long busyAt = System.currentTimeMillis();
            assertThat(model.error().get()).as("busy is no error").isEmpty();
            assertThat(model.busy().get()).isEqualTo("The server is busy with other reports: the rate anomalies will be asked for again in 5 s.");
            assertThat(model.anomalies()).as("what the table showed stays").hasSize(1);

            model.tick(busyAt + 1_000);
            assertThat(model.busy().get()).as("not asked again before its Retry-After").isNotEmpty();
            model.tick(busyAt + 5_000);
            assertThat(model.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(model.error().get()).isEmpty();
            assertThat(model.anomalies()).hasSizeGreaterThan(1);
        });
    }

    /*
     * Review 61, L3: an automated browser's session is held to a share of each session window; its anomaly's limit is the
     * share, and the Window column read "2 / 60 s", a window no one configured. It reads the window and the share.
     */
    @Test
    void aSlowedSessionsAnomalyShowsTheWindowAndTheShareItWasHeldTo() {
        var slowed = AnomaliesViewModel.parse(new dev.palisade.console.client.Dtos.EventView(1, 1_000, "rate_anomaly", "rate_limited",
                "rate", false, 429, "s1", "mallory", "127.0.0.1", "GET", "/api/notes", 0,
                "{\"scope\":\"session\",\"key\":\"s1\",\"limit\":2,\"windowSeconds\":60,\"observed\":3.0,"
                        + "\"windowLimit\":4,\"slowed\":\"automation\"}", "", "", ""));
        assertThat(slowed.window()).isEqualTo("4 / 60 s, slowed to 2");
        var whole = AnomaliesViewModel.parse(new dev.palisade.console.client.Dtos.EventView(2, 1_000, "rate_anomaly", "rate_limited",
                "rate", false, 429, "s2", "alice", "127.0.0.1", "GET", "/api/notes", 0,
                "{\"scope\":\"session\",\"key\":\"s2\",\"limit\":20,\"windowSeconds\":1,\"observed\":21.0,\"route\":\"/api\"}",
                "", "", ""));
        assertThat(whole.window()).as("a server before it, or a session at its whole window").isEqualTo("20 / 1 s on /api");
    }
}
