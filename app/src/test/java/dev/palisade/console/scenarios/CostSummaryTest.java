package dev.palisade.console.scenarios;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost lines: each rung next to the person, this run's or, in a run without it, its last run's. */
class CostSummaryTest {

    private static final Cost PERSON = new Cost(87.0, 2239.0, "in the browser");
    private static final Outcome SCRIPT = new Outcome(Scenarios.number(14), Outcome.Result.CAUGHT, "challenge_failed",
            "bootstrap", List.of(), "", new Cost(16.0, 40.0, "native"));

    /*
     * Console audit 59 (#8): after Run all the L4 line ended "| the person: work 87 ms, wall 2239 ms"; after #14 was run
     * alone it had no person, the yardstick the lines promise, though the table still showed the person's last cost.
     */
    @Test
    void aRungRunAloneIsHeldToThePersonsLastRunSaidToBeSo() {
        CostSummary.EarlierPerson earlier = new CostSummary.EarlierPerson(PERSON, LocalTime.of(17, 42, 31));
        assertThat(CostSummary.lines(List.of(SCRIPT), earlier)).singleElement().asString()
                .startsWith("L4 protocol_script: #14 caught by bootstrap, work 16 ms")
                .endsWith(" | the person (its last run, 17:42): work 87 ms, wall 2239 ms (in the browser)");
    }

    @Test
    void thisRunsPersonIsTheYardstickAndNoEarlierOneIsSaidToBeItsLastRun() {
        CostSummary.EarlierPerson earlier = new CostSummary.EarlierPerson(new Cost(50.0, 900.0, "earlier"), LocalTime.of(9, 5));
        Outcome person = new Outcome(Scenarios.number(12), Outcome.Result.PASSED, "ok", "", List.of(), "", PERSON);
        assertThat(CostSummary.lines(List.of(SCRIPT, person), earlier)).filteredOn(l -> l.startsWith("L4"))
                .singleElement().asString().endsWith(" | the person: work 87 ms, wall 2239 ms (in the browser)");
        // a person refused in this run is no yardstick, and the earlier one is no longer its last run
        Outcome refused = new Outcome(Scenarios.number(12), Outcome.Result.CAUGHT, "rate_limited", "rate", List.of(), "", PERSON);
        assertThat(CostSummary.lines(List.of(SCRIPT, refused), earlier)).noneMatch(l -> l.contains("the person"));
        // skipped (no browser here): it did not run, so its last run is still the earlier one
        Outcome skipped = Outcome.skipped(Scenarios.number(12), "no browser here");
        assertThat(CostSummary.lines(List.of(SCRIPT, skipped), earlier)).filteredOn(l -> l.startsWith("L4"))
                .singleElement().asString().endsWith(" | the person (its last run, 09:05): work 50 ms, wall 900 ms (earlier)");
        assertThat(CostSummary.lines(List.of(SCRIPT))).singleElement().asString().doesNotContain("the person");
    }
}
