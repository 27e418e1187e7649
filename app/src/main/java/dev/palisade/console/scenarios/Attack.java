package dev.palisade.console.scenarios;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scenario from its description and a script of requests. Its attempts (or, without any, its last
 * step) decide: caught when every one was refused, passed when one got through. Its controls, the same
 * call made as the real client makes it, must be served first: a refusal shows a defence only when the
 * untampered call passes (an app that refuses every call, a key or a clock wrong behind a gateway,
 * would otherwise read as every attack caught).
 */
record Attack(int number, String name, Level level, String description, String defence, Set<String> expected,
              String expectedCheck, Script script) implements Scenario {

    /** An attack its code alone tells. */
    Attack(int number, String name, Level level, String description, String defence, Set<String> expected, Script script) {
        this(number, name, level, description, defence, expected, "", script);
    }

    /** The requests of a scenario; {@code steps} records each (and reports it live). */
    @FunctionalInterface
    interface Script {
        void run(ScenarioContext context, Steps steps) throws Exception;
    }

    /** Collects steps and reports each as it happens. */
    static final class Steps {
        private final List<Step> all = new ArrayList<>();
        private final List<Step> attempts = new ArrayList<>();
        private final List<Step> controls = new ArrayList<>();
        /** Attempts refused for a reason of their own, not the scenario's (a probe of the rung below). */
        private final java.util.Map<Step, Set<String>> expectedOf = new java.util.IdentityHashMap<>();
        private final Consumer<Step> progress;
        private Cost cost = Cost.none("no session: refused before one");

        Steps(Consumer<Step> progress) {
            this.progress = progress;
        }

        /** A request on the way to the attack (e.g. the victim's own call). */
        ScenarioClient.Reply add(String description, String request, ScenarioClient.Reply reply) {
            Step step = reply.step(description, request);
            all.add(step);
            progress.accept(step);
            return reply;
        }

        /** The real client's own call, made as it makes it: it must be served, or the run shows nothing. */
        ScenarioClient.Reply control(String description, String request, ScenarioClient.Reply reply) {
            add(description, request, reply);
            controls.add(all.get(all.size() - 1));
            return reply;
        }

        /** A request that is the attack itself: every one must be refused. */
        ScenarioClient.Reply attempt(String description, String request, ScenarioClient.Reply reply) {
            add(description, request, reply);
            attempts.add(all.get(all.size() - 1));
            return reply;
        }

        /** An attempt that must be refused with {@code expected}, whatever the scenario's own code is. */
        ScenarioClient.Reply attempt(String description, String request, ScenarioClient.Reply reply, String expected) {
            attempt(description, request, reply);
            expectedOf.put(attempts.get(attempts.size() - 1), Set.of(expected));
            return reply;
        }

        /**
         * The session of a caller assumed to already hold one: it bootstraps with the run's debug token
         * (proof of work and page challenge skipped), and says so as a step of its own.
         */
        ScenarioClient.Session assumedSession(ScenarioContext ctx, ScenarioClient c, String user) throws IOException {
            ScenarioClient.Reply bootstrap = c.bootstrap(c.page(), ctx.debugToken());
            add("assumed to hold a session: bootstraps with debug token '" + ScenarioContext.DEBUG_TOKEN_NAME + "'",
                    "POST /auth/bootstrap", bootstrap);
            cost = Cost.DEBUG_TOKEN;
            return c.logIn(user, ctx.password(), bootstrap);
        }

        void cost(Cost measured) { cost = measured; }

        List<Step> all() { return all; }
    }

    @Override
    public Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception {
        Steps steps = new Steps(progress);
        script.run(context, steps);
        List<Step> done = List.copyOf(steps.all());
        List<Step> deciding = !steps.attempts.isEmpty() ? steps.attempts
                : done.isEmpty() ? List.of() : List.of(done.get(done.size() - 1));
        if (deciding.isEmpty()) return Outcome.error(this, "the script made no request", done);
        Step refusedControl = steps.controls.stream().filter(s -> s.status() < 200 || s.status() > 299).findFirst().orElse(null);
        if (refusedControl != null) {
            return Outcome.error(this, "the real client's own call ('" + refusedControl.description() + "') got "
                    + refusedControl.status() + " " + refusedControl.code() + ", so a refusal of the attack shows no"
                    + " defence (a wrong key or clock behind a gateway? an API that refuses everything?)", done);
        }
        Step through = deciding.stream().filter(s -> !s.denied()).findFirst().orElse(null);
        if (through != null) {
            return new Outcome(this, Outcome.Result.PASSED, through.code(), "", done,
                    "NOT caught: '" + through.description() + "' got " + through.status(), steps.cost);
        }
        Step unexpected = deciding.stream().filter(s -> steps.expectedOf.containsKey(s)
                ? !steps.expectedOf.get(s).contains(s.code()) : !meets(s.code(), s.check())).findFirst().orElse(null);
        if (unexpected != null && steps.expectedOf.containsKey(unexpected)) {
            // a probe of a defence of its own (the work) refused by a later check only: that defence let it through
            return new Outcome(this, Outcome.Result.PASSED, unexpected.code(), unexpected.check(), done, "NOT caught: '"
                    + unexpected.description() + "' got " + unexpected.code() + ", not "
                    + String.join(" or ", steps.expectedOf.get(unexpected)), steps.cost);
        }
        Step last = unexpected != null ? unexpected : deciding.get(deciding.size() - 1);
        String note = unexpected != null ? "refused, but with " + unexpected.code()
                + (expectedCheck().isEmpty() ? "" : " by " + unexpected.check()) + " instead of " + expectedText()
                : "caught by the " + last.check() + " check" + (deciding.size() > 1 ? " (" + deciding.size() + " of "
                + deciding.size() + " attempts refused)" : "");
        return new Outcome(this, Outcome.Result.CAUGHT, last.code(), last.check(), done, note, steps.cost);
    }
}
