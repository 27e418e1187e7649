package dev.palisade.console.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scenario from its description and a script of requests. An attack is caught when its last step
 * met one of the expected codes; the legitimate client passes when no step was denied.
 */
record Attack(int number, String name, String description, String defence, Set<String> expected, Script script)
        implements Scenario {

    /** The requests of a scenario; {@code steps} records each (and reports it live). */
    @FunctionalInterface
    interface Script {
        void run(ScenarioContext context, Steps steps) throws Exception;
    }

    /** Collects steps and reports each as it happens. */
    static final class Steps {
        private final List<Step> all = new ArrayList<>();
        private final Consumer<Step> progress;

        Steps(Consumer<Step> progress) {
            this.progress = progress;
        }

        ScenarioClient.Reply add(String description, String request, ScenarioClient.Reply reply) {
            Step step = reply.step(description, request);
            all.add(step);
            progress.accept(step);
            return reply;
        }

        List<Step> all() { return all; }
    }

    @Override
    public Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception {
        Steps steps = new Steps(progress);
        script.run(context, steps);
        List<Step> done = List.copyOf(steps.all());
        if (legitimate()) {
            Step denied = done.stream().filter(Step::denied).findFirst().orElse(null);
            return new Outcome(this, denied == null, denied == null ? "ok" : denied.code(), done,
                    denied == null ? done.size() + " calls, none denied" : "the legitimate client was denied: " + denied.code());
        }
        Step last = done.isEmpty() ? null : done.get(done.size() - 1);
        boolean caught = last != null && expected().contains(last.code());
        return new Outcome(this, caught, last == null ? "nothing" : last.code(), done,
                caught ? "caught by the " + last.check() + " check" : "NOT caught: the attack got " + (last == null ? "nothing" : last.code()));
    }
}
