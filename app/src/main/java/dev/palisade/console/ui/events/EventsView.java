package dev.palisade.console.ui.events;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.FilterPlaceholder;
import dev.palisade.console.ui.common.Moment;
import dev.palisade.console.ui.common.TimeRange;
import dev.palisade.console.ui.common.TimeRangePicker;
import dev.palisade.console.ui.common.Today;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

import java.util.List;


/** Controller of Events.fxml. */
public final class EventsView {

    private final EventsViewModel model;

    @FXML private ComboBox<String> type;
    @FXML private javafx.scene.layout.FlowPane filters;
    @FXML private TextField code;
    @FXML private ComboBox<String> check;
    @FXML private TextField ip;
    @FXML private TextField session;
    @FXML private TextField search;
    @FXML private TableView<EventView> table;
    @FXML private TableColumn<EventView, Moment> atColumn;
    @FXML private TableColumn<EventView, String> typeColumn;
    @FXML private TableColumn<EventView, String> codeColumn;
    @FXML private TableColumn<EventView, String> checkColumn;
    @FXML private TableColumn<EventView, String> ipColumn;
    @FXML private TableColumn<EventView, String> userColumn;
    @FXML private TableColumn<EventView, String> requestColumn;
    @FXML private TextArea explanation;
    @FXML private Label message;
    @FXML private Label busy;
    @FXML private javafx.scene.control.ProgressBar exportProgress;
    @FXML private javafx.scene.control.Button exportButton;
    @FXML private javafx.scene.control.Button cancelExportButton;
    @FXML private javafx.scene.control.Button olderButton;
    /** Samples the export's progress ten times a second while it runs: its rows arrive far faster. */
    private final javafx.animation.Timeline progressTicker = new javafx.animation.Timeline();

    private final Today today;

    public EventsView(EventsViewModel model, Today today) {
        this.model = model;
        this.today = today;
    }

    @FXML
    private void initialize() {
        TimeRangePicker picker = new TimeRangePicker(List.of(TimeRange.ANY_TIME, TimeRange.LAST_15_MINUTES,
                TimeRange.LAST_HOUR, TimeRange.LAST_DAY, TimeRange.LAST_WEEK), model.range().get());
        picker.setId("events-range");
        picker.value().bindBidirectional(model.range());
        filters.getChildren().add(0, picker);
        type.getItems().setAll(EventsViewModel.TYPES);
        type.valueProperty().bindBidirectional(model.type());
        type.valueProperty().addListener((o, a, b) -> model.load());
        code.textProperty().bindBidirectional(model.code());
        // suggests the checks the protocol names, takes any other (a newer server's): a typo shows beside the names
        check.getItems().setAll(EventsViewModel.CHECKS);
        check.getEditor().textProperty().bindBidirectional(model.check());
        check.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            // entered unchanged (a drill set the text, not the value): no change for the combo box to act on
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER
                    && java.util.Objects.equals(check.getValue(), check.getEditor().getText())) model.load();
        });
        ip.textProperty().bindBidirectional(model.ip());
        session.textProperty().bindBidirectional(model.session());
        search.textProperty().bindBidirectional(model.search());
        Columns.time(atColumn, EventView::at, today); // today's without the date, as Fingerprints and Sessions
        Columns.text(typeColumn, EventView::type);
        Columns.text(codeColumn, EventView::code);
        Columns.text(checkColumn, EventView::check);
        Columns.text(ipColumn, EventView::ip);
        Columns.text(userColumn, EventView::user);
        Columns.text(requestColumn, e -> e.method().isEmpty() ? "" : e.method() + " " + e.path());
        Columns.sortable(table, model.events());
        FilterPlaceholder.install(table, "No events match.", model.addressProblem(), ip);
        Columns.markRows(table, "denied", e -> !e.allowed());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.select(b));
        model.focus().addListener((o, a, b) -> {
            if (b == null) return;
            table.getSelectionModel().select(b);
            table.scrollTo(b);
        });
        explanation.textProperty().bind(model.explanation());
        message.textProperty().bind(model.message());
        busy.textProperty().bind(model.busy());
        busy.visibleProperty().bind(model.busy().isNotEmpty());
        busy.managedProperty().bind(busy.visibleProperty());
        ColumnFit.givesWayFirst(requestColumn);
        ColumnFit.keptWhole(atColumn);
        ColumnFit.keptWhole(codeColumn); // "upstream_un…" says nothing at 1024 px (ux44 D5)
        for (var c : java.util.List.of(typeColumn, checkColumn, ipColumn, userColumn, requestColumn)) Columns.tipped(c);
        ColumnFit.install(table);
        progressTicker.getKeyFrames().setAll(new javafx.animation.KeyFrame(javafx.util.Duration.millis(100),
                e -> exportProgress.setProgress(model.exportProgress())));
        progressTicker.setCycleCount(javafx.animation.Animation.INDEFINITE);
        exportProgress.visibleProperty().bind(model.exporting());
        exportProgress.managedProperty().bind(model.exporting());
        exportButton.disableProperty().bind(model.exporting());
        cancelExportButton.visibleProperty().bind(model.exporting());
        cancelExportButton.managedProperty().bind(model.exporting());
        olderButton.disableProperty().bind(model.olderAvailable().not());
        model.exporting().addListener((o, was, now) -> {
            if (now) progressTicker.play();
            else progressTicker.stop();
        });
    }

    @FXML
    private void export() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export the events the filters match");
        chooser.getExtensionFilters().setAll(new javafx.stage.FileChooser.ExtensionFilter("CSV (spreadsheets)", "*.csv"),
                new javafx.stage.FileChooser.ExtensionFilter("JSON (one array)", "*.json"));
        chooser.setInitialFileName("palisade-events.csv");
        java.io.File file = chooser.showSaveDialog(table.getScene().getWindow());
        if (file == null) return;
        java.nio.file.Path path = file.toPath();
        // the chooser's selected type decides when the operator typed a name without an extension
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".json")) {
            boolean json = chooser.getSelectedExtensionFilter() != null
                    && chooser.getSelectedExtensionFilter().getExtensions().contains("*.json");
            path = path.resolveSibling(path.getFileName() + (json ? ".json" : ".csv"));
        }
        model.export(path);
    }


    @FXML
    private void load() { model.load(); }

    @FXML
    private void cancelExport() { model.cancelExport(); }

    @FXML
    private void older() { model.loadOlder(); }
}
