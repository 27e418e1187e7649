package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Configuration view's audit trail against a real server: who made each admin change, newest first. */
class AuditTrailSectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient owner;
    private ConfigurationViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        owner = server.admin();
        model = new ConfigurationViewModel(owner, Background.direct());
        model.load();
    }

    @AfterEach
    void stop() { server.close(); }

    private AdminClient operator(String name) {
        return new AdminClient(server.context().adminUrl(), owner.createOperator(name, "operator").token());
    }

    @Test
    void theTrailNamesWhoMadeEachChangeNewestFirst() {
        AdminClient olga = operator("olga");
        olga.addToBlacklist("ip", "203.0.113.7", "scanner", null);
        AuditTrailSection trail = model.auditTrail();
        trail.load();

        List<EventView> events = trail.events();
        assertThat(events.get(0).code()).isEqualTo("blacklist_added");
        assertThat(events.get(0).actor()).as("made with olga's token").isEqualTo("olga");
        assertThat(events.get(0).detail()).contains("203.0.113.7");
        assertThat(events).filteredOn(e -> e.code().equals("operator_created")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("owner");
            assertThat(e.detail()).contains("'olga'").contains("operator");
        });
        assertThat(events).extracting(EventView::type).containsOnly("admin");
        assertThat(events).extracting(EventView::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(trail.actors()).containsExactly(AuditTrailSection.EVERYONE, "olga", "owner");
        assertThat(trail.more().get()).isFalse();
    }

    @Test
    void theActorFilterShowsOnePersonsChanges() {
        AdminClient olga = operator("olga");
        olga.addToBlacklist("ip", "203.0.113.7", "scanner", null);
        olga.addToBlacklist("ip", "203.0.113.8", "scanner", null);
        AuditTrailSection trail = model.auditTrail();
        trail.load();
        int all = trail.events().size();

        trail.actor().set("olga");
        assertThat(trail.events()).hasSize(2).extracting(EventView::actor).containsOnly("olga");
        assertThat(trail.message().get()).isEqualTo("2 by olga of " + all + " admin events loaded.");
        trail.actor().set("owner");
        assertThat(trail.events()).isNotEmpty().extracting(EventView::actor).containsOnly("owner");
        trail.actor().set(AuditTrailSection.EVERYONE);
        assertThat(trail.events()).hasSize(all);
    }

    @Test
    void olderPagesFollowWithoutRepeatsAlsoWhenChangesArriveBetween() {
        for (int i = 0; i < 6; i++) owner.createUser("user" + i, "long-enough-password");
        AuditTrailSection trail = new AuditTrailSection(owner, Background.direct(), 3);
        trail.load();
        assertThat(trail.events()).hasSize(3);
        assertThat(trail.more().get()).isTrue();
        assertThat(trail.message().get()).contains("older ones on the server");

        owner.addToBlacklist("ip", "203.0.113.9", "between pages", null); // moves the server's offsets on by one
        while (trail.more().get()) trail.loadOlder();

        List<Long> stored = owner.events(new EventFilter(null, null, "admin", null, null, null, 0, 1_000)).items()
                .stream().map(EventView::id).toList();
        assertThat(trail.events()).extracting(EventView::id).as("every event before the first load, each once")
                .doesNotHaveDuplicates().containsExactlyElementsOf(stored.subList(1, stored.size()));
        assertThat(trail.message().get()).doesNotContain("older ones");

        trail.load();
        assertThat(trail.events().get(0).detail()).as("loading again starts from the newest").contains("203.0.113.9");
    }

    @Test
    void openingTheViewAgainShowsOperatorsAndChangesMadeElsewhere() {
        AdminClient olga = operator("olga");
        olga.createUser("walter", "long-enough-password");
        model.refreshLists();
        assertThat(model.operators().operators()).extracting(o -> o.name() + " " + o.role()).containsExactly("olga operator");
        assertThat(model.auditTrail().events().get(0).actor()).isEqualTo("olga");
        assertThat(model.auditTrail().events().get(0).code()).isEqualTo("user_created");
    }

    /*
     * Session 51: a page of the audit trail the server was too busy to report (503 report_busy) replaced the trail's
     * line with "Failed: …" and was not asked for again until the tab was shown again. It is a calm line now; the
     * trail stays, and the page is asked for again at the window's poll once the server's Retry-After has passed.
     */
    @Test
    void aTrailTheServerIsTooBusyToReportIsACalmLineAndIsAskedForAgainAfterItsRetryAfter() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            AuditTrailSection trail = model.auditTrail();
            trail.load();
            int before = trail.events().size();
            String line = trail.message().get();
            owner.addToBlacklist("ip", "203.0.113.8", "scanner", null); // a change the trail does not hold yet

            dev.palisade.console.BusyReports.ofStoredEvents(server, trail::load);
            long busyAt = System.currentTimeMillis();
            assertThat(trail.message().get()).as("busy is no failure").isEqualTo(line);
            assertThat(trail.busy().get()).isEqualTo("The server is busy with other reports: the audit trail will be asked for again in 5 s.");
            assertThat(trail.events()).as("what the trail showed stays").hasSize(before);

            model.tick(busyAt + 1_000);
            assertThat(trail.busy().get()).as("not asked again before its Retry-After").isNotEmpty();
            model.tick(busyAt + 5_000);
            assertThat(trail.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(trail.events().get(0).code()).isEqualTo("blacklist_added");
        });
    }

    private static final String NEWEST_WAITS = "The server is busy with other reports: the audit trail will be asked for again in 5 s.";

    /*
     * Review 51 L3: the busy line went off while its own retry was out (the retry called load(), which clears the line
     * first) and came back if the server was still busy: a blink. It stays until the page is answered or refused again.
     */
    @Test
    void theBusyLineStaysWhileItsOwnRetryIsOut() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            dev.palisade.console.ui.common.HeldAnswers held = new dev.palisade.console.ui.common.HeldAnswers();
            AuditTrailSection trail = new AuditTrailSection(owner, held, 3);
            dev.palisade.console.BusyReports.ofStoredEvents(server, trail::load);
            held.deliverInOrder();
            long busyAt = System.currentTimeMillis();
            assertThat(trail.busy().get()).isEqualTo(NEWEST_WAITS);

            trail.poll(busyAt + 5_000); // asked again; its answer is on its way
            assertThat(held.size()).as("asked again").isEqualTo(1);
            assertThat(trail.busy().get()).as("kept while the retry is out").isEqualTo(NEWEST_WAITS);
            held.deliverInOrder();
            assertThat(trail.busy().get()).as("answered").isEmpty();
            assertThat(trail.events()).isNotEmpty();
        });
    }

    /*
     * Review 51 L4: the newest page and "Load older" shared one wait. The newest page refused busy, then an older page
     * answered: the newest page's wait was dropped, and it was never asked for again.
     */
    @Test
    void anOlderPageAnsweredLeavesTheNewestPagesWaitAsItWas() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 6; i++) owner.createUser("user" + i, "long-enough-password");
            AuditTrailSection trail = new AuditTrailSection(owner, Background.direct(), 3);
            trail.load();
            owner.addToBlacklist("ip", "203.0.113.8", "scanner", null); // a change the trail does not hold yet

            dev.palisade.console.BusyReports.ofStoredEvents(server, trail::load);
            long busyAt = System.currentTimeMillis();
            trail.loadOlder(); // answered
            assertThat(trail.events()).hasSizeGreaterThan(3);
            assertThat(trail.busy().get()).as("the newest page still waits").isEqualTo(NEWEST_WAITS);

            trail.poll(busyAt + 5_000);
            assertThat(trail.busy().get()).as("asked again, and answered").isEmpty();
            assertThat(trail.events().get(0).code()).isEqualTo("blacklist_added");
        });
    }

    /* Review 51 L4: ... and an older page refused busy too replaced the newest page's wait with its own. */
    @Test
    void anOlderPageRefusedBusyWaitsBesideTheNewestPageNotInItsPlace() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 6; i++) owner.createUser("user" + i, "long-enough-password");
            AuditTrailSection trail = new AuditTrailSection(owner, Background.direct(), 3);
            trail.load();
            owner.addToBlacklist("ip", "203.0.113.8", "scanner", null);

            dev.palisade.console.BusyReports.ofStoredEvents(server, () -> {
                trail.load();
                trail.loadOlder();
            });
            long busyAt = System.currentTimeMillis();
            assertThat(trail.busy().get()).as("both wait, each told").isEqualTo(NEWEST_WAITS
                    + "\nThe server is busy with other reports: the older admin events will be asked for again in 5 s.");

            trail.poll(busyAt + 5_000);
            assertThat(trail.busy().get()).isEmpty();
            assertThat(trail.events().get(0).code()).as("the newest page asked again, and answered").isEqualTo("blacklist_added");
            assertThat(trail.events()).as("the older page was of the list it replaced: Load older asks again").hasSize(3);
        });
    }
}
