package dev.palisade.console.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.palisade.console.client.EventStream;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.StackPane;

/** Controller of Main.fxml: navigation between views, the status bar, the connection banner, the theme. */
public final class MainView {

    private final MainViewModel model;
    private final Node overview;
    private final Node sessions;
    private boolean dark;

    @FXML private Label banner;
    @FXML private Label server;
    @FXML private Label connection;
    @FXML private Label rate;
    @FXML private StackPane content;
    @FXML private ToggleButton overviewButton;
    @FXML private ToggleButton sessionsButton;
    @FXML private Button theme;

    public MainView(MainViewModel model, Node overview, Node sessions) {
        this.model = model;
        this.overview = overview;
        this.sessions = sessions;
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        overviewButton.setToggleGroup(group);
        sessionsButton.setToggleGroup(group);
        // a view stays selected: clicking the current one again must not leave the content empty
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null && was != null) was.setSelected(true);
        });
        server.textProperty().bind(model.server());
        rate.textProperty().bind(model.eventRate());
        connection.textProperty().bind(Bindings.createStringBinding(() -> switch (model.connection().get()) {
            case CONNECTED -> "● live";
            case CONNECTING -> "○ connecting…";
            case RECONNECTING -> "○ reconnecting…";
            case CLOSED -> "○ closed";
        }, model.connection()));
        banner.textProperty().bind(Bindings.createStringBinding(() ->
                model.connection().get() == EventStream.State.RECONNECTING
                        ? "Connection to the server lost; reconnecting with backoff. Data shown may be stale." : "",
                model.connection()));
        banner.visibleProperty().bind(model.connection().isEqualTo(EventStream.State.RECONNECTING));
        banner.managedProperty().bind(banner.visibleProperty());
        showOverview();
    }

    @FXML
    public void showOverview() {
        overviewButton.setSelected(true);
        content.getChildren().setAll(overview);
    }

    @FXML
    public void showSessions() {
        sessionsButton.setSelected(true);
        content.getChildren().setAll(sessions);
    }

    @FXML
    private void toggleTheme() {
        dark = !dark;
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        theme.setText(dark ? "Light theme" : "Dark theme");
    }
}
