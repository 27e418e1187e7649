package dev.palisade.console.ui.common;

import dev.palisade.console.client.Dtos.EventView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of events becomes one UI update per flush, and a bounded one. */
class LiveEventsTest {

    private static EventView event(long id) {
        return new EventView(id, id, "decision", "missing_credentials", "credentials", false, 401, "", "", "10.0.0.1",
                "GET", "/api/notes", 1, "", "");
    }

    @Test
    void aBurstArrivesAsOneBatchPerFlush() throws Exception {
        LiveEvents live = new LiveEvents();
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sizes = new ArrayList<>();
        live.subscribe(batch -> {
            calls.incrementAndGet();
            sizes.add(batch.size());
        });
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= 10_000; i++) live.offer(event(i));
        });
        producer.start();
        producer.join();
        assertThat(live.flush()).isEqualTo(10_000);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(sizes).containsExactly(10_000);
        assertThat(live.flush()).as("nothing new, no update").isZero();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void whatTheWindowCannotTakeIsDroppedAndCounted() {
        LiveEvents live = new LiveEvents();
        for (int i = 1; i <= 60_000; i++) live.offer(event(i));
        assertThat(live.flush()).isEqualTo(50_000);
        assertThat(live.dropped()).isEqualTo(10_000);
    }
}
