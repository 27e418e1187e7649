package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;
import dev.palisade.console.ui.common.CountAxis;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.TimeRange;
import dev.palisade.console.ui.common.TimeRangePicker;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;

import java.util.List;
import java.util.function.Consumer;

/** Controller of Overview.fxml: binds the view model, nothing more. */
public final class OverviewView {

    private final OverviewViewModel model;
    private final String serverText;
    private final String notice;
    private final Consumer<String> openInBrowser;
    private final String clientUrl;
    private final dev.palisade.console.ui.common.DrillDown drill;

    @FXML private Label health;
    @FXML private HBox titleBar;
    @FXML private Label error;
    @FXML private Label busy;
    @FXML private Label message;
    @FXML private Label serverInfo;
    @FXML private HBox serverBox;
    @FXML private HBox noticeBox;
    @FXML private Label noticeText;
    @FXML private HBox priceBox;
    @FXML private Label priceText;
    @FXML private Button openClient;
    @FXML private LineChart<Number, Number> chart;
    @FXML private javafx.scene.chart.NumberAxis xAxis;
    @FXML private javafx.scene.chart.NumberAxis yAxis;
    @FXML private Label reasonsTitle;
    @FXML private ListView<Count> reasons;
    @FXML private ListView<Count> ips;
    @FXML private ListView<Count> sessions;

    /**
     * @param serverText    what to say about the server (URLs, demo user; a remote one: why there are no Scenarios), or null
     * @param notice        what to tell once until dismissed (what a first start set up), or null
     * @param clientUrl     the client page, or null
     * @param openInBrowser opens a URL in the system browser
     * @param drill         opens Events or Sessions filtered to what the operator clicked
     */
    public OverviewView(OverviewViewModel model, String serverText, String notice, String clientUrl,
                        Consumer<String> openInBrowser, dev.palisade.console.ui.common.DrillDown drill) {
        this.model = model;
        this.serverText = serverText;
        this.notice = notice;
        this.clientUrl = clientUrl;
        this.openInBrowser = openInBrowser;
        this.drill = drill;
    }

    @FXML
    private void initialize() {
        health.textProperty().bind(model.health());
        error.textProperty().bind(model.error());
        error.visibleProperty().bind(Bindings.isNotEmpty(model.error()));
        error.managedProperty().bind(error.visibleProperty());
        busy.textProperty().bind(model.busy());
        busy.visibleProperty().bind(Bindings.isNotEmpty(model.busy()));
        busy.managedProperty().bind(busy.visibleProperty());
        priceText.textProperty().bind(model.price());
        priceBox.visibleProperty().bind(Bindings.isNotEmpty(model.price()));
        priceBox.managedProperty().bind(priceBox.visibleProperty());
        serverBox.setVisible(serverText != null);
        serverBox.setManaged(serverText != null);
        serverInfo.setText(serverText);
        noticeText.setText(notice);
        showNotice(notice != null);
        openClient.setVisible(clientUrl != null); // a remote server's page is not known here
        openClient.setManaged(clientUrl != null);
        XYChart.Series<Number, Number> allowed = new XYChart.Series<>("allowed", model.allowedPerSecond());
        XYChart.Series<Number, Number> denied = new XYChart.Series<>("denied", model.deniedPerSecond());
        chart.getData().setAll(java.util.List.of(allowed, denied));
        CountAxis.install(yAxis);
        model.peak().addListener((o, was, now) -> CountAxis.fit(yAxis, now.doubleValue()));
        TimeRangePicker picker = new TimeRangePicker(List.of(TimeRange.LAST_15_MINUTES, TimeRange.LAST_HOUR,
                TimeRange.LAST_DAY, TimeRange.LAST_WEEK), model.range().get());
        picker.setId("overview-range");
        picker.value().bindBidirectional(model.range());
        titleBar.getChildren().add(1, picker);
        model.plan().addListener((o, was, plan) -> draw(plan));
        // a click in the plot opens the events of the step under the pointer
        chart.setOnMouseClicked(e -> {
            javafx.geometry.Point2D p = xAxis.sceneToLocal(e.getSceneX(), e.getSceneY());
            if (p.getX() < 0 || p.getX() > xAxis.getWidth()) return;
            javafx.geometry.Point2D inPlot = yAxis.sceneToLocal(e.getSceneX(), e.getSceneY());
            if (inPlot.getY() < 0 || inPlot.getY() > yAxis.getHeight()) return;
            long[] w = model.window(xAxis.getValueForDisplay(p.getX()).doubleValue(), System.currentTimeMillis());
            drill.eventsBetween(w[0], w[1]);
        });
        chart.setCursor(javafx.scene.Cursor.HAND);
        draw(model.plan().get());
        for (ListView<Count> list : java.util.List.of(reasons, ips, sessions)) {
            boolean byReason = list == reasons;
            dev.palisade.console.ui.common.WrappedLines.install(list,
                    c -> byReason ? model.reasonLineInRange(c) : OverviewViewModel.offenderLine(c), false);
            list.setPlaceholder(new Label("nothing denied"));
        }
        reasons.setItems(model.deniedByReason());
        reasonsTitle.textProperty().bind(model.reasonsTitle());
        ips.setItems(model.offendingIps());
        sessions.setItems(model.offendingSessions());
        message.textProperty().bind(model.message());
        // a click opens the events behind a row; an address or a session also has its actions on a menu
        drillOnClick(reasons, "code");
        drillOnClick(ips, "ip");
        drillOnClick(sessions, "session");
        ips.setContextMenu(menu(ips, new MenuAction("Show events from this address", ip -> drill.events("ip", ip)),
                new MenuAction("Show sessions from this address", drill::sessionsFrom),
                new MenuAction("What its pages ask now", model::showPrice),
                new MenuAction("Blacklist this address…", ip -> {
                    if (Dialogs.confirm(ips, "Blacklist " + ip + "?", "Every call from it will be refused (403).")) {
                        model.blacklist("ip", ip);
                    }
                })));
        sessions.setContextMenu(menu(sessions, new MenuAction("Show events of this session", id -> drill.events("session", id)),
                new MenuAction("Revoke this session…", id -> {
                    if (Dialogs.confirm(sessions, "Revoke session " + id + "?", "Its tokens stop working at once.")) model.revokeSession(id);
                }),
                new MenuAction("Blacklist this session…", id -> {
                    if (Dialogs.confirm(sessions, "Blacklist session " + id + "?", "Its calls are refused (403) until the entry goes.")) {
                        model.blacklist("session", id);
                    }
                })));
    }

    private record MenuAction(String label, Consumer<String> action) {}

    private void drillOnClick(ListView<Count> list, String field) {
        list.setOnMouseClicked(e -> {
            Count c = list.getSelectionModel().getSelectedItem();
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && c != null) drill.events(field, drilled(field, c), checkOf(field, c));
        });
        list.setOnKeyPressed(e -> {
            Count c = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && c != null) drill.events(field, drilled(field, c), checkOf(field, c));
        });
    }

    /** What a row's events are filtered by: a reason row's code (its price row's too), an address, a session. */
    private static String drilled(String field, Count c) {
        return field.equals("code") ? OverviewViewModel.codeOf(c.key()) : c.key();
    }

    /** The check a row's events are filtered by: {@code price} for a price refusals' row, {@code !price} beside it, else any. */
    private String checkOf(String field, Count c) {
        return field.equals("code") ? model.checkOfRow(c.key()) : "";
    }

    private static javafx.scene.control.ContextMenu menu(ListView<Count> list, MenuAction... actions) {
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        // the row as the menu opened on it: the live list may be replaced while the menu is open (an attack goes on
        // meanwhile), which clears the selection, and the action then did nothing without a word
        String[] row = new String[1];
        for (MenuAction a : actions) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(a.label());
            item.setOnAction(e -> {
                if (row[0] != null) a.action().accept(row[0]);
            });
            menu.getItems().add(item);
        }
        menu.setOnShowing(e -> {
            Count c = list.getSelectionModel().getSelectedItem();
            row[0] = c == null ? null : c.key();
            // nothing to act on without a row under the pointer
            menu.getItems().forEach(i -> i.setDisable(row[0] == null));
        });
        return menu;
    }

    /** The chart's title and time axis for the range shown. */
    private void draw(OverviewViewModel.ChartPlan plan) {
        chart.setTitle(plan.title());
        xAxis.setLowerBound(plan.lower());
        xAxis.setTickUnit(plan.tick());
        xAxis.setLabel(plan.unit().axisLabel);
        xAxis.setTickLabelFormatter(CountAxis.per(plan.unit().seconds));
        yAxis.setLabel(plan.yLabel());
    }

    private void showNotice(boolean shown) {
        noticeBox.setVisible(shown);
        noticeBox.setManaged(shown);
    }

    @FXML
    private void closePrice() {
        model.closePrice();
    }

    @FXML
    private void dismissNotice() {
        showNotice(false);
    }

    @FXML
    private void openClientPage() {
        if (clientUrl != null) openInBrowser.accept(clientUrl);
    }
}
