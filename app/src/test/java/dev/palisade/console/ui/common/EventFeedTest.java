package dev.palisade.console.ui.common;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * Audit 51: a live event that came while a load was out (a reconnect's reload under an attack) was dropped when the
 * load's page replaced the list: the page holds what was written when it was asked, not what came after.
 */
class EventFeedTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        admin = server.admin();
    }

    @AfterEach
    void stop() { server.close(); }

    private static EventFilter refusals(Long to) {
        return new EventFilter(null, to, "decision", null, null, null, 0, EventFeed.MAX);
    }

    private EventView newestRefusal() {
        return admin.events(refusals(null)).items().get(0);
    }

    @Test
    void aLiveEventThatCameWhileALoadWasOutIsKeptInFrontOfItsPage() {
        HeldAnswers held = new HeldAnswers();
        EventFeed feed = new EventFeed(admin, held, refusals(null), e -> "decision".equals(e.type()), "the refusals");
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        feed.load(); // asked now; its answer still on its way
        assertThat(server.anonymous("/api/cart")).isEqualTo(401);
        feed.onEvents(List.of(newestRefusal())); // as the live stream brings it
        held.deliverInOrder();
        assertThat(feed.items()).extracting(EventView::path).containsExactly("/api/cart", "/api/notes");
    }

    @Test
    void aRangeWithAnEndTakesItsPageAlone() {
        HeldAnswers held = new HeldAnswers();
        assertThat(server.anonymous("/api/notes")).isEqualTo(401);
        long end = System.currentTimeMillis() + 1;
        EventFeed feed = new EventFeed(admin, held, refusals(end), e -> "decision".equals(e.type()), "the refusals");
        feed.load();
        assertThat(server.anonymous("/api/cart")).isEqualTo(401);
        feed.onEvents(List.of(newestRefusal()));
        held.deliverInOrder();
        assertThat(feed.items()).as("what came after the range's end is not of it").extracting(EventView::path)
                .containsExactly("/api/notes");
    }
}
