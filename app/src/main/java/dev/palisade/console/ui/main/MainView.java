package dev.palisade.console.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.palisade.console.client.EventStream;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/** Controller of Main.fxml: navigation between the views, the status bar, the connection banner, the theme. */
public final class MainView {

    private final MainViewModel model;
    private final List<Section> sections;
    private final javafx.beans.value.ObservableIntegerValue busy;
    private final Runnable connect;
    private final Runnable protect;
    private final Runnable retry;
    private final List<ToggleButton> buttons = new ArrayList<>();
    private final java.util.Map<Integer, ScrollPane> scrollers = new java.util.HashMap<>();
    private boolean dark;
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(-1);

    @FXML private Label banner;
    @FXML private Button retryButton;
    @FXML private Button bannerConnect;
    @FXML private javafx.scene.layout.HBox bannerBox;
    @FXML private Label server;
    @FXML private Label connection;
    @FXML private Label rate;
    @FXML private VBox nav;
    @FXML private StackPane content;
    @FXML private Button theme;
    @FXML private javafx.scene.control.ProgressIndicator working;
    @FXML private Button protectButton;
    @FXML private javafx.scene.layout.HBox alertBox;
    @FXML private Label alertNotice;

    /**
     * @param busy    how much background work is in flight (a progress indicator shows while above 0)
     * @param connect opens the "connect to another server" dialog
     * @param protect  opens the "protect an API" dialog, or null when the server is not bundled
     * @param retry    reconnects the live stream now instead of at its next attempt
     */
    public MainView(MainViewModel model, List<Section> sections, javafx.beans.value.ObservableIntegerValue busy,
                    Runnable connect, Runnable protect, Runnable retry) {
        this.model = model;
        this.sections = List.copyOf(sections);
        this.busy = busy;
        this.connect = connect;
        this.protect = protect;
        this.retry = retry;
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            int index = i;
            ToggleButton b = new ToggleButton(s.name(), new FontIcon(s.icon()));
            b.setMaxWidth(Double.MAX_VALUE);
            b.setToggleGroup(group);
            b.setTooltip(new Tooltip(s.name() + " (Ctrl+" + (i + 1) + ")"));
            b.setOnAction(e -> show(index));
            buttons.add(b);
            nav.getChildren().add(b);
        }
        // a view stays selected: clicking the current one again must not leave the content empty
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null && was != null) was.setSelected(true);
        });
        working.visibleProperty().bind(Bindings.greaterThan(busy, 0));
        protectButton.setVisible(protect != null);
        protectButton.setManaged(protect != null);
        server.textProperty().bind(model.server());
        rate.textProperty().bind(model.eventRate());
        connection.textProperty().bind(Bindings.createStringBinding(() -> switch (model.connection().get()) {
            case CONNECTED -> "● live";
            case CONNECTING -> "○ connecting…";
            case RECONNECTING -> "○ reconnecting…";
            case REFUSED -> "○ token refused";
            case CLOSED -> "○ closed";
        }, model.connection()));
        banner.textProperty().bind(model.banner());
        bannerBox.visibleProperty().bind(model.connection().isEqualTo(EventStream.State.RECONNECTING)
                .or(model.connection().isEqualTo(EventStream.State.REFUSED)));
        bannerBox.managedProperty().bind(bannerBox.visibleProperty());
        // a refused token is not tried again: the way on is another token
        retryButton.visibleProperty().bind(model.connection().isEqualTo(EventStream.State.RECONNECTING));
        retryButton.managedProperty().bind(retryButton.visibleProperty());
        bannerConnect.visibleProperty().bind(model.connection().isEqualTo(EventStream.State.REFUSED));
        bannerConnect.managedProperty().bind(bannerConnect.visibleProperty());
        showAlerts();
        show(0);
    }

    /**
     * Shows the view at {@code index} (the order of the navigation, 0 first) as the operator asked for it: its button,
     * its shortcut or "Open view". Sessions opened so while login farms' alerts wait there lists one alerted user's
     * sessions, the latest's; each opening after lists the next one's, until none waits.
     */
    public void show(int index) {
        if (index < 0 || index >= sections.size()) return;
        String name = sections.get(index).name();
        // read before opening the view lets the first go; the others wait for the next openings, named meanwhile
        String alerted = model.alerts().userFor(name);
        if (AlertsViewModel.SESSIONS.equals(name) && !alerted.isEmpty()) {
            List<String> waiting = model.alerts().waiting(name);
            sessionsOf.accept(alerted, waiting.subList(1, waiting.size()));
        }
        open(index);
        model.alerts().opened(name);
    }

    /**
     * Shows the view at {@code index} with what another view has just put in it (the Overview's "Show sessions from
     * this address"): a waiting alert neither replaces that nor counts as seen (review 57: a login farm's alert turned
     * the address drill-down into a list of the alert's user).
     */
    public void showFilled(int index) {
        if (index < 0 || index >= sections.size()) return;
        open(index);
    }

    private void open(int index) {
        buttons.get(index).setSelected(true);
        content.getChildren().setAll(scrolling(index));
        shown.set(index);
        sections.get(index).onShow().run();
    }

    /** The index of the view on screen (the order of the navigation), -1 before the first is shown. */
    public ReadOnlyIntegerProperty shown() {
        return shown.getReadOnlyProperty();
    }

    /** The alert notice, and a dot on each view's button while an alert it explains is unseen. */
    private void showAlerts() {
        AlertsViewModel alerts = model.alerts();
        alertNotice.textProperty().bind(alerts.notice());
        alertBox.visibleProperty().bind(alerts.showing());
        alertBox.managedProperty().bind(alertBox.visibleProperty());
        for (int i = 0; i < buttons.size(); i++) {
            String name = sections.get(i).name();
            javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(4);
            dot.getStyleClass().add("nav-badge");
            dot.setId("badge-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            dot.visibleProperty().bind(alerts.badged(name));
            dot.setManaged(false); // on the icon's corner: the button keeps its size
            javafx.scene.layout.StackPane graphic = new javafx.scene.layout.StackPane(buttons.get(i).getGraphic(), dot);
            dot.setLayoutX(14);
            dot.setLayoutY(2);
            buttons.get(i).setGraphic(graphic);
            Tooltip plain = buttons.get(i).getTooltip();
            Tooltip alerted = new Tooltip();
            alerted.textProperty().bind(Bindings.concat(name, ": ", alerts.badgeTip(name))); // names the users waiting
            ToggleButton button = buttons.get(i);
            alerts.badged(name).addListener((o, was, now) -> button.setTooltip(now ? alerted : plain));
        }
    }

    @FXML
    private void dismissAlerts() {
        model.alerts().dismiss();
    }

    @FXML
    private void showAlerted() {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).name().equals(model.alerts().latestView().get())) show(i);
        }
    }

    private java.util.function.BiConsumer<String, List<String>> sessionsOf = (user, others) -> { };

    /**
     * Told, as Sessions opens while alerts naming users wait there ({@link AlertsViewModel#waiting}), the user whose
     * sessions to list, and the users still waiting after it, for the next openings.
     */
    public void onAlertedUser(java.util.function.BiConsumer<String, List<String>> listSessionsOf) {
        this.sessionsOf = listSessionsOf;
    }

    public int sectionCount() { return sections.size(); }

    /**
     * The view in a scroll pane that gives it the whole area when it fits and scrolls when the window
     * is smaller than the view's least size, so nothing is cut off at 1024×700.
     */
    private ScrollPane scrolling(int index) {
        return scrollers.computeIfAbsent(index, i -> {
            ScrollPane pane = new ScrollPane(sections.get(i).content());
            pane.setFitToWidth(true);
            pane.setFitToHeight(true);
            pane.getStyleClass().add("edge-to-edge");
            pane.setId("view-" + i);
            return pane;
        });
    }

    @FXML
    private void connect() {
        connect.run();
    }

    @FXML
    private void retryNow() {
        retry.run();
    }

    @FXML
    private void protect() {
        if (protect != null) protect.run();
    }

    @FXML
    private void toggleTheme() {
        showDark(!dark);
        themeChosen.accept(dark);
    }

    /** Shows the dark theme or the light one (the one the operator chose last time, once it is read). */
    public void showDark(boolean wanted) {
        dark = wanted;
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        theme.setText(dark ? "Light theme" : "Dark theme");
    }

    private java.util.function.Consumer<Boolean> themeChosen = dark -> { };

    /** Told the operator's choice of theme, to remember it. */
    public void onThemeChosen(java.util.function.Consumer<Boolean> remember) {
        this.themeChosen = remember;
    }
}
