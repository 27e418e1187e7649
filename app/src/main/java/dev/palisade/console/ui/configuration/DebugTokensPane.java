package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.DebugTokenView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Today;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Configuration view's "Debug tokens" tab: list, create (the value shown once, with a copy hint,
 * until dismissed), revoke. Built in code beside the FXML tabs so ConfigurationView stays small; it
 * only binds to {@link DebugTokensSection}.
 */
public final class DebugTokensPane extends VBox {

    public DebugTokensPane(DebugTokensSection section, Today today) {
        super(8);
        setPadding(new Insets(10, 4, 4, 4));
        setId("debug-tokens");

        Label intro = new Label("A debug token lets tests and tooling bootstrap without the page's proof of work and"
                + " challenge, nothing else. Every use is an event naming it. None exists unless you create one.");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        intro.getStyleClass().add("text-muted");

        TextField name = new TextField();
        name.setId("debug-token-name");
        name.setPromptText("name, e.g. ci");
        name.setPrefColumnCount(14);
        ComboBox<DebugTokensSection.Lifetime> lifetime = new ComboBox<>();
        lifetime.setId("debug-token-lifetime");
        lifetime.getItems().setAll(DebugTokensSection.LIFETIMES);
        lifetime.setValue(DebugTokensSection.LIFETIMES.get(1));
        Button create = new Button("Create token");
        create.setId("debug-token-create");
        create.setOnAction(e -> section.create(name.getText(), lifetime.getValue()));
        TableView<DebugTokenView> table = table(section, today);
        dev.palisade.console.ui.common.KeptSelection.keep(table, DebugTokenView::id, x -> { }); // across reloads
        Button revoke = new Button("Revoke token…");
        revoke.setId("debug-token-revoke");
        revoke.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            DebugTokenView t = table.getSelectionModel().getSelectedItem();
            return t == null || !"active".equals(t.state());
        }, table.getSelectionModel().selectedItemProperty(), section.tokens()));
        revoke.setOnAction(e -> {
            DebugTokenView t = table.getSelectionModel().getSelectedItem();
            if (t != null && Dialogs.confirm(table, "Revoke debug token '" + t.name() + "'?",
                    "Bootstraps with it are refused at once; it cannot be restored.")) {
                section.revoke(t);
            }
        });
        HBox form = new HBox(8, new Label("Debug tokens"), name, new Label("lifetime"), lifetime, create, revoke);
        form.setAlignment(Pos.CENTER_LEFT);
        form.getChildren().get(0).getStyleClass().add("title-4");

        Label message = new Label();
        message.setId("debug-token-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(section.message());

        getChildren().addAll(intro, form, shownOnce(section), table, message);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    private static TableView<DebugTokenView> table(DebugTokensSection section, Today today) {
        TableView<DebugTokenView> table = Columns.sortable(section.tokens());
        table.setId("debug-token-table");
        table.setPlaceholder(new Label("No debug tokens: bootstraps all need the page's work and challenge."));
        table.getColumns().add(column("Name", 160, DebugTokenView::name));
        table.getColumns().add(column("State", 90, DebugTokenView::state));
        // today's without the date, as Events, Fingerprints and Sessions
        table.getColumns().add(Columns.time("Expires", 130, DebugTokenView::expiresAt, today));
        TableColumn<DebugTokenView, String> uses = column("Uses", 60, t -> Long.toString(t.uses()));
        Columns.numeric(uses, t -> Long.toString(t.uses()));
        table.getColumns().add(uses);
        table.getColumns().add(Columns.time("Last used", 130, DebugTokenView::lastUsedAt, today));
        table.getColumns().add(Columns.time("Created", 130, DebugTokenView::createdAt, today));
        ColumnFit.install(table);
        return table;
    }

    private static TableColumn<DebugTokenView, String> column(String title, double width,
                                                              java.util.function.Function<DebugTokenView, String> value) {
        TableColumn<DebugTokenView, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        Columns.text(c, value);
        Columns.tipped(c); // cut to fit, read whole on hover (ux48b)
        return c;
    }

    /** The new token's value with a copy button, visible until dismissed: the only time it is shown. */
    private static VBox shownOnce(DebugTokensSection section) {
        TextField value = new TextField();
        value.setId("debug-token-value");
        value.setEditable(false);
        value.textProperty().bind(section.created());
        HBox.setHgrow(value, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(value.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button done = new Button("Done");
        done.setId("debug-token-dismiss");
        done.setOnAction(e -> section.dismissCreated());
        Label hint = new Label("Copy the token now and keep it like a password: it is shown this once and never again."
                + " Send it as \"debugToken\" in POST /auth/bootstrap.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        hint.getStyleClass().add("warning-text");
        VBox box = new VBox(4, hint, new HBox(8, value, copy, done));
        box.setId("debug-token-created");
        box.visibleProperty().bind(Bindings.isNotEmpty(section.created()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
