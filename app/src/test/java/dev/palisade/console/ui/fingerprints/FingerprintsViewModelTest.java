package dev.palisade.console.ui.fingerprints;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.HeldAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private FingerprintsViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        model = new FingerprintsViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken()),
                Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void showsOldAndNewComponentsAndActsOnTheSession() {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        model.load();
        assertThat(model.mismatches()).hasSize(1);
        model.select(model.mismatches().get(0));
        assertThat(model.changes()).singleElement().satisfies(c -> {
            assertThat(c.component()).isEqualTo("userAgent");
            assertThat(c.from()).startsWith("okhttp");
            assertThat(c.to()).isEqualTo("Mozilla/5.0 (Macintosh) Safari/605.1.15");
            assertThat(c.action()).isEqualTo("reauth");
            assertThat(c.changed()).isTrue();
        });
        assertThat(model.sessionState().get()).isEqualTo("active");
        assertThat(model.heading().get()).isEqualTo("Old and new components · session active");
        assertThat(model.canAccept().get()).isTrue();
        assertThat(model.canRevoke().get()).isTrue();
        var row = model.mismatches().get(0);
        model.accept();
        assertThat(model.message().get()).contains("bound to its new fingerprint");
        assertThat(model.outcomeOf(row)).isEqualTo("re-auth required · accepted");
        assertThat(model.canAccept().get()).as("accepted once").isFalse();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(200);
        model.revokeSession();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        assertThat(model.sessionState().get()).isEqualTo("revoked");
        assertThat(model.canRevoke().get()).as("revoked once").isFalse();
        assertThat(model.outcomeOf(row)).isEqualTo("re-auth required · session revoked");
        model.blacklistAddress();
        assertThat(model.message().get()).isEqualTo("127.0.0.1 is blacklisted.");
    }

    /* Audit 51: any failed read of the session's state (the server away a moment) read "session gone". */
    @Test
    void aSessionStateThatCannotBeReadIsNotCalledGone() throws Exception {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        model.load();
        server = server.awayDuring(() -> model.select(model.mismatches().get(0)));
        assertThat(model.sessionState().get()).isEmpty();
        assertThat(model.heading().get()).isEqualTo("Old and new components");
        assertThat(model.message().get()).startsWith("Cannot read the session's state: ");
        model.select(model.mismatches().get(0));
        assertThat(model.sessionState().get()).as("read once the server answers").isEqualTo("active");
        assertThat(model.message().get()).isEmpty();
    }

    @Test
    void rowsPassedOverWhileASessionsStateIsOutAreNeverAskedFor() {
        String safari = "Mozilla/5.0 (Macintosh) Safari/605.1.15";
        assertThat(server.getAs(server.loginDemo(), "/api/notes", safari)).isEqualTo(401);
        assertThat(server.getAs(server.loginDemo(), "/api/notes", safari)).isEqualTo(401);
        model.load();
        assertThat(model.mismatches()).hasSize(2);

        HeldAnswers slow = new HeldAnswers();
        FingerprintsViewModel busy = new FingerprintsViewModel(
                new AdminClient(server.context().adminUrl(), server.context().adminToken()), slow);
        int before = slow.size();
        for (int i = 0; i < 30; i++) busy.select(model.mismatches().get(i % 2)); // an arrow key held over the rows
        assertThat(slow.size() - before).as("one state out; the rows passed over not asked for").isEqualTo(1);
        slow.deliverInOrder();
        assertThat(slow.size()).isZero();
        assertThat(busy.selected().get()).isSameAs(model.mismatches().get(1).latest());
        assertThat(busy.sessionState().get()).isEqualTo("active");
    }

    @Test
    void aRevokedSessionsMismatchCannotBeAccepted() {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        server.admin().revokeSession(demo.sessionId());
        model.load();
        model.select(model.mismatches().get(0));
        assertThat(model.sessionState().get()).isEqualTo("revoked");
        assertThat(model.canAccept().get()).isFalse();
        assertThat(model.canRevoke().get()).as("as the Sessions view, no Revoke for a revoked session").isFalse();
        assertThat(model.heading().get()).as("why both are disabled").isEqualTo("Old and new components · session revoked");
        model.accept(); // as a stale button would: the server refuses, and the console says so
        assertThat(model.message().get()).startsWith("Failed:").contains("revoked");
        assertThat(model.outcomeOf(model.mismatches().get(0))).isEqualTo("re-auth required");
    }

    @Test
    void oneRowPerSessionAndChangeWithHowOftenItWasSeenAndALiveRepeatCountsOnTheSameRow() {
        String safari = "Mozilla/5.0 (Macintosh) Safari/605.1.15";
        TestServer.Login demo = server.loginDemo();
        TestServer.Login other = server.loginDemo();
        for (int i = 0; i < 3; i++) assertThat(server.getAs(demo, "/api/notes", safari)).isEqualTo(401);
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0")).isEqualTo(401);
        assertThat(server.getAs(other, "/api/notes", safari)).isEqualTo(401);
        model.load();
        assertThat(model.mismatches()).extracting(m -> m.latest().sessionId(), Mismatch::count).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(demo.sessionId(), 3), org.assertj.core.groups.Tuple.tuple(demo.sessionId(), 1),
                org.assertj.core.groups.Tuple.tuple(other.sessionId(), 1));
        assertThat(model.mismatches().get(0).latest().sessionId()).as("newest first").isEqualTo(other.sessionId());

        assertThat(server.getAs(demo, "/api/notes", safari)).isEqualTo(401);
        var newest = server.admin().events(new dev.palisade.console.client.Dtos.EventFilter(null, null,
                "fingerprint_mismatch", null, demo.sessionId(), null, 0, 1)).items();
        model.onEvents(newest);
        assertThat(model.mismatches()).hasSize(3);
        assertThat(model.mismatches().get(0).latest().sessionId()).as("the repeated change is now the newest row")
                .isEqualTo(demo.sessionId());
        assertThat(model.mismatches().get(0).count()).isEqualTo(4);
    }

    @Test
    void anUnreadableDetailIsShownRatherThanHidden() {
        assertThat(FingerprintsViewModel.parse("not json")).singleElement()
                .satisfies(c -> assertThat(c.to()).isEqualTo("not json"));
    }

    @Test
    void anAutomatedBrowserAppearsWithTheAutomationComponentReadable() {
        TestServer.Login bot = server.loginAutomated(dev.palisade.console.BundledServer.DEMO_USER, server.bundled.demoPassword());
        var events = server.admin().events(new dev.palisade.console.client.Dtos.EventFilter(null, null,
                "fingerprint_mismatch", "automation_suspected", bot.sessionId(), null, 0, 10)).items();
        assertThat(events).hasSize(1);
        var flagged = events.get(0);
        assertThat(FingerprintsViewModel.outcome(flagged)).isEqualTo("automation suspected, alert only");
        model.select(flagged);
        assertThat(model.changes()).singleElement().satisfies(c -> {
            assertThat(c.component()).isEqualTo("automation");
            assertThat(c.from()).isEqualTo("no signals");
            assertThat(c.to()).isEqualTo("webdriver");
            assertThat(c.action()).isEqualTo("alert");
            assertThat(c.changed()).isTrue();
        });
    }
}
