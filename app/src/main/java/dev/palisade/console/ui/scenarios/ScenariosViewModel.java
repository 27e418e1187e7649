package dev.palisade.console.ui.scenarios;

import dev.palisade.console.scenarios.CostSummary;
import dev.palisade.console.scenarios.Outcome;
import dev.palisade.console.scenarios.RunVerdict;
import dev.palisade.console.scenarios.Scenario;
import dev.palisade.console.scenarios.ScenarioContext;
import dev.palisade.console.scenarios.ScenarioRunner;
import dev.palisade.console.scenarios.Scenarios;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * Scenarios: run one or all against the connected server, rung by rung of the attacker ladder; watch
 * each request as it is answered (which check caught it), each outcome with what a session cost,
 * and a summary of caught, flagged and missed. Runs in the background; steps and outcomes wait in
 * queues until the window's ticker shows them ({@link #flush}), at most ten times a second, however
 * fast a burst of 40 requests is answered.
 */
public final class ScenariosViewModel {

    private final Background background;
    private final java.util.Queue<StepRow> stepsCome = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Queue<Outcome> outcomesCome = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private int done;
    private int chosen;
    private final ScenarioRunner runner;
    private final ObservableList<ScenarioRow> rows = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<String> costs = FXCollections.observableArrayList();
    /**
     * The person's cost from the last run that ran it and passed, and when: a run of one rung is held to it (its cost lines
     * lost the person: console audit 59); read and set on the UI thread.
     */
    private CostSummary.EarlierPerson lastPerson;
    /** The run under way's "Stop", asked on the UI thread and read by the run between two scenarios. */
    private volatile java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    private final ReadOnlyBooleanWrapper stopping = new ReadOnlyBooleanWrapper();

    public ScenariosViewModel(ScenarioContext context, Background background) {
        this.background = background;
        this.runner = new ScenarioRunner(context);
        Scenarios.all().stream().sorted(Scenarios.LADDER).forEach(s -> rows.add(new ScenarioRow(s)));
    }

    public void runAll() {
        run(rows);
    }

    public void run(List<ScenarioRow> chosen) {
        if (running.get() || chosen.isEmpty()) return;
        List<ScenarioRow> selected = List.copyOf(chosen);
        steps.clear();
        costs.clear(); // the last run's, under this run's rows (audit 52)
        running.set(true);
        progress.set(0);
        summary.set("running " + selected.size() + " scenario" + (selected.size() == 1 ? "" : "s") + "…");
        for (ScenarioRow r : selected) r.waiting();
        done = 0;
        this.chosen = selected.size();
        java.util.concurrent.atomic.AtomicBoolean thisRun = new java.util.concurrent.atomic.AtomicBoolean();
        cancelled = thisRun;
        stopping.set(false);
        background.run(() -> runner.run(selected.stream().map(ScenarioRow::scenario).sorted(Scenarios.RUN_ORDER).toList(),
                (s, step) -> stepsCome.add(new StepRow(s.name(), step)), outcomesCome::add, thisRun::get), outcomes -> {
            flush();
            if (outcomes.size() < selected.size()) {
                for (ScenarioRow r : selected) if (r.result().get().equals("waiting")) r.notRun();
                summary.set("Stopped after " + outcomes.size() + " of " + selected.size() + "."
                        + (outcomes.isEmpty() ? "" : " " + RunVerdict.of(outcomes)));
            } else {
                summary.set(RunVerdict.of(outcomes));
                progress.set(1);
            }
            costs.setAll(CostSummary.lines(outcomes, lastPerson));
            Outcome person = CostSummary.passedPerson(outcomes);
            if (person != null) lastPerson = new CostSummary.EarlierPerson(person.cost(), java.time.LocalTime.now());
            else if (CostSummary.ranThePerson(outcomes)) lastPerson = null; // refused since: no longer its last run
            running.set(false);
            stopping.set(false);
        }, t -> {
            flush();
            for (ScenarioRow r : selected) if (r.result().get().equals("waiting")) r.notRun();
            summary.set((t instanceof ScenarioRunner.NotRunnable ? "Not run: " : "Failed: ") + t.getMessage());
            running.set(false);
            stopping.set(false);
        });
    }

    /**
     * Starts no further scenario of the run under way: the one running ends first (its browser closed, its
     * requests answered), then the run stops and says how many ran; the others read "not run" again.
     */
    public void cancel() {
        if (!running.get() || stopping.get()) return;
        cancelled.set(true);
        stopping.set(true);
        summary.set("stopping after the scenario under way…");
    }

    /** Shows the steps and outcomes that came since the last call, on the UI thread: one change of the steps' list. */
    public void flush() {
        List<StepRow> batch = new java.util.ArrayList<>();
        for (StepRow r; (r = stepsCome.poll()) != null; ) batch.add(r);
        if (!batch.isEmpty()) steps.addAll(batch);
        for (Outcome o; (o = outcomesCome.poll()) != null; ) {
            rowOf(o.scenario()).show(o);
            progress.set(++done / (double) chosen);
        }
    }

    /** Runs no further scenario of the run under way (the window closes): none goes on unseen. */
    public void stop() {
        runner.stop();
    }

    /** After {@link #stop()}: waits, at most {@code millis}, for the run under way to close its browser and revoke its token. */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return runner.awaitEnd(millis);
    }

    private ScenarioRow rowOf(Scenario s) {
        return rows.stream().filter(r -> r.scenario() == s).findFirst().orElseThrow();
    }

    public ObservableList<ScenarioRow> rows() { return rows; }
    public ObservableList<StepRow> steps() { return steps; }
    public ReadOnlyBooleanProperty running() { return running.getReadOnlyProperty(); }
    /** True between a "Stop" and the end of the scenario under way. */
    public ReadOnlyBooleanProperty stopping() { return stopping.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summary() { return summary.getReadOnlyProperty(); }
    /** Per rung of the ladder: how it ended and what a session cost it, next to the person's cost. */
    public ObservableList<String> costs() { return costs; }
}
