package dev.palisade.console.ui.scenarios;

import dev.palisade.console.scenarios.Cost;
import dev.palisade.console.scenarios.Outcome;
import dev.palisade.console.scenarios.Scenario;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A scenario in the table with its latest result: outcome, the check that decided, what a session cost. */
public final class ScenarioRow {

    private final Scenario scenario;
    private final StringProperty result = new SimpleStringProperty("not run");
    private final StringProperty met = new SimpleStringProperty("");
    private final StringProperty check = new SimpleStringProperty("");
    private final StringProperty workMillis = new SimpleStringProperty("");
    private final StringProperty wallMillis = new SimpleStringProperty("");
    private final StringProperty note = new SimpleStringProperty("");

    ScenarioRow(Scenario scenario) {
        this.scenario = scenario;
    }

    void waiting() {
        result.set("waiting");
        met.set("");
        check.set("");
        workMillis.set("");
        wallMillis.set("");
        note.set("");
    }

    /** Not reached by a run that was stopped. */
    void notRun() {
        result.set("not run");
    }

    void show(Outcome o) {
        result.set(o.verdict());
        met.set(o.met());
        check.set(o.check());
        workMillis.set(Cost.millis(o.cost().workMillis()));
        wallMillis.set(Cost.millis(o.cost().wallMillis()));
        note.set(o.note() + (o.result() == Outcome.Result.SKIPPED ? "" : " — cost: " + o.cost()));
    }

    public Scenario scenario() { return scenario; }
    public StringProperty result() { return result; }
    public StringProperty met() { return met; }
    public StringProperty check() { return check; }
    public StringProperty workMillis() { return workMillis; }
    public StringProperty wallMillis() { return wallMillis; }
    public StringProperty note() { return note; }

    public String expected() {
        return scenario.expectedText();
    }
}
