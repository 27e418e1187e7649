package dev.palisade.console.scenarios;

import dev.palisade.console.client.AdminClient;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario, run through a front a team puts before Palisade (a gateway, a balancer), and how each
 * must end: every attack caught, the automated browser flagged, the person clean. Browser scenarios
 * need Debian's Chromium: skipped where it is missing, a failure in CI (which installs it).
 */
final class EveryScenario {

    private EveryScenario() {}

    /** Runs them all at {@code url}, checks each ended as it must, and returns the outcomes for more checks. */
    static List<Outcome> runThrough(String url, AdminClient admin, Gateway front) throws Exception {
        ScenarioContext context = new ScenarioContext(url, admin);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Scenario s : Scenarios.all()) {
                if (s instanceof BrowserScenario && Chromium.missing() != null) {
                    if (System.getenv("CI") != null) throw new IllegalStateException("CI must have a browser: " + Chromium.missing());
                    continue;
                }
                outcomes.add(s.run(context, step -> { }));
            }
        } finally {
            context.endRun();
        }
        for (Outcome o : outcomes) {
            String why = o.scenario().number() + " " + o.scenario().name() + ": " + o.note() + " " + o.steps() + "\n" + front.log();
            assertThat(o.asExpected()).as(why).isTrue();
            if (o.scenario().legitimate()) {
                assertThat(o.result()).as(why).isEqualTo(Outcome.Result.PASSED);
                assertThat(o.steps()).as(why).allSatisfy(step -> assertThat(step.code()).isEqualTo("ok"));
            } else if (o.scenario().number() == 15) {
                assertThat(o.result()).as(why).isEqualTo(Outcome.Result.FLAGGED);
            } else {
                assertThat(o.result()).as(why).isEqualTo(Outcome.Result.CAUGHT);
            }
        }
        return outcomes;
    }
}
