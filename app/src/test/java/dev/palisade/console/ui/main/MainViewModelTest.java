package dev.palisade.console.ui.main;

import dev.palisade.console.client.EventStream.State;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MainViewModelTest {

    private final MainViewModel model = new MainViewModel("test server");
    private final AtomicInteger restored = new AtomicInteger();

    @Test
    void theStatusBarCountsOneEventASecondInTheSingular() {
        assertThat(model.eventRate().get()).isEqualTo("0 events/s");
        model.delivered(1, 0, 1_000);
        model.delivered(0, 0, 2_000);
        assertThat(model.eventRate().get()).isEqualTo("1 event/s");
        model.delivered(2, 0, 2_500);
        model.delivered(0, 1, 3_000);
        assertThat(model.eventRate().get()).isEqualTo("2 events/s · 1 missed (reload a view to see them)");
    }

    @Test
    void theBannerSaysWhenTheNextAttemptIsAndGoesWhenTheStreamIsBack() {
        model.setOnRestored(restored::incrementAndGet);
        model.connectionChanged(State.CONNECTING, 0);
        model.connectionChanged(State.CONNECTED, 0);
        assertThat(model.banner().get()).isEmpty();
        assertThat(restored).as("a first connection is not a come-back").hasValue(0);
        long next = ZonedDateTime.of(2026, 11, 30, 18, 4, 12, 0, ZoneId.systemDefault()).toInstant().toEpochMilli();
        model.connectionChanged(State.RECONNECTING, next);
        assertThat(model.banner().get()).isEqualTo(
                "Connection to the server lost; next attempt at 18:04:12. Data shown may be stale.");
        model.connectionChanged(State.RECONNECTING, next + 4_000);
        assertThat(model.banner().get()).contains("next attempt at 18:04:16");
        model.connectionChanged(State.CONNECTED, 0);
        assertThat(model.banner().get()).isEmpty();
        assertThat(restored).as("views reload once, when the stream is back").hasValue(1);
    }
}
