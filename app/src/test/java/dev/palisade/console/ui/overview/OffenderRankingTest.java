package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting and ranking happen on the worker, never on the caller (the FX thread), in the order the
 * batches were sent; a ranking reaches the lists only through the UI executor.
 */
class OffenderRankingTest {

    private final Queue<Runnable> worker = new ArrayDeque<>();
    private final Queue<Runnable> ui = new ArrayDeque<>();
    private final List<OffenderRanking.Tops> shown = new ArrayList<>();
    private final OffenderRanking ranking = new OffenderRanking(60_000, 2, worker::add, ui::add, shown::add);

    private static OffenderRanking.Refusal refusal(long at, String ip) {
        return new OffenderRanking.Refusal(at, "replayed", ip, "");
    }

    private static void runAll(Queue<Runnable> q) {
        for (Runnable r = q.poll(); r != null; r = q.poll()) r.run();
    }

    @Test
    void theCallerOnlyHandsOverTheBatchAndTheRankingComesBackThroughTheUi() {
        ranking.add(List.of(refusal(1_000, "10.0.0.1"), refusal(1_001, "10.0.0.2"), refusal(1_002, "10.0.0.2")), 1_002, false);
        assertThat(worker).hasSize(1);
        assertThat(ui).isEmpty();
        runAll(worker);
        assertThat(shown).as("not until the UI runs it").isEmpty();
        runAll(ui);
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).ips()).containsExactly(new Count("10.0.0.2", 2), new Count("10.0.0.1", 1));
        assertThat(shown.get(0).reasons()).containsExactly(new Count("replayed", 3));
        assertThat(shown.get(0).sessions()).isEmpty();
    }

    @Test
    void aClearSentBetweenTwoBatchesForgetsTheFirstOnly() {
        ranking.add(List.of(refusal(1_000, "10.0.0.1")), 1_000, false);
        ranking.clear();
        ranking.add(List.of(refusal(2_000, "10.0.0.3")), 2_000, false);
        runAll(worker);
        runAll(ui);
        assertThat(shown.get(shown.size() - 1).ips()).containsExactly(new Count("10.0.0.3", 1));
    }

    @Test
    void aFloodIsRankedAtMostOnceASecondButEveryRefusalIsCounted() {
        ranking.add(List.of(refusal(10_000, "10.0.0.1")), 10_000, true);
        ranking.add(List.of(refusal(10_400, "10.0.0.1")), 10_400, true);
        ranking.add(List.of(refusal(10_800, "10.0.0.2")), 10_800, true);
        runAll(worker);
        runAll(ui);
        assertThat(shown).as("ranked for the first batch only").hasSize(1);
        ranking.add(List.of(refusal(11_000, "10.0.0.2")), 11_000, true);
        runAll(worker);
        runAll(ui);
        assertThat(shown).hasSize(2);
        assertThat(shown.get(1).ips()).containsExactly(new Count("10.0.0.1", 2), new Count("10.0.0.2", 2));
        ranking.add(List.of(), 11_100, false);
        runAll(worker);
        runAll(ui);
        assertThat(shown).as("a small batch is ranked at once").hasSize(3);
    }

    @Test
    void aFloodRightAfterAClearIsRankedAtOnce() {
        ranking.add(List.of(refusal(10_000, "10.0.0.1")), 10_000, true);
        ranking.clear();
        ranking.add(List.of(refusal(10_500, "10.0.0.2")), 10_500, true); // a re-seed of 1 000 stored refusals is a flood
        runAll(worker);
        runAll(ui);
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).ips()).containsExactly(new Count("10.0.0.2", 1));
    }

    @Test
    void aRankingMadeBeforeAClearIsNotShownAfterIt() {
        ranking.add(List.of(refusal(1_000, "10.0.0.1")), 1_000, false);
        runAll(worker); // ranked, on its way to the UI
        ranking.clear();
        runAll(ui);
        assertThat(shown).isEmpty();
    }

    @Test
    void refusalsOlderThanTheWindowFallOut() {
        ranking.add(List.of(refusal(1_000, "10.0.0.1")), 1_000, false);
        ranking.add(List.of(refusal(62_000, "10.0.0.2")), 62_000, false);
        runAll(worker);
        runAll(ui);
        assertThat(shown.get(1).ips()).containsExactly(new Count("10.0.0.2", 1));
    }
}
