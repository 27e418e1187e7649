package dev.palisade.console.ui.anomalies;

import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.CountAxis;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Moment;
import dev.palisade.console.ui.common.TimeRange;
import dev.palisade.console.ui.common.TimeRangePicker;
import dev.palisade.console.ui.common.Today;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.List;

/** Controller of Anomalies.fxml. */
public final class AnomaliesView {

    private final AnomaliesViewModel model;
    /** The day whose times are shown without their date: the table is written again at midnight. */
    private final Today today;

    @FXML private Label error;
    @FXML private Label busy;
    @FXML private LineChart<Number, Number> chart;
    @FXML private javafx.scene.layout.HBox titleBar;
    @FXML private javafx.scene.chart.NumberAxis xAxis;
    @FXML private javafx.scene.chart.NumberAxis yAxis;
    @FXML private TableView<Anomaly> table;
    @FXML private TableColumn<Anomaly, Moment> atColumn;
    @FXML private TableColumn<Anomaly, String> scopeColumn;
    @FXML private TableColumn<Anomaly, String> keyColumn;
    @FXML private TableColumn<Anomaly, String> windowColumn;
    @FXML private TableColumn<Anomaly, String> observedColumn;
    @FXML private TableColumn<Anomaly, String> userColumn;
    @FXML private TableColumn<Anomaly, String> ipColumn;
    @FXML private Button blacklist;
    @FXML private Label message;

    public AnomaliesView(AnomaliesViewModel model, Today today) {
        this.model = model;
        this.today = today;
    }

    @FXML
    private void initialize() {
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        busy.textProperty().bind(model.busy());
        busy.visibleProperty().bind(model.busy().isNotEmpty());
        busy.managedProperty().bind(busy.visibleProperty());
        chart.getData().setAll(java.util.List.of(new XYChart.Series<>("anomalies", model.perMinute())));
        CountAxis.install(yAxis);
        CountAxis.fit(yAxis, model.peak().get());
        model.peak().addListener((o, was, now) -> CountAxis.fit(yAxis, now.doubleValue()));
        TimeRangePicker picker = new TimeRangePicker(List.of(TimeRange.LAST_15_MINUTES, TimeRange.LAST_HOUR,
                TimeRange.LAST_DAY, TimeRange.LAST_WEEK), model.range().get());
        picker.setId("anomalies-range");
        picker.value().bindBidirectional(model.range());
        titleBar.getChildren().add(picker);
        model.range().addListener((o, was, r) -> draw(r));
        draw(model.range().get());
        Columns.time(atColumn, Anomaly::at, today); // today's without the date, as Events, Fingerprints and Sessions
        Columns.text(scopeColumn, Anomaly::scope);
        Columns.text(keyColumn, Anomaly::key);
        Columns.text(windowColumn, Anomaly::window);
        Columns.numeric(observedColumn, a -> CountAxis.WHOLE.toString(a.observed()));
        Columns.text(userColumn, Anomaly::user);
        Columns.text(ipColumn, Anomaly::ip);
        Columns.sortable(table, model.anomalies());
        table.setPlaceholder(new Label("No rate window has been exceeded."));
        blacklist.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        message.textProperty().bind(model.message());
        ColumnFit.keptWhole(atColumn); // a time cut short says nothing ("12-05 15:5…")
        ColumnFit.install(table);
    }


    @FXML
    private void blacklist() {
        Anomaly a = table.getSelectionModel().getSelectedItem();
        if (a != null && Dialogs.confirm(table, "Blacklist this " + ("session".equals(a.scope()) ? "session" : "address") + "?",
                "Every call from it will be refused (403).")) {
            model.blacklist(a);
        }
    }

    /** The chart's title and time axis for the range: a point per step, ticks on whole units. */
    private void draw(TimeRange r) {
        long step = r.stepSeconds();
        chart.setTitle("Exceeded windows per " + (step == 60 ? "minute" : CountAxis.WHOLE.toString(step / 60) + " minutes")
                + ", " + (r.isCustom() ? r.label() : r.label().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + r.label().substring(1)));
        xAxis.setLowerBound(-r.millis() / 1000.0);
        xAxis.setTickUnit(r.axisTickSeconds());
        xAxis.setLabel(r.axisUnit().axisLabel);
        xAxis.setTickLabelFormatter(CountAxis.per(r.axisUnit().seconds));
    }
}
