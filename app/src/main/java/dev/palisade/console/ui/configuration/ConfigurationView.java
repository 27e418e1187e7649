package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.ApiKeyView;
import dev.palisade.console.client.Dtos.BlacklistEntryView;
import dev.palisade.console.ui.common.KeptSelection;
import dev.palisade.console.client.Dtos.SigningKeyView;
import dev.palisade.console.client.Dtos.UserView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Moment;
import dev.palisade.console.ui.common.PromptFit;
import dev.palisade.console.ui.common.Today;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;

import java.io.File;

/** Controller of Configuration.fxml: one tab per section; every change goes to the server, which applies it live. */
public final class ConfigurationView {

    private final ConfigurationViewModel model;
    /** Every table's times: today's as the clock shows them, as Events, Fingerprints and Sessions do. */
    private final Today today;

    @FXML private javafx.scene.control.TabPane tabs;
    @FXML private GridPane settingsGrid;
    @FXML private Label settingsMessage;
    @FXML private Label settingsUnreadable;
    @FXML private Label settingsPutBack;
    @FXML private Label grace;
    @FXML private Label saltsNote;
    @FXML private TableView<SigningKeyView> signingKeys;
    @FXML private TableColumn<SigningKeyView, String> kidColumn;
    @FXML private TableColumn<SigningKeyView, String> keyStateColumn;
    @FXML private TableColumn<SigningKeyView, Moment> keyCreatedColumn;
    @FXML private TableColumn<SigningKeyView, Moment> keyRetiredColumn;
    @FXML private TableColumn<SigningKeyView, Moment> keyUntilColumn;
    @FXML private TableView<SigningKeyView> salts;
    @FXML private TableColumn<SigningKeyView, String> saltKidColumn;
    @FXML private TableColumn<SigningKeyView, String> saltStateColumn;
    @FXML private TableColumn<SigningKeyView, Moment> saltCreatedColumn;
    @FXML private TableColumn<SigningKeyView, Moment> saltRetiredColumn;
    @FXML private Label keysMessage;
    @FXML private Button rotateSigningKey;
    @FXML private Label signingMessage;
    @FXML private Label saltMessage;
    @FXML private ComboBox<String> blKind;
    @FXML private TextField blValue;
    @FXML private TextField blReason;
    @FXML private TextField blExpiry;
    @FXML private TableView<BlacklistEntryView> blacklist;
    @FXML private TableColumn<BlacklistEntryView, String> blKindColumn;
    @FXML private TableColumn<BlacklistEntryView, String> blValueColumn;
    @FXML private TableColumn<BlacklistEntryView, String> blReasonColumn;
    @FXML private TableColumn<BlacklistEntryView, String> blByColumn;
    @FXML private TableColumn<BlacklistEntryView, Moment> blExpiresColumn;
    @FXML private Button blRemove;
    @FXML private Label blacklistMessage;
    @FXML private javafx.scene.control.Tab windowsTab;
    @FXML private javafx.scene.control.Tab rulesTab;
    @FXML private TextField userName;
    @FXML private PasswordField userPassword;
    @FXML private Button deleteUser;
    @FXML private TableView<UserView> users;
    @FXML private TextField userFilter;
    @FXML private Label listsUnreadable;
    @FXML private TableColumn<UserView, String> userNameColumn;
    @FXML private TableColumn<UserView, String> userStateColumn;
    @FXML private TableColumn<UserView, Moment> userCreatedColumn;
    @FXML private TextField keyName;
    @FXML private TextField keyScopes;
    @FXML private Button revokeKey;
    @FXML private HBox createdBox;
    @FXML private TextField createdKey;
    @FXML private TableView<ApiKeyView> apiKeys;
    @FXML private TableColumn<ApiKeyView, String> keyNameColumn;
    @FXML private TableColumn<ApiKeyView, String> keyScopesColumn;
    @FXML private TableColumn<ApiKeyView, String> keyApiStateColumn;
    @FXML private TableColumn<ApiKeyView, Moment> keyLastUsedColumn;
    @FXML private Label userMessage;
    @FXML private Label keyMessage;

    public ConfigurationView(ConfigurationViewModel model, Today today) {
        this.model = model;
        this.today = today;
    }

    @FXML
    private void initialize() {
        SettingsSection settings = model.settings();
        settings.rows().addListener((javafx.collections.ListChangeListener<SettingRow>) c -> buildSettings());
        buildSettings();
        settingsMessage.textProperty().bind(settings.message());
        settingsUnreadable.textProperty().bind(settings.unreadable());
        settingsUnreadable.visibleProperty().bind(settingsUnreadable.textProperty().isNotEmpty());
        settingsUnreadable.managedProperty().bind(settingsUnreadable.visibleProperty());
        settingsPutBack.textProperty().bind(settings.putBack());
        settingsPutBack.visibleProperty().bind(settingsPutBack.textProperty().isNotEmpty());
        settingsPutBack.managedProperty().bind(settingsPutBack.visibleProperty());

        KeysSection keys = model.keys();
        grace.textProperty().bind(keys.grace());
        Columns.text(kidColumn, SigningKeyView::kid);
        Columns.text(keyStateColumn, SigningKeyView::state);
        Columns.time(keyCreatedColumn, SigningKeyView::createdAt, today);
        Columns.time(keyRetiredColumn, SigningKeyView::retiredAt, today);
        Columns.time(keyUntilColumn, SigningKeyView::verifiesUntil, today);
        Columns.sortable(signingKeys, keys.signingKeys());
        Columns.text(saltKidColumn, SigningKeyView::kid);
        Columns.text(saltStateColumn, KeysSection::saltState);
        saltsNote.textProperty().bind(keys.saltsNote());
        Columns.time(saltCreatedColumn, SigningKeyView::createdAt, today);
        Columns.time(saltRetiredColumn, SigningKeyView::retiredAt, today);
        Columns.sortable(salts, keys.salts());
        keysMessage.textProperty().bind(keys.message());
        keysMessage.managedProperty().bind(keysMessage.textProperty().isNotEmpty());
        signingMessage.textProperty().bind(keys.signingMessage());
        saltMessage.textProperty().bind(keys.saltMessage());

        BlacklistSection bl = model.blacklist();
        blKind.getItems().setAll("ip", "user_agent", "session", "token");
        blKind.setValue("ip");
        Columns.text(blKindColumn, BlacklistEntryView::kind);
        Columns.text(blValueColumn, BlacklistEntryView::value);
        Columns.text(blReasonColumn, BlacklistEntryView::reason);
        Columns.text(blByColumn, BlacklistEntryView::createdBy);
        Columns.time(blExpiresColumn, BlacklistEntryView::expiresAt, today, "never");
        Columns.sortable(blacklist, bl.entries());
        blRemove.disableProperty().bind(blacklist.getSelectionModel().selectedItemProperty().isNull());
        blacklistMessage.textProperty().bind(bl.message());
        blValue.textProperty().bindBidirectional(bl.draft());
        for (TextField field : java.util.List.of(blValue, blReason, blExpiry)) PromptFit.install(field);

        windowsTab.setContent(new RateWindowsPane(model.windows()));
        rulesTab.setContent(new SequenceRulesPane(model.rules()));

        AccessSection access = model.access();
        Columns.text(userNameColumn, UserView::username);
        Columns.text(userStateColumn, u -> u.disabled() ? "disabled" : "enabled");
        Columns.markRows(users, "disabled-user", UserView::disabled);
        Columns.time(userCreatedColumn, UserView::createdAt, today);
        Columns.sortable(users, access.shownUsers());
        userFilter.textProperty().bindBidirectional(access.userFilter());
        listsUnreadable.textProperty().bind(access.unreadable());
        deleteUser.disableProperty().bind(users.getSelectionModel().selectedItemProperty().isNull());
        Columns.text(keyNameColumn, ApiKeyView::name);
        Columns.text(keyScopesColumn, k -> String.join(", ", k.scopes()));
        Columns.text(keyApiStateColumn, ApiKeyView::state);
        Columns.time(keyLastUsedColumn, ApiKeyView::lastUsedAt, today);
        Columns.sortable(apiKeys, access.apiKeys());
        Label noKeys = new Label("No API keys yet. Create one above for a script or a server that calls the API:"
                + " its key is shown once.");
        noKeys.setWrapText(true); // at 1024 px its table is half the tab wide: "its key is sho…" (ux48)
        noKeys.setPadding(new javafx.geometry.Insets(0, 12, 0, 12));
        apiKeys.setPlaceholder(noKeys);
        Label noUsers = new Label();
        noUsers.textProperty().bind(Bindings.when(access.userFilter().isEmpty())
                .then("No users yet. Create one above; people log in on the client page with it.")
                .otherwise(Bindings.concat("No user name contains \u201c", access.userFilter(), "\u201d.")));
        users.setPlaceholder(noUsers);
        revokeKey.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ApiKeyView k = apiKeys.getSelectionModel().getSelectedItem();
            return k == null || !"active".equals(k.state());
        }, apiKeys.getSelectionModel().selectedItemProperty()));
        createdKey.textProperty().bind(access.createdKey());
        createdBox.visibleProperty().bind(Bindings.isNotEmpty(access.createdKey()));
        createdBox.managedProperty().bind(createdBox.visibleProperty());
        note(userMessage, access.userNote());
        note(keyMessage, access.keyNote());

        tabs.getTabs().add(new javafx.scene.control.Tab("Debug", new DebugTokensPane(model.debugTokens(), today)));
        tabs.getTabs().add(new javafx.scene.control.Tab("Fingerprint", new FingerprintPolicyPane(model.fingerprintPolicy())));
        tabs.getTabs().add(new javafx.scene.control.Tab("Alerts", new AlertsPane(model.alerts())));
        tabs.getTabs().add(new javafx.scene.control.Tab("Operators", new OperatorsPane(model.operators(), today)));
        tabs.getTabs().add(AuditTrailPane.tab(model.auditTrail(), today));
        // an edit kept while the operator looked elsewhere was marked nowhere (ux44 D9): its tab is, until applied or reloaded
        model.unappliedTabs().addListener((o, was, now) -> markUnapplied(now));
        markUnapplied(model.unappliedTabs().get());
        // a cell cut to fit is read whole on hover (ux48b: a blacklist entry's reason read "…page by page throu...")
        for (var c : java.util.List.of(kidColumn, keyStateColumn, saltKidColumn, saltStateColumn)) Columns.tipped(c);
        for (var c : java.util.List.of(blKindColumn, blValueColumn, blReasonColumn, blByColumn)) Columns.tipped(c);
        Columns.tipped(userNameColumn);
        for (var c : java.util.List.of(keyNameColumn, keyScopesColumn)) Columns.tipped(c);
        ColumnFit.install(signingKeys, salts, blacklist, users, apiKeys);
        // the lists follow changes made elsewhere: a reload keeps the row the operator was about to act on
        KeptSelection.keep(blacklist, BlacklistEntryView::id, e -> { });
        KeptSelection.keep(users, UserView::username, u -> { });
        KeptSelection.keep(apiKeys, ApiKeyView::id, k -> { });
        // a tab chosen shows its lists as they are now (an API key's last use, a user made elsewhere); the
        // forms keep what the operator typed, and the audit trail the pages the operator read on
        java.util.Map<String, Runnable> lists = java.util.Map.of("Keys", model.keys()::load, "Blacklist", model.blacklist()::load,
                "Access", model.access()::load, "Debug", model.debugTokens()::load, "Operators", model.operators()::load);
        model.accessShown().bind(Bindings.createBooleanBinding(() -> {
            var tab = tabs.getSelectionModel().getSelectedItem();
            return tab != null && "Access".equals(tab.getText());
        }, tabs.getSelectionModel().selectedItemProperty()));
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            Runnable load = now == null ? null : lists.get(now.getText());
            if (load != null) load.run();
        });
    }

    private static final double COLUMN_GAP = 10;

    private void buildSettings() {
        settingsGrid.getChildren().clear();
        int row = 0;
        for (SettingRow r : model.settings().rows()) {
            Label name = new Label(r.field().label());
            name.setTooltip(new Tooltip(r.field().name()));
            javafx.scene.control.Control value;
            Label unit;
            if (r.field().isChoice()) {
                javafx.scene.control.ChoiceBox<String> choice = new javafx.scene.control.ChoiceBox<>(
                        javafx.collections.FXCollections.observableArrayList(r.field().choices()));
                choice.valueProperty().bindBidirectional(r.value());
                value = choice;
                unit = new Label("one of " + String.join(", ", r.field().choices()));
            } else {
                TextField text = new TextField();
                text.setPrefColumnCount(9);
                text.textProperty().bindBidirectional(r.value());
                value = text;
                unit = new Label(r.field().unit() + "  (" + r.field().min() + "–" + r.field().max() + ")");
            }
            value.setId("setting-" + r.field().name());
            unit.getStyleClass().add("text-muted");
            Label error = new Label();
            error.getStyleClass().add("error-text");
            error.textProperty().bind(r.error());
            // "must be between 10 and 86400 s" beside a 1024 px window's long descriptions: wrapped, not cut
            error.setWrapText(true);
            error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            error.setMinWidth(120);
            Label description = new Label(r.field().description());
            description.getStyleClass().add("text-muted");
            // wrapped as the error is: cut, a long one ended in "…" with nothing to hover, at 1440 px too (ux48)
            description.setWrapText(true);
            description.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            // the columns kept apart by margins, not the grid's hgap: a grid measures a wrapped label spanning columns
            // without the gaps between them, and a description within 20 px of the edge was given a second line's room
            GridPane.setMargin(name, new javafx.geometry.Insets(0, COLUMN_GAP, 0, 0));
            GridPane.setMargin(unit, new javafx.geometry.Insets(0, 0, 0, COLUMN_GAP));
            GridPane.setMargin(error, new javafx.geometry.Insets(0, 0, 0, COLUMN_GAP));
            settingsGrid.addRow(row++, name, value, unit, error);
            settingsGrid.add(description, 1, row++, 3, 1);
        }
    }


    @FXML private void applySettings() { model.settings().apply(); }
    @FXML private void reloadSettings() { model.settings().load(); }
    /** With no grace the rotation logs every user out: the operator is asked first (the model reads the grace). */
    @FXML private void rotateSigningKey() {
        model.keys().rotateSigningKey((header, detail) -> Dialogs.confirm(rotateSigningKey, header, detail));
    }

    @FXML private void rotateSalt() { model.keys().rotateSalt(); }

    @FXML
    private void previewBlacklist() {
        model.blacklist().preview(blKind.getValue(), blValue.getText());
    }

    @FXML
    private void addBlacklist() {
        model.blacklist().add(blKind.getValue(), blValue.getText(), blReason.getText(), blExpiry.getText());
    }

    @FXML
    private void removeBlacklist() {
        BlacklistEntryView e = blacklist.getSelectionModel().getSelectedItem();
        if (e != null && Dialogs.confirm(blacklist, "Remove " + e.value() + " from the blacklist?", "It is allowed again at once.")) {
            model.blacklist().remove(e);
        }
    }

    @FXML
    private void importBlacklist() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import blacklist entries (one a line)");
        File file = chooser.showOpenDialog(blacklist.getScene().getWindow());
        // what the file would add is shown first: a line that is no address is a User-Agent pattern
        if (file != null) model.blacklist().planImport(file.toPath(), plan -> {
            if (Dialogs.confirm(blacklist, plan.header(), plan.detail())) model.blacklist().importPlanned(plan);
        });
    }

    /** A form's note under it, in the error style when the server refused; no room taken while there is none. */
    private static void note(Label label, FormNote note) {
        label.textProperty().bind(note.text());
        label.visibleProperty().bind(Bindings.isNotEmpty(note.text()));
        label.managedProperty().bind(label.visibleProperty());
        label.getStyleClass().setAll("label", note.refused().get() ? "error-text" : "text-muted");
        note.refused().addListener((o, was, now) -> label.getStyleClass().setAll("label", now ? "error-text" : "text-muted"));
    }

    @FXML
    private void createUser() {
        // cleared once created: refused (a taken name, a short password), it is kept to try again
        model.access().createUser(userName.getText(), userPassword.getText(), userPassword::clear);
    }

    @FXML
    private void deleteUser() {
        UserView u = users.getSelectionModel().getSelectedItem();
        if (u != null && Dialogs.confirm(users, "Delete user " + u.username() + "?", "Their sessions are revoked at once.")) {
            model.access().deleteUser(u);
        }
    }

    @FXML
    private void createKey() {
        model.access().createApiKey(keyName.getText(), keyScopes.getText());
    }

    @FXML
    private void revokeKey() {
        ApiKeyView k = apiKeys.getSelectionModel().getSelectedItem();
        if (k != null && Dialogs.confirm(apiKeys, "Revoke API key " + k.name() + "?", "Calls with it are refused at once.")) {
            model.access().revokeApiKey(k);
        }
    }

    @FXML
    private void dismissKey() {
        model.access().forgetCreatedKey();
    }

    @FXML
    private void copyKey() {
        ClipboardContent content = new ClipboardContent();
        content.putString(createdKey.getText());
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** A dot before each named tab's title, the tab's tooltip saying why; none elsewhere. */
    private void markUnapplied(java.util.List<String> names) {
        for (javafx.scene.control.Tab tab : tabs.getTabs()) {
            boolean held = names.contains(tab.getText());
            boolean marked = tab.getGraphic() != null && tab.getGraphic().getStyleClass().contains("unapplied-mark");
            if (held == marked) continue;
            if (held) {
                Label dot = new Label("•");
                dot.getStyleClass().add("unapplied-mark");
                dot.setId("unapplied-" + tab.getText());
                tab.setGraphic(dot);
                tab.setTooltip(new Tooltip(UNAPPLIED_TIP));
            } else {
                tab.setGraphic(null);
                tab.setTooltip(null);
            }
        }
    }

    static final String UNAPPLIED_TIP = "Holds changes not applied: Apply puts them in force, Reload drops them.";
}
