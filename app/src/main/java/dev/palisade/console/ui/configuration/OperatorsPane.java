package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.OperatorView;
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

import java.util.function.Function;

/**
 * The Configuration view's "Operators" tab: list, create (the value shown once, with a copy button,
 * until dismissed), revoke after a confirmation. Built in code like {@link DebugTokensPane}; it only
 * binds to {@link OperatorsSection}.
 */
public final class OperatorsPane extends VBox {

    public OperatorsPane(OperatorsSection section, Today today) {
        super(8);
        setPadding(new Insets(10, 4, 4, 4));
        setId("operators");

        Label intro = new Label("An operator token lets a named person use the console or the admin API in your place:"
                + " a viewer can look at everything, an operator can also change settings, lists and sessions."
                + " Every change names who made it (see Audit trail). Only the owner, who holds admin.token, manages them.");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        intro.getStyleClass().add("text-muted");

        TextField name = new TextField();
        name.setId("operator-name");
        name.setPromptText("name, e.g. alice");
        name.setPrefColumnCount(14);
        name.textProperty().bindBidirectional(section.name());
        ComboBox<OperatorsSection.Role> role = new ComboBox<>();
        role.setId("operator-role");
        role.getItems().setAll(OperatorsSection.ROLES);
        role.valueProperty().bindBidirectional(section.role());
        Button create = new Button("Create token");
        create.setId("operator-create");
        create.setOnAction(e -> section.create());
        name.setOnAction(e -> section.create());
        TableView<OperatorView> table = table(section, today);
        dev.palisade.console.ui.common.KeptSelection.keep(table, OperatorView::id, x -> { }); // across reloads
        Button revoke = new Button("Revoke token…");
        revoke.setId("operator-revoke");
        revoke.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            OperatorView t = table.getSelectionModel().getSelectedItem();
            return t == null || !"active".equals(t.state());
        }, table.getSelectionModel().selectedItemProperty(), section.operators()));
        revoke.setOnAction(e -> {
            OperatorView t = table.getSelectionModel().getSelectedItem();
            if (t != null && Dialogs.confirm(table, "Revoke the operator token of '" + t.name() + "'?",
                    "Calls with it are refused from the next one on; it cannot be restored. Their past changes stay"
                            + " in the audit trail under their name.")) {
                section.revoke(t);
            }
        });
        Label roleLabel = new Label("role");
        // the name field gives way on a narrow window; labels and buttons stay whole
        for (Region whole : new Region[] {roleLabel, role, create, revoke}) whole.setMinWidth(Region.USE_PREF_SIZE);
        name.setMinWidth(120);
        HBox form = new HBox(8, name, roleLabel, role, create, revoke);
        form.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("operator-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(section.message());

        getChildren().addAll(intro, form, shownOnce(section), table, message);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    private static TableView<OperatorView> table(OperatorsSection section, Today today) {
        TableView<OperatorView> table = Columns.sortable(section.operators());
        table.setId("operator-table");
        table.setPlaceholder(new Label("No operator tokens: only the owner's token reaches the admin API."));
        table.getColumns().add(column("Name", 160, OperatorView::name));
        table.getColumns().add(column("Role", 90, OperatorView::role));
        table.getColumns().add(column("State", 90, OperatorView::state));
        // today's without the date, as Events, Fingerprints and Sessions
        table.getColumns().add(Columns.time("Created", 130, OperatorView::createdAt, today));
        table.getColumns().add(Columns.time("Last used", 130, OperatorView::lastUsedAt, today));
        table.getColumns().add(Columns.time("Revoked", 130, OperatorView::revokedAt, today));
        ColumnFit.install(table);
        return table;
    }

    private static TableColumn<OperatorView, String> column(String title, double width, Function<OperatorView, String> value) {
        TableColumn<OperatorView, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        Columns.text(c, value);
        Columns.tipped(c); // cut to fit, read whole on hover (ux48b)
        return c;
    }

    /** The new token's value with a copy button, visible until dismissed: the only time it is shown. */
    private static VBox shownOnce(OperatorsSection section) {
        TextField value = new TextField();
        value.setId("operator-token-value");
        value.setEditable(false);
        value.textProperty().bind(section.created());
        HBox.setHgrow(value, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("operator-token-copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(value.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button done = new Button("Done");
        done.setId("operator-token-dismiss");
        done.setOnAction(e -> section.dismissCreated());
        Label hint = new Label("Copy the token now and hand it over like a password: it is shown this once and never"
                + " again. Its holder enters it as the admin token when connecting the console, or sends it as"
                + " Authorization: Bearer to the admin API.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        hint.getStyleClass().add("warning-text");
        VBox box = new VBox(4, hint, new HBox(8, value, copy, done));
        box.setId("operator-created");
        box.visibleProperty().bind(Bindings.isNotEmpty(section.created()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
