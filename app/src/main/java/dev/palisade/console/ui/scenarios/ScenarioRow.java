package dev.palisade.console.ui.scenarios;

import dev.palisade.console.scenarios.Scenario;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A scenario in the table with its latest result. */
public final class ScenarioRow {

    private final Scenario scenario;
    private final StringProperty result = new SimpleStringProperty("not run");
    private final StringProperty met = new SimpleStringProperty("");

    ScenarioRow(Scenario scenario) {
        this.scenario = scenario;
    }

    public Scenario scenario() { return scenario; }
    public StringProperty result() { return result; }
    public StringProperty met() { return met; }

    public String expected() {
        return scenario.legitimate() ? "no denial" : String.join(" or ", scenario.expected());
    }
}
