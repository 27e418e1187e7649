package dev.palisade.console.ui.scenarios;

import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.WrappedLines;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;


/** Controller of Scenarios.fxml. */
public final class ScenariosView {

    private final ScenariosViewModel model;
    private final java.util.function.Consumer<dev.palisade.console.scenarios.Step> showEvent;

    @FXML private Button runSelected;
    @FXML private Button runAll;
    @FXML private Button stop;
    @FXML private ProgressBar progress;
    @FXML private Label summary;
    @FXML private TableView<ScenarioRow> table;
    @FXML private TableColumn<ScenarioRow, String> levelColumn;
    @FXML private TableColumn<ScenarioRow, String> numberColumn;
    @FXML private TableColumn<ScenarioRow, String> nameColumn;
    @FXML private TableColumn<ScenarioRow, String> descriptionColumn;
    @FXML private TableColumn<ScenarioRow, String> expectedColumn;
    @FXML private TableColumn<ScenarioRow, String> metColumn;
    @FXML private TableColumn<ScenarioRow, String> resultColumn;
    @FXML private TableColumn<ScenarioRow, String> outcomeCheckColumn;
    /** Work and wall time in one column, so that the table fits a 1024-pixel window. */
    @FXML private TableColumn<ScenarioRow, String> costColumn;
    @FXML private TableColumn<ScenarioRow, String> noteColumn;
    @FXML private javafx.scene.control.ListView<String> costs;
    @FXML private TableView<StepRow> steps;
    @FXML private TableColumn<StepRow, String> stepScenarioColumn;
    @FXML private TableColumn<StepRow, String> stepColumn;
    @FXML private TableColumn<StepRow, String> requestColumn;
    @FXML private TableColumn<StepRow, String> statusColumn;
    @FXML private TableColumn<StepRow, String> checkColumn;
    @FXML private Button event;

    /** @param showEvent opens the Events view on a step's event */
    public ScenariosView(ScenariosViewModel model, java.util.function.Consumer<dev.palisade.console.scenarios.Step> showEvent) {
        this.model = model;
        this.showEvent = showEvent;
    }

    @FXML
    private void initialize() {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Columns.text(levelColumn, r -> r.scenario().level().toString());
        Columns.numeric(numberColumn, r -> Integer.toString(r.scenario().number()));
        Columns.text(nameColumn, r -> r.scenario().name());
        Columns.text(descriptionColumn, r -> r.scenario().description());
        Columns.text(expectedColumn, ScenarioRow::expected);
        metColumn.setCellValueFactory(c -> c.getValue().met());
        resultColumn.setCellValueFactory(c -> c.getValue().result());
        outcomeCheckColumn.setCellValueFactory(c -> c.getValue().check());
        costColumn.setCellValueFactory(c -> javafx.beans.binding.Bindings.createStringBinding(
                () -> cost(c.getValue().workMillis().get(), c.getValue().wallMillis().get()),
                c.getValue().workMillis(), c.getValue().wallMillis()));
        noteColumn.setCellValueFactory(c -> c.getValue().note());
        // the columns a 1024-pixel window cuts most: what a scenario does, what it expected and met, why
        // and the rung ("L5 a…" at 1024 pixels, "L4 protocol_scr…" at 1440: console audit 59)
        for (TableColumn<ScenarioRow, String> c : java.util.List.of(nameColumn, levelColumn, descriptionColumn, expectedColumn,
                metColumn, noteColumn)) {
            Columns.tipped(c);
        }
        costs.setItems(model.costs());
        WrappedLines.install(costs);
        costs.setPlaceholder(new Label("After a run: what a session cost each rung, next to the person."));
        Columns.sortable(table, model.rows());
        Columns.text(stepScenarioColumn, StepRow::scenario);
        Columns.text(stepColumn, s -> s.step().description());
        Columns.text(requestColumn, s -> s.step().request());
        Columns.text(statusColumn, s -> s.step().answer());
        Columns.text(checkColumn, s -> s.step().check());
        steps.setItems(model.steps());
        steps.setPlaceholder(new Label("Run a scenario to watch its requests here."));
        // a login let through but flagged reads as the Sessions read a flagged session (console audit 59, 5b)
        Columns.markRows(steps, java.util.Map.of("denied", s -> s.step().denied(), "flagged", s -> s.step().flagged()));
        // the table follows the run only while the operator is not looking at a step: one chosen mid-run, to open its
        // event, stays where it is (audit 52); choosing the last step follows the run again
        model.steps().addListener((javafx.collections.ListChangeListener<StepRow>) c -> {
            int chosen = steps.getSelectionModel().getSelectedIndex();
            boolean follow = chosen < 0;
            while (c.next()) if (c.wasAdded() && chosen == c.getFrom() - 1) follow = true;
            if (follow && !model.steps().isEmpty()) steps.scrollTo(model.steps().size() - 1);
        });
        runSelected.disableProperty().bind(model.running().or(table.getSelectionModel().selectedItemProperty().isNull()));
        runAll.disableProperty().bind(model.running());
        stop.visibleProperty().bind(model.running());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.disableProperty().bind(model.stopping());
        // a run fills outcomes and notes in rows already listed: size the columns to them once it ends
        model.running().addListener((o, was, now) -> {
            if (!now) ColumnFit.refit(table);
        });
        progress.progressProperty().bind(model.progress());
        progress.visibleProperty().bind(model.running());
        progress.managedProperty().bind(progress.visibleProperty());
        summary.textProperty().bind(model.summary());
        event.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            StepRow chosen = steps.getSelectionModel().getSelectedItem();
            return chosen == null || !chosen.step().hasEvent();
        }, steps.getSelectionModel().selectedItemProperty()));
        ColumnFit.install(table, steps);
    }


    @FXML
    private void runSelected() { model.run(table.getSelectionModel().getSelectedItems()); }

    @FXML
    private void runAll() { model.runAll(); }

    @FXML
    private void stop() { model.cancel(); }

    @FXML
    private void showEvent() {
        StepRow s = steps.getSelectionModel().getSelectedItem();
        if (s != null) showEvent.accept(s.step());
    }

    /** "94 / 1916", or whichever of the two is known; empty before a run. */
    static String cost(String work, String wall) {
        if (work.isEmpty() && wall.isEmpty()) return "";
        return (work.isEmpty() ? "–" : work) + " / " + (wall.isEmpty() ? "–" : wall);
    }
}
