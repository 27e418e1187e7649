package dev.palisade.console.ui.scenarios;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

import java.util.function.Function;

/** Controller of Scenarios.fxml. */
public final class ScenariosView {

    private static final PseudoClass DENIED = PseudoClass.getPseudoClass("denied");

    private final ScenariosViewModel model;
    private final java.util.function.Consumer<dev.palisade.console.scenarios.Step> showEvent;

    @FXML private Button runSelected;
    @FXML private Button runAll;
    @FXML private ProgressBar progress;
    @FXML private Label summary;
    @FXML private TableView<ScenarioRow> table;
    @FXML private TableColumn<ScenarioRow, String> numberColumn;
    @FXML private TableColumn<ScenarioRow, String> nameColumn;
    @FXML private TableColumn<ScenarioRow, String> descriptionColumn;
    @FXML private TableColumn<ScenarioRow, String> expectedColumn;
    @FXML private TableColumn<ScenarioRow, String> metColumn;
    @FXML private TableColumn<ScenarioRow, String> resultColumn;
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
        column(numberColumn, r -> Integer.toString(r.scenario().number()));
        column(nameColumn, r -> r.scenario().name());
        column(descriptionColumn, r -> r.scenario().description());
        column(expectedColumn, ScenarioRow::expected);
        metColumn.setCellValueFactory(c -> c.getValue().met());
        resultColumn.setCellValueFactory(c -> c.getValue().result());
        table.setItems(model.rows());
        column(stepScenarioColumn, StepRow::scenario);
        column(stepColumn, s -> s.step().description());
        column(requestColumn, s -> s.step().request());
        column(statusColumn, s -> s.step().status() + " " + s.step().code());
        column(checkColumn, s -> s.step().check());
        steps.setItems(model.steps());
        steps.setPlaceholder(new Label("Run a scenario to watch its requests here."));
        steps.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(StepRow s, boolean empty) {
                super.updateItem(s, empty);
                pseudoClassStateChanged(DENIED, !empty && s != null && s.step().denied());
            }
        });
        model.steps().addListener((javafx.collections.ListChangeListener<StepRow>) c -> {
            if (!model.steps().isEmpty()) steps.scrollTo(model.steps().size() - 1);
        });
        runSelected.disableProperty().bind(model.running().or(table.getSelectionModel().selectedItemProperty().isNull()));
        runAll.disableProperty().bind(model.running());
        progress.progressProperty().bind(model.progress());
        progress.visibleProperty().bind(model.running());
        progress.managedProperty().bind(progress.visibleProperty());
        summary.textProperty().bind(model.summary());
        event.disableProperty().bind(steps.getSelectionModel().selectedItemProperty().isNull());
    }

    private static <T> void column(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    @FXML
    private void runSelected() { model.run(table.getSelectionModel().getSelectedItems()); }

    @FXML
    private void runAll() { model.runAll(); }

    @FXML
    private void showEvent() {
        StepRow s = steps.getSelectionModel().getSelectedItem();
        if (s != null) showEvent.accept(s.step());
    }
}
