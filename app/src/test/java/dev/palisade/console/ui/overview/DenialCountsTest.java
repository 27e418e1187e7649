package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DenialCountsTest {

    @Test
    void theTopAreTheMostRefusedTiesByNameAndOldSecondsLeave() {
        DenialCounts counts = new DenialCounts(60_000);
        counts.add(1_000, "bad_signature", "10.0.0.2", "s1");
        counts.add(1_500, "stale", "10.0.0.1", "s1");
        counts.add(2_000, "missing_credentials", "10.0.0.1", "");
        counts.add(3_000, "stale", "10.0.0.3", "s2");
        assertThat(counts.topIps(2)).containsExactly(new Count("10.0.0.1", 2), new Count("10.0.0.2", 1));
        assertThat(counts.topSessions(8)).containsExactly(new Count("s1", 2), new Count("s2", 1));
        assertThat(counts.topReasons(8)).containsExactly(new Count("stale", 2), new Count("bad_signature", 1),
                new Count("missing_credentials", 1));
        counts.expire(62_500); // the window now starts at second 2
        assertThat(counts.topIps(8)).containsExactly(new Count("10.0.0.1", 1), new Count("10.0.0.3", 1));
        assertThat(counts.topSessions(8)).containsExactly(new Count("s2", 1));
        assertThat(counts.topReasons(8)).containsExactly(new Count("missing_credentials", 1), new Count("stale", 1));
        counts.expire(200_000);
        assertThat(counts.topIps(8)).isEmpty();
        assertThat(counts.topReasons(8)).isEmpty();
    }

    @Test
    void agreesWithCountingEverythingAgain() {
        Random random = new Random(7);
        DenialCounts counts = new DenialCounts(30_000);
        List<long[]> log = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long at = i * 5L;
            int ip = (int) Math.abs(random.nextGaussian() * 40);
            counts.add(at, "rate_limited", "10.0.0." + ip, "");
            log.add(new long[] {at, ip});
            if (i % 997 == 0) counts.expire(at); // addresses leave the window and come back while it slides
        }
        long newest = 19_999 * 5L;
        counts.expire(newest);
        Map<String, Long> truth = new HashMap<>();
        long horizon = Math.floorDiv(newest - 30_000, 1000) * 1000;
        for (long[] e : log) if (e[0] >= horizon) truth.merge("10.0.0." + e[1], 1L, Long::sum);
        List<Count> expected = truth.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key)).limit(8).toList();
        assertThat(counts.topIps(8)).isEqualTo(expected);
        assertThat(counts.topIps(1000)).as("every address still in the window, none left over at zero").hasSize(truth.size());
        assertThat(counts.topReasons(8)).containsExactly(new Count("rate_limited", truth.values().stream().mapToLong(n -> n).sum()));
    }

    @Test
    void aFloodFromOneClientTakesOnePlacePerKeyAndSecond() {
        DenialCounts counts = new DenialCounts(60_000);
        for (int i = 0; i < 10_000; i++) counts.add(5_000 + i % 1000, "replayed", "10.0.0.1", "s1");
        assertThat(counts.places()).as("reason, address and session of one second").isEqualTo(3);
        for (int i = 0; i < 10_000; i++) counts.add(6_000 + i % 1000, "replayed", "10.0.0.1", "s1");
        counts.add(5_500, "stale", "", ""); // a late event, filed under its own second
        counts.add(8_000, "", "", ""); // nothing to count, in a second of its own, trimmed to nothing when the next begins
        counts.add(9_000, "stale", "10.0.0.1", "");
        counts.add(8_500, "stale", "10.0.0.2", ""); // late: lands in that empty second
        assertThat(counts.places()).isEqualTo(3 + 3 + 1 + 2 + 2);
        assertThat(counts.topSessions(8)).containsExactly(new Count("s1", 20_000));
        assertThat(counts.topIps(8)).containsExactly(new Count("10.0.0.1", 20_001), new Count("10.0.0.2", 1));
        assertThat(counts.topReasons(8)).containsExactly(new Count("replayed", 20_000), new Count("stale", 3));
        counts.expire(66_500); // seconds 5 and before leave
        assertThat(counts.topSessions(8)).containsExactly(new Count("s1", 10_000));
        assertThat(counts.topReasons(8)).containsExactly(new Count("replayed", 10_000), new Count("stale", 2));
        counts.expire(70_000);
        assertThat(counts.places()).isZero();
        assertThat(counts.topIps(8)).isEmpty();
    }

    @Test
    void aKeyThatLeftTheWindowIsCountedAfreshWhenRefusedAgain() {
        DenialCounts counts = new DenialCounts(10_000);
        for (int i = 0; i < 3; i++) counts.add(1_000, "stale", "10.0.0.1", "s1");
        counts.expire(20_000);
        assertThat(counts.topSessions(8)).isEmpty();
        counts.add(20_000, "stale", "10.0.0.1", "s1");
        counts.add(20_500, "stale", "10.0.0.2", "s1");
        assertThat(counts.topSessions(8)).containsExactly(new Count("s1", 2));
        assertThat(counts.topIps(8)).containsExactly(new Count("10.0.0.1", 1), new Count("10.0.0.2", 1));
        counts.add(19_000, "late", "10.0.0.9", ""); // a second no longer kept: filed under the newest
        counts.expire(30_500); // the window starts at second 20
        assertThat(counts.topSessions(8)).containsExactly(new Count("s1", 2));
        assertThat(counts.topIps(8)).contains(new Count("10.0.0.9", 1));
        counts.expire(31_000);
        assertThat(counts.topIps(8)).isEmpty();
        assertThat(counts.topReasons(8)).isEmpty();
    }
}
