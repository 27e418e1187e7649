package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;
import dev.palisade.console.ui.common.CountAxis;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;

import java.util.function.Consumer;

/** Controller of Overview.fxml: binds the view model, nothing more. */
public final class OverviewView {

    private final OverviewViewModel model;
    private final String serverText;
    private final String notice;
    private final Consumer<String> openInBrowser;
    private final String clientUrl;

    @FXML private Label health;
    @FXML private Label error;
    @FXML private Label serverInfo;
    @FXML private HBox serverBox;
    @FXML private HBox noticeBox;
    @FXML private Label noticeText;
    @FXML private Button openClient;
    @FXML private LineChart<Number, Number> chart;
    @FXML private javafx.scene.chart.NumberAxis xAxis;
    @FXML private javafx.scene.chart.NumberAxis yAxis;
    @FXML private ListView<Count> reasons;
    @FXML private ListView<Count> ips;
    @FXML private ListView<Count> sessions;

    /**
     * @param serverText    what to say about the server (URLs, demo user), or null for a remote one
     * @param notice        what to tell once until dismissed (what a first start set up), or null
     * @param clientUrl     the client page, or null
     * @param openInBrowser opens a URL in the system browser
     */
    public OverviewView(OverviewViewModel model, String serverText, String notice, String clientUrl,
                        Consumer<String> openInBrowser) {
        this.model = model;
        this.serverText = serverText;
        this.notice = notice;
        this.clientUrl = clientUrl;
        this.openInBrowser = openInBrowser;
    }

    @FXML
    private void initialize() {
        health.textProperty().bind(model.health());
        error.textProperty().bind(model.error());
        error.visibleProperty().bind(Bindings.isNotEmpty(model.error()));
        error.managedProperty().bind(error.visibleProperty());
        serverBox.setVisible(serverText != null);
        serverBox.setManaged(serverText != null);
        serverInfo.setText(serverText);
        noticeText.setText(notice);
        showNotice(notice != null);
        openClient.setDisable(clientUrl == null);
        XYChart.Series<Number, Number> allowed = new XYChart.Series<>("allowed", model.allowedPerSecond());
        XYChart.Series<Number, Number> denied = new XYChart.Series<>("denied", model.deniedPerSecond());
        chart.getData().setAll(java.util.List.of(allowed, denied));
        CountAxis.install(yAxis);
        model.peak().addListener((o, was, now) -> CountAxis.fit(yAxis, now.doubleValue()));
        xAxis.setTickLabelFormatter(CountAxis.minutes());
        for (ListView<Count> list : java.util.List.of(reasons, ips, sessions)) {
            list.setCellFactory(l -> new ListCell<>() {
                @Override
                protected void updateItem(Count c, boolean empty) {
                    super.updateItem(c, empty);
                    setText(empty || c == null ? null : c.count() + "  " + c.key());
                }
            });
            list.setPlaceholder(new Label("nothing denied"));
        }
        reasons.setItems(model.deniedByReason());
        ips.setItems(model.offendingIps());
        sessions.setItems(model.offendingSessions());
    }

    private void showNotice(boolean shown) {
        noticeBox.setVisible(shown);
        noticeBox.setManaged(shown);
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
