package dev.palisade.console.ui.fingerprints;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.KeptSelection;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;


/** Controller of Fingerprints.fxml. */
public final class FingerprintsView {

    private final FingerprintsViewModel model;

    @FXML private Label error;
    @FXML private Label busy;
    @FXML private TableView<Mismatch> table;
    @FXML private TableColumn<Mismatch, dev.palisade.console.ui.common.Moment> atColumn;
    @FXML private TableColumn<Mismatch, String> countColumn;
    @FXML private TableColumn<Mismatch, String> userColumn;
    @FXML private TableColumn<Mismatch, String> ipColumn;
    @FXML private TableColumn<Mismatch, String> outcomeColumn;
    @FXML private TableColumn<Mismatch, String> sessionColumn;
    @FXML private TableColumn<Mismatch, String> requestColumn;
    @FXML private TableView<Change> changes;
    @FXML private TableColumn<Change, String> componentColumn;
    @FXML private TableColumn<Change, String> fromColumn;
    @FXML private TableColumn<Change, String> toColumn;
    @FXML private TableColumn<Change, String> actionColumn;
    @FXML private Label detailTitle;
    @FXML private Button accept;
    @FXML private Button revoke;
    @FXML private Button blacklist;
    @FXML private Label message;

    private final dev.palisade.console.ui.common.Today today;

    public FingerprintsView(FingerprintsViewModel model, dev.palisade.console.ui.common.Today today) {
        this.model = model;
        this.today = today;
    }

    @FXML
    private void initialize() {
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        busy.textProperty().bind(model.busy());
        busy.visibleProperty().bind(model.busy().isNotEmpty());
        busy.managedProperty().bind(busy.visibleProperty());
        Columns.time(atColumn, m -> m.latest().at(), today); // today's without the date: room for the user
        Columns.numeric(countColumn, m -> Integer.toString(m.count()));
        Columns.text(userColumn, m -> m.latest().user());
        Columns.text(ipColumn, m -> m.latest().ip());
        Columns.text(outcomeColumn, model::outcomeOf);
        model.settled().addListener((javafx.collections.MapChangeListener<String, String>) c -> table.refresh());
        Columns.text(sessionColumn, m -> m.latest().sessionId());
        Columns.text(requestColumn, m -> m.latest().method() + " " + m.latest().path());
        Columns.sortable(table, model.mismatches());
        table.setPlaceholder(new Label("No fingerprint has changed."));
        // a new refusal of the same change replaces its row: the operator's selection stays on it
        KeptSelection.keep(table, m -> Mismatch.key(m.latest()), model::select);
        Columns.text(componentColumn, c -> dev.palisade.console.ui.common.Explanations.fingerprintComponent(c.component()));
        Columns.text(fromColumn, Change::from);
        Columns.text(toColumn, Change::to);
        // a User-Agent is cut just where it changed: the whole value is in the cell's tooltip
        Columns.tipped(fromColumn);
        Columns.tipped(toColumn);
        Columns.text(actionColumn, Change::action);
        changes.setItems(model.changes());
        changes.setPlaceholder(new Label("Select a mismatch."));
        Columns.markRows(changes, "changed", Change::changed);
        var none = model.selected().isNull();
        accept.disableProperty().bind(model.canAccept().not());
        revoke.disableProperty().bind(model.canRevoke().not());
        detailTitle.textProperty().bind(model.heading());
        blacklist.disableProperty().bind(none);
        message.textProperty().bind(model.message());
        // what happened and when are read whole; a session id or a request cut still says which
        ColumnFit.keptWhole(atColumn);
        ColumnFit.keptWhole(outcomeColumn);
        ColumnFit.givesWayFirst(sessionColumn);
        ColumnFit.givesWayFirst(requestColumn);
        for (var c : java.util.List.of(userColumn, ipColumn, outcomeColumn, sessionColumn, requestColumn)) Columns.tipped(c);
        ColumnFit.install(table, changes);
    }


    @FXML
    private void accept() {
        EventView e = model.selected().get();
        if (e != null && Dialogs.confirmHarmless(table, "Accept the new fingerprint of " + e.user() + "'s session?",
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
