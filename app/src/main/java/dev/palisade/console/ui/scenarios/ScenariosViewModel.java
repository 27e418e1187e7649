package dev.palisade.console.ui.scenarios;

import dev.palisade.console.scenarios.Outcome;
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
import java.util.concurrent.Executor;

/**
 * Scenarios: run one or all against the connected server, watch each request as it is answered
 * (which check caught it), and a summary of caught and missed. Runs in the background; steps are
 * handed to the UI thread as they come.
 */
public final class ScenariosViewModel {

    private final Background background;
    private final Executor ui;
    private final ScenarioRunner runner;
    private final ObservableList<ScenarioRow> rows = FXCollections.observableArrayList();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    /** @param ui runs a UI update on the UI thread (Platform::runLater; directly in tests) */
    public ScenariosViewModel(ScenarioContext context, Background background, Executor ui) {
        this.background = background;
        this.ui = ui;
        this.runner = new ScenarioRunner(context);
        for (Scenario s : Scenarios.all()) rows.add(new ScenarioRow(s));
    }

    public void runAll() {
        run(rows);
    }

    public void run(List<ScenarioRow> chosen) {
        if (running.get() || chosen.isEmpty()) return;
        List<ScenarioRow> selected = List.copyOf(chosen);
        steps.clear();
        running.set(true);
        progress.set(0);
        summary.set("running " + selected.size() + " scenario" + (selected.size() == 1 ? "" : "s") + "…");
        for (ScenarioRow r : selected) {
            r.result().set("waiting");
            r.met().set("");
        }
        int[] done = {0};
        background.run(() -> runner.run(selected.stream().map(ScenarioRow::scenario).toList(),
                (s, step) -> ui.execute(() -> steps.add(new StepRow(s.name(), step))),
                o -> ui.execute(() -> {
                    ScenarioRow row = rowOf(o.scenario());
                    row.met().set(o.met());
                    row.result().set(result(o));
                    progress.set(++done[0] / (double) selected.size());
                })), outcomes -> {
            long missed = outcomes.stream().filter(o -> !o.passed()).count();
            summary.set(missed == 0 ? "All " + outcomes.size() + " behaved as expected: every attack caught"
                    + (outcomes.stream().anyMatch(o -> o.scenario().legitimate()) ? ", the legitimate client never denied." : ".")
                    : missed + " of " + outcomes.size() + " did not behave as expected.");
            running.set(false);
            progress.set(1);
        }, t -> {
            summary.set("Failed: " + t.getMessage());
            running.set(false);
        });
    }

    private ScenarioRow rowOf(Scenario s) {
        return rows.stream().filter(r -> r.scenario() == s).findFirst().orElseThrow();
    }

    static String result(Outcome o) {
        if (o.scenario().legitimate()) return o.passed() ? "ok" : "DENIED";
        return o.passed() ? "caught" : "MISSED";
    }

    public ObservableList<ScenarioRow> rows() { return rows; }
    public ObservableList<StepRow> steps() { return steps; }
    public ReadOnlyBooleanProperty running() { return running.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summary() { return summary.getReadOnlyProperty(); }
}
