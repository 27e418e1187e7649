package dev.palisade.engine.event;

import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficStatsTest {

    private static final long T0 = 1_800_000_000_000L;

    @Test
    void countsPerSecondAndReason() {
        TrafficStats stats = new TrafficStats();
        stats.record(T0, Reason.ALLOWED);
        stats.record(T0 + 999, Reason.ALLOWED);
        stats.record(T0 + 500, Reason.INVALID_TOKEN);
        stats.record(T0 + 1_000, Reason.MISSING_CREDENTIALS);
        List<TrafficStats.Second> window = stats.window(T0 + 1_000, 3);
        assertThat(window).extracting(TrafficStats.Second::epochSecond)
                .containsExactly(T0 / 1000 - 1, T0 / 1000, T0 / 1000 + 1);
        assertThat(window.get(1).allowed()).isEqualTo(2);
        assertThat(window.get(1).denied()).isEqualTo(Map.of("invalid_token", 1L));
        assertThat(window.get(2).denied()).isEqualTo(Map.of("missing_credentials", 1L));
        assertThat(window.get(0).allowed()).isZero();
    }

    @Test
    void aSlotIsReusedAfterTheWindowWithoutOldCounts() {
        TrafficStats stats = new TrafficStats();
        stats.record(T0, Reason.ALLOWED);
        long later = T0 + TrafficStats.SECONDS * 1000L;
        stats.record(later, Reason.INVALID_TOKEN);
        TrafficStats.Second s = stats.window(later, 1).get(0);
        assertThat(s.allowed()).isZero();
        assertThat(s.deniedTotal()).isEqualTo(1);
        assertThat(stats.window(later, TrafficStats.SECONDS).stream().mapToLong(TrafficStats.Second::allowed).sum())
                .isZero();
    }
}
