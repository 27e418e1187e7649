package dev.palisade.console.ui.fingerprints;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Formats;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;


/** Controller of Fingerprints.fxml. */
public final class FingerprintsView {

    private final FingerprintsViewModel model;

    @FXML private Label error;
    @FXML private TableView<EventView> table;
    @FXML private TableColumn<EventView, String> atColumn;
    @FXML private TableColumn<EventView, String> userColumn;
    @FXML private TableColumn<EventView, String> ipColumn;
    @FXML private TableColumn<EventView, String> outcomeColumn;
    @FXML private TableColumn<EventView, String> sessionColumn;
    @FXML private TableColumn<EventView, String> requestColumn;
    @FXML private TableView<Change> changes;
    @FXML private TableColumn<Change, String> componentColumn;
    @FXML private TableColumn<Change, String> fromColumn;
    @FXML private TableColumn<Change, String> toColumn;
    @FXML private TableColumn<Change, String> actionColumn;
    @FXML private Button accept;
    @FXML private Button revoke;
    @FXML private Button blacklist;
    @FXML private Label message;

    public FingerprintsView(FingerprintsViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        Columns.text(atColumn, e -> Formats.time(e.at()));
        Columns.text(userColumn, EventView::user);
        Columns.text(ipColumn, EventView::ip);
        Columns.text(outcomeColumn, model::outcomeOf);
        model.settled().addListener((javafx.collections.MapChangeListener<String, String>) c -> table.refresh());
        Columns.text(sessionColumn, EventView::sessionId);
        Columns.text(requestColumn, e -> e.method() + " " + e.path());
        table.setItems(model.mismatches());
        table.setPlaceholder(new Label("No fingerprint has changed."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.select(b));
        Columns.text(componentColumn, Change::component);
        Columns.text(fromColumn, Change::from);
        Columns.text(toColumn, Change::to);
        Columns.text(actionColumn, Change::action);
        changes.setItems(model.changes());
        changes.setPlaceholder(new Label("Select a mismatch."));
        Columns.markRows(changes, "changed", Change::changed);
        var none = model.selected().isNull();
        accept.disableProperty().bind(model.canAccept().not());
        revoke.disableProperty().bind(none);
        blacklist.disableProperty().bind(none);
        message.textProperty().bind(model.message());
    }


    @FXML
    private void accept() {
        EventView e = model.selected().get();
        if (e != null && Dialogs.confirm(table, "Accept the new fingerprint of " + e.user() + "'s session?",
                "The session goes on from the new browser or network without a login; calls from the old one are refused from then on.")) {
            model.accept();
        }
    }

    @FXML
    private void revoke() {
        if (Dialogs.confirm(table, "Revoke this session?", "Its tokens stop working at once.")) model.revokeSession();
    }

    @FXML
    private void blacklist() {
        EventView e = model.selected().get();
        if (e != null && Dialogs.confirm(table, "Blacklist " + e.ip() + "?", "Every call from it will be refused (403).")) {
            model.blacklistAddress();
        }
    }
}
