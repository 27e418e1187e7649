package dev.palisade.console.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs scenarios one after another (never two browsers at once), reporting steps and outcomes as
 * they happen, and revokes the run's debug token at the end so none outlives the run.
 */
public final class ScenarioRunner {

    private final ScenarioContext context;

    public ScenarioRunner(ScenarioContext context) {
        this.context = context;
    }

    /**
     * @param onStep    each request as it is answered
     * @param onOutcome each scenario when it is done
     */
    public List<Outcome> run(List<Scenario> scenarios, BiConsumer<Scenario, Step> onStep, Consumer<Outcome> onOutcome) {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Scenario s : scenarios) {
                Outcome o;
                try {
                    o = s.run(context, step -> onStep.accept(s, step));
                } catch (Exception e) {
                    o = Outcome.error(s, String.valueOf(e.getMessage()), List.of());
                }
                outcomes.add(o);
                onOutcome.accept(o);
            }
        } finally {
            context.endRun();
        }
        return outcomes;
    }
}
