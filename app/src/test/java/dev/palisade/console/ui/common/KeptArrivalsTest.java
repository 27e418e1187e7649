package dev.palisade.console.ui.common;

import dev.palisade.console.client.Dtos.EventView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Live events that came while a page was out, in front of its answer (the views' own tests use a real server). */
class KeptArrivalsTest {

    private static EventView event(long id) {
        return new EventView(id, id, "decision", "missing_credentials", "credentials", false, 401, "", "", "10.0.0.1",
                "GET", "/api/notes", 0, "", "", "", "");
    }

    private static List<Long> ids(List<EventView> events) {
        return events.stream().map(EventView::id).toList();
    }

    @Test
    void whatCameWhileThePageWasOutAndIsNewerThanItGoesInFrontNewestFirst() {
        KeptArrivals arrivals = new KeptArrivals(100);
        arrivals.pageAsked();
        arrivals.shown(List.of(event(11), event(10))); // a batch, newest first
        arrivals.shown(List.of(event(12)));
        assertThat(ids(arrivals.inFrontOf(List.of(event(10), event(9))))).as("10 is in the page already")
                .containsExactly(12L, 11L, 10L, 9L);
        assertThat(ids(arrivals.inFrontOf(List.of(event(9))))).as("nothing kept after an answer").containsExactly(9L);
    }

    @Test
    void nothingIsKeptWithoutAPageOutOrOnceForgottenAndAFloodKeepsTheNewest() {
        KeptArrivals arrivals = new KeptArrivals(2);
        arrivals.shown(List.of(event(5)));
        arrivals.pageAsked();
        arrivals.shown(List.of(event(8), event(7), event(6)));
        assertThat(ids(arrivals.inFrontOf(List.of()))).containsExactly(8L, 7L);

        arrivals.pageAsked();
        arrivals.shown(List.of(event(9)));
        arrivals.forget();
        assertThat(ids(arrivals.inFrontOf(List.of(event(1))))).containsExactly(1L);
    }
}
