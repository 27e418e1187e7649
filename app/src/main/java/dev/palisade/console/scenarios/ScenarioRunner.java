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

    private static final System.Logger LOG = System.getLogger(ScenarioRunner.class.getName());

    private final ScenarioContext context;
    private volatile boolean stopped;
    private int underway; // runs not yet ended (their browser closed, their token revoked); guarded by this

    public ScenarioRunner(ScenarioContext context) {
        this.context = context;
    }

    /**
     * @param onStep    each request as it is answered
     * @param onOutcome each scenario when it is done
     * @return the outcomes of the scenarios run: all of them, or those before {@link #stop()}
     * @throws NotRunnable when the target serves no demo API to attack, or this system cannot send from the scenarios'
     *                     addresses (checked once, first): none is run
     */
    public List<Outcome> run(List<Scenario> scenarios, BiConsumer<Scenario, Step> onStep, Consumer<Outcome> onOutcome) {
        return run(scenarios, onStep, onOutcome, () -> false);
    }

    /**
     * As {@link #run(List, BiConsumer, Consumer)}, starting no further scenario once {@code cancelled} says so
     * (an operator's "Stop"): the one under way ends, as a scenario's requests and their cleanup belong together.
     */
    public List<Outcome> run(List<Scenario> scenarios, BiConsumer<Scenario, Step> onStep, Consumer<Outcome> onOutcome,
                             java.util.function.BooleanSupplier cancelled) {
        List<Outcome> outcomes = new ArrayList<>();
        synchronized (this) {
            underway++;
        }
        try {
            String why = scenarios.isEmpty() ? null : DemoApi.whyNotServed(context);
            // thirteen errors of "Can't assign requested address", one a row, read as a broken Palisade (audit 52)
            if (why == null && scenarios.stream().anyMatch(s -> !(s instanceof BrowserScenario))) {
                why = ScenarioContext.whyCannotSendFrom(ScenarioContext.address(1, 10));
            }
            if (why != null) throw new NotRunnable(why);
            for (Scenario s : scenarios) {
                if (stopped || cancelled.getAsBoolean()) break;
                Outcome o;
                List<Step> made = new ArrayList<>();
                try {
                    o = s.run(context, step -> {
                        made.add(step);
                        onStep.accept(s, step);
                    });
                } catch (Exception e) {
                    // the steps made before it stay with the row; a browser's message runs to many lines of capabilities
                    o = Outcome.error(s, why(e), List.copyOf(made));
                }
                outcomes.add(o);
                onOutcome.accept(o);
            }
        } finally {
            // a run cut short by an interrupt (the window's pool shut down) still revokes its token:
            // OkHttp refuses calls on an interrupted thread, so the flag waits until this is done
            boolean interrupted = Thread.interrupted();
            try {
                context.endRun();
            } catch (RuntimeException e) {
                // the outcomes stand all the same (a failure here replaced them with "Failed: …", audit 52); the token
                // expires by itself within the hour
                LOG.log(System.Logger.Level.WARNING, "The scenario run's debug token '" + ScenarioContext.DEBUG_TOKEN_NAME
                        + "' could not be revoked (" + e.getMessage() + "); it expires within the hour");
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
                synchronized (this) {
                    underway--;
                    notifyAll();
                }
            }
        }
        return outcomes;
    }

    /** An exception for a person: its first line, or its kind when it has no message ("could not run: null" before). */
    static String why(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        String first = message.strip().lines().findFirst().orElse("").strip();
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    /**
     * Waits, at most {@code millis}, for the runs under way to end: the console's exit waits for it before it stops the
     * bundled server, so that a run cut short by the window's close still closes its browser and revokes its token.
     * @return whether none is left
     */
    public synchronized boolean awaitEnd(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        while (underway > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * The target does not serve the demo API the scenarios attack, or this system cannot send from their addresses: none
     * was run; the message says why, for a person.
     */
    public static final class NotRunnable extends RuntimeException {
        NotRunnable(String why) {
            super(why);
        }
    }

    /** Runs no further scenario (the window closed): the one under way ends, the run's debug token is revoked. */
    public void stop() {
        stopped = true;
    }
}
