package dev.palisade.console.ui.configuration;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Configuration view's "Alerts" tab: when the server raises an alert, shown in the window as a notice and a
 * dot on the view that explains it. Built in code like {@link DebugTokensPane}; binds to {@link AlertsSection}.
 */
public final class AlertsPane extends VBox {

    /**
     * The auto-block's switch, naming where its count is set as the operator finds it: the tab and the field's label
     * (it named a "Settings" tab the console has not, and the API's key, session 50).
     */
    static final String AUTO_BLOCKED = "Each address the auto-block puts on the blacklist (how many denials: TTLs › Auto-block after denials)";

    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    public AlertsPane(AlertsSection section) {
        super(10);
        setPadding(new Insets(10, 4, 4, 4));
        setId("alerts");

        Label intro = new Label("The server raises an alert when one of these happens; the console shows it in a bar at"
                + " the top of the window and puts a dot on the view that explains it: Overview for refusals,"
                + " Fingerprints for automated browsers, Events for auto-blocks and logins refused busy (each refusal is"
                + " listed there), Sessions for one user's many logins.");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        intro.getStyleClass().add("text-muted");

        TextField denied = new TextField();
        denied.setId("alerts-denied");
        denied.setPrefColumnCount(8);
        denied.textProperty().bindBidirectional(section.deniedPerMinute());
        denied.setOnAction(e -> section.apply());
        section.fieldInError().addListener((o, was, now) ->
                denied.pseudoClassStateChanged(DANGER, AlertsSection.DENIED_PER_MINUTE.equals(now)));
        HBox deniedRow = new HBox(8, new Label("More than"), denied, new Label("refusals within a minute (0 = off;"
                + " at most one alert a minute while it stays above)"));
        deniedRow.setAlignment(Pos.CENTER_LEFT);

        TextField logins = new TextField();
        logins.setId("alerts-logins");
        logins.setPrefColumnCount(8);
        logins.textProperty().bindBidirectional(section.loginsPerUser());
        logins.setOnAction(e -> section.apply());
        section.fieldInError().addListener((o, was, now) ->
                logins.pseudoClassStateChanged(DANGER, AlertsSection.LOGINS_PER_USER.equals(now)));
        // a farm of one account's sessions: each login paid its page, so only the count of one user's logins shows it
        Label moreThan = new Label("More than");
        Label loginsText = new Label("logins of one user within 10 minutes (0 = off; at most one alert per user in 10"
                + " minutes while it stays above)");
        // the longer of the two rows: at 1024 px its words wrap, its start and its field keep their width
        moreThan.setMinWidth(Region.USE_PREF_SIZE);
        logins.setMinWidth(Region.USE_PREF_SIZE);
        loginsText.setWrapText(true);
        loginsText.setMinHeight(Region.USE_PREF_SIZE);
        HBox loginsRow = new HBox(8, moreThan, logins, loginsText);
        loginsRow.setAlignment(Pos.CENTER_LEFT);

        CheckBox automation = new CheckBox("Each new session from a browser that looks automated");
        automation.setId("alerts-automation");
        automation.selectedProperty().bindBidirectional(section.automationSuspected());
        CheckBox blocked = new CheckBox(AUTO_BLOCKED);
        blocked.setId("alerts-auto-blocked");
        blocked.selectedProperty().bindBidirectional(section.ipAutoBlocked());
        // a flood of guesses keeps everyone out with login_busy; refusals alone alert only if deniedPerMinute is on
        CheckBox busy = new CheckBox("Logins refused because the password checks are full (a flood of guesses; at once,"
                + " then at most one alert a minute while it goes on)");
        busy.setId("alerts-logins-busy");
        busy.setWrapText(true);
        busy.setMinHeight(Region.USE_PREF_SIZE);
        busy.selectedProperty().bindBidirectional(section.loginsBusy());

        Button apply = new Button("Apply");
        apply.setId("alerts-apply");
        apply.setDefaultButton(false);
        apply.setOnAction(e -> section.apply());

        Label message = new Label();
        message.setId("alerts-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(section.message());
        section.fieldInError().addListener((o, was, now) -> message.getStyleClass().setAll(now.isEmpty()
                ? java.util.List.of("label", "text-muted") : java.util.List.of("label", "error-text")));

        Label title = new Label("Alerts");
        title.getStyleClass().add("title-4");
        HBox bar = new HBox(8, apply, FormParts.reloadButton("alerts-reload", section::load));
        getChildren().addAll(title, intro, deniedRow, loginsRow, automation, blocked, busy, bar, message,
                FormParts.unreadable(section.unreadable(), "alerts-unreadable"));
    }
}
