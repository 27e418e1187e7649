package dev.palisade.console.ui.users;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.SessionView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Today;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Optional;
import java.util.function.Function;

/** The Users view: one user's account, sessions, refusals and fingerprint changes, and the actions on them. */
public final class UserPageView extends VBox {

    private final UserPageViewModel model;
    /** The day whose times are shown without their date: the tables are written again at midnight. */
    private final Today today;

    public UserPageView(UserPageViewModel model, Today today) {
        super(10);
        this.model = model;
        this.today = today;
        getStyleClass().add("view");
        setPadding(new Insets(16));
        Label title = new Label("Users");
        title.getStyleClass().add("title-2");
        ComboBox<String> who = new ComboBox<>(model.users());
        who.setId("user-choice");
        who.setEditable(true);
        who.setPromptText("user name");
        who.valueProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(model.chosen().get())) model.open(now);
        });
        model.chosen().addListener((o, was, now) -> {
            if (!now.equals(who.getValue())) who.setValue(now);
        });
        // the names read again (the view shown again) clear the box's value: the chosen user stays shown in it
        model.users().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!model.chosen().get().isEmpty() && !model.chosen().get().equals(who.getValue())) who.setValue(model.chosen().get());
        });
        Button create = new Button("New user…");
        create.setId("user-create");
        create.setMinWidth(Region.USE_PREF_SIZE);
        create.setOnAction(e -> askNewUser());
        HBox top = new HBox(12, title, who, create);
        top.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("user-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(model.status());

        var none = model.user().isNull();
        Button password = button("Set password…", "user-password", none, this::askPassword);
        Button revoke = button("Revoke all sessions…", "user-revoke", none, () -> {
            if (Dialogs.confirm(this, "Revoke every session of " + model.chosen().get() + "?",
                    "Their tokens stop working at once; they log in again to go on.")) model.revokeSessions();
        });
        Button lift = button("Lift login throttle", "user-lift", none.or(Bindings.createBooleanBinding(
                () -> model.user().get() == null || model.user().get().failedLogins() == null
                        || model.user().get().failedLogins() == 0, model.user())), model::liftThrottle);
        Button disable = button("Disable…", "user-disable", none, () -> {
            boolean disabled = model.user().get().disabled();
            if (disabled) {
                model.setDisabled(false);
            } else if (Dialogs.confirm(this, "Disable " + model.chosen().get() + "?",
                    "Their sessions are revoked and their logins refused (user_disabled) until you enable them.")) {
                model.setDisabled(true);
            }
        });
        disable.textProperty().bind(Bindings.createStringBinding(() -> model.user().get() != null && model.user().get().disabled()
                ? "Enable" : "Disable…", model.user()));
        Button delete = button("Delete…", "user-delete", none, () -> {
            if (Dialogs.confirm(this, "Delete " + model.chosen().get() + "?",
                    "Their sessions end at once, their failed logins are forgotten, and their data in the demo API is deleted.")) {
                model.deleteUser();
            }
        });
        HBox actions = new HBox(8, password, revoke, lift, disable, delete);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("user-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(model.message());
        Label busy = new Label(); // calm, not an error: the lists stay and are asked for again
        busy.setId("user-busy");
        busy.setWrapText(true);
        busy.setMinHeight(Region.USE_PREF_SIZE);
        busy.getStyleClass().add("text-muted");
        busy.textProperty().bind(model.busy());
        busy.visibleProperty().bind(model.busy().isNotEmpty());
        busy.managedProperty().bind(busy.visibleProperty());

        TabPane lists = new TabPane(new Tab("Sessions", sessions()), new Tab("Refusals", events(model.refusals(), "user-refusals",
                "No refused call of this user lately.")), new Tab("Fingerprint changes", events(model.fingerprints(),
                "user-fingerprints", "No fingerprint change for this user.")));
        lists.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(lists, Priority.ALWAYS);
        getChildren().addAll(top, status, actions, message, busy, lists);
    }

    private static Button button(String text, String id, javafx.beans.value.ObservableBooleanValue disabled, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.disableProperty().bind(disabled);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void askPassword() {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Set password");
        dialog.setHeaderText("A new password for " + model.chosen().get() + " (8 characters at least)");
        if (getScene() != null) dialog.initOwner(getScene().getWindow());
        PasswordField field = new PasswordField();
        field.setId("user-new-password");
        Label problem = new Label();
        problem.setId("user-password-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(360);
        dialog.getDialogPane().setContent(new javafx.scene.layout.VBox(8, field, problem));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        javafx.beans.property.BooleanProperty sending = new javafx.beans.property.SimpleBooleanProperty();
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        // nor closed while it is on its way: a refusal would then be shown nowhere, and the dialog's end unclear
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).disableProperty().bind(sending);
        // a short one was taken, the dialog closed, and the server's refusal came after: typed again from nothing
        ok.disableProperty().bind(field.textProperty().length().lessThan(8).or(sending));
        // open until the server answers: a refused password stays typed, with the reason under it
        sendOnOk(dialog, ok, sending, problem, (refused, done) -> model.setPassword(field.getText(), refused, done));
    }

    /**
     * OK sends, and the dialog stays open until the server answers: a refusal's reason under the fields, what
     * was typed kept; closed once it is done.
     */
    private static void sendOnOk(Dialog<String> dialog, Button ok, javafx.beans.property.BooleanProperty sending, Label problem,
                                 java.util.function.BiConsumer<java.util.function.Consumer<String>, Runnable> send) {
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            sending.set(true);
            problem.setText("");
            send.accept(why -> {
                sending.set(false);
                problem.setText(why);
            }, () -> {
                dialog.setResult("");
                dialog.close();
            });
        });
        dialog.setResultConverter(b -> null);
        dialog.showAndWait();
    }

    /** Name and password for a new user; open until the server answers, a refusal's reason under the fields. */
    private void askNewUser() {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("New user");
        dialog.setHeaderText("A user who logs in through the client page");
        if (getScene() != null) dialog.initOwner(getScene().getWindow());
        javafx.scene.control.TextField name = new javafx.scene.control.TextField();
        name.setId("user-new-name");
        name.setPrefColumnCount(20);
        PasswordField field = new PasswordField();
        field.setId("user-new-user-password");
        Label nameHint = new Label("1–64 letters, digits and . _ @ -");
        nameHint.getStyleClass().add("text-muted");
        Label passwordHint = new Label("8 characters at least");
        passwordHint.getStyleClass().add("text-muted");
        Label problem = Dialogs.errorLabel();
        problem.setId("user-create-problem");
        javafx.scene.layout.GridPane form = Dialogs.formGrid();
        form.addRow(0, new Label("Name"), name);
        form.add(nameHint, 1, 1);
        form.addRow(2, new Label("Password"), field);
        form.add(passwordHint, 1, 3);
        form.add(problem, 1, 4);
        dialog.getDialogPane().setContent(form);
        javafx.application.Platform.runLater(name::requestFocus);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        javafx.beans.property.BooleanProperty sending = new javafx.beans.property.SimpleBooleanProperty();
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).disableProperty().bind(sending);
        ok.disableProperty().bind(name.textProperty().isEmpty().or(field.textProperty().length().lessThan(8)).or(sending));
        sendOnOk(dialog, ok, sending, problem, (refused, done) -> model.createUser(name.getText(), field.getText(), refused, done));
    }

    private TableView<SessionView> sessions() {
        TableView<SessionView> t = Columns.sortable(model.sessions());
        t.setId("user-sessions");
        t.setPlaceholder(placeholder(model, "No sessions."));
        // today's without the date, as Events, Fingerprints and Sessions
        t.getColumns().add(keptWhole(Columns.time("Created", 80, SessionView::createdAt, today)));
        t.getColumns().add(keptWhole(Columns.time("Last seen", 80, SessionView::lastSeenAt, today)));
        t.getColumns().add(column("State", SessionView::state));
        t.getColumns().add(column("Address", SessionView::ip));
        TableColumn<SessionView, String> calls = column("Calls", s -> Long.toString(s.calls()));
        Columns.numeric(calls, s -> Long.toString(s.calls()));
        t.getColumns().add(calls);
        t.getColumns().add(column("User-Agent", SessionView::userAgent));
        ColumnFit.install(t);
        return t;
    }

    private TableView<EventView> events(javafx.collections.ObservableList<EventView> items, String id, String empty) {
        TableView<EventView> t = Columns.sortable(items);
        t.setId(id);
        t.setPlaceholder(placeholder(model, empty));
        t.getColumns().add(keptWhole(Columns.time("When", 80, EventView::at, today)));
        t.getColumns().add(column("Code", EventView::code));
        t.getColumns().add(column("Check", EventView::check));
        t.getColumns().add(column("Address", EventView::ip));
        t.getColumns().add(column("Request", e -> e.method().isEmpty() ? "" : e.method() + " " + e.path()));
        t.getColumns().add(column("Session", EventView::sessionId));
        ColumnFit.install(t);
        return t;
    }

    /** {@code empty} once a user is chosen: before, "No sessions." would tell of nobody. */
    private static Label placeholder(UserPageViewModel model, String empty) {
        Label l = new Label();
        l.textProperty().bind(Bindings.when(model.chosen().isEmpty()).then("Choose a user above.").otherwise(empty));
        return l;
    }

    /** A time cut short says nothing ("12-05 15:5…"): the other columns give way first. */
    private static <T, V> TableColumn<T, V> keptWhole(TableColumn<T, V> column) {
        ColumnFit.keptWhole(column);
        return column;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        Columns.text(c, value);
        return c;
    }
}
