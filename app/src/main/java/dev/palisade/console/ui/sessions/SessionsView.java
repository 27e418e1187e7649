package dev.palisade.console.ui.sessions;

import dev.palisade.console.client.Dtos.CallView;
import dev.palisade.console.client.Dtos.SessionDetail;
import dev.palisade.console.client.Dtos.SessionView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.FilterPlaceholder;
import dev.palisade.console.ui.common.KeptSelection;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.ui.common.Moment;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;


/** Controller of Sessions.fxml: binds the view model and asks before revoking or blacklisting. */
public final class SessionsView {

    private final SessionsViewModel model;
    /** The day whose times are shown without their date: its tables are written again at midnight. */
    private final dev.palisade.console.ui.common.Today today;

    @FXML private TextField user;
    @FXML private TextField ip;
    @FXML private ComboBox<String> state;
    @FXML private CheckBox live;
    @FXML private TableView<SessionView> table;
    @FXML private TableColumn<SessionView, String> userColumn;
    @FXML private TableColumn<SessionView, String> ipColumn;
    @FXML private TableColumn<SessionView, String> agentColumn;
    @FXML private TableColumn<SessionView, Moment> createdColumn;
    @FXML private TableColumn<SessionView, Moment> lastSeenColumn;
    @FXML private TableColumn<SessionView, Number> callsColumn;
    @FXML private TableColumn<SessionView, String> stateColumn;
    @FXML private TableColumn<SessionView, String> automationColumn;
    @FXML private TableView<CallView> calls;
    @FXML private TableColumn<CallView, Moment> callAtColumn;
    @FXML private TableColumn<CallView, String> callMethodColumn;
    @FXML private TableColumn<CallView, String> callPathColumn;
    @FXML private TableColumn<CallView, String> callCodeColumn;
    @FXML private TableColumn<CallView, String> callIpColumn;
    @FXML private Button previous;
    @FXML private Button next;
    @FXML private Label pageInfo;
    @FXML private Label detailTitle;
    @FXML private Label detailBegan;
    @FXML private Button revoke;
    @FXML private Button blacklist;
    @FXML private Button userPage;
    private final java.util.function.Consumer<String> openUser;
    @FXML private Label message;
    @FXML private Label alertFilter;

    public SessionsView(SessionsViewModel model) {
        this(model, user -> { }, dev.palisade.console.ui.common.Today.local());
    }

    /** @param openUser opens the user page of a session's user */
    public SessionsView(SessionsViewModel model, java.util.function.Consumer<String> openUser,
                        dev.palisade.console.ui.common.Today today) {
        this.openUser = openUser;
        this.model = model;
        this.today = today;
    }

    @FXML
    private void initialize() {
        user.textProperty().bindBidirectional(model.userFilter());
        ip.textProperty().bindBidirectional(model.ipFilter());
        state.getItems().setAll("all", "active", "revoked", "expired");
        state.valueProperty().bindBidirectional(model.stateFilter());
        state.valueProperty().addListener((o, a, b) -> model.search());
        live.selectedProperty().bindBidirectional(model.liveUpdates());

        Columns.text(userColumn, SessionView::user);
        Columns.text(ipColumn, SessionView::ip);
        Columns.text(agentColumn, SessionView::userAgent);
        Columns.time(createdColumn, SessionView::createdAt, today);
        Columns.time(lastSeenColumn, SessionView::lastSeenAt, today);
        callsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().calls()));
        Columns.text(stateColumn, SessionView::state);
        Columns.text(automationColumn, s -> SessionsViewModel.automation(s.automation()));
        Columns.markRows(table, "flagged", s -> !s.automation().isEmpty());
        Columns.sortable(table, model.rows());
        FilterPlaceholder.install(table, "No sessions match.", model.addressProblem(), ip);
        KeptSelection.keep(table, SessionView::id, model::select);

        Columns.time(callAtColumn, CallView::at, today);
        Columns.text(callMethodColumn, CallView::method);
        Columns.text(callPathColumn, CallView::path);
        Columns.text(callCodeColumn, c -> c.status() + " " + c.code());
        // a session's /24 is one fingerprint: a neighbour using its token shows here only (ladder red team 55, L2)
        Columns.text(callIpColumn, SessionsViewModel::address);
        calls.setItems(model.lastCalls());
        // the recent calls live in the memory of the node that served them: none from before its start, or through another node
        Label noCalls = new Label();
        noCalls.textProperty().bind(Bindings.when(model.selected().isNull()).then("No session chosen.")
                .otherwise("No recent calls kept for this session."));
        calls.setPlaceholder(noCalls);

        pageInfo.textProperty().bind(Bindings.createStringBinding(() -> {
            int total = model.total().get();
            int from = total == 0 ? 0 : model.offset().get() + 1;
            int to = Math.min(total, model.offset().get() + SessionsViewModel.PAGE);
            return from + "–" + to + " of " + total;
        }, model.total(), model.offset()));
        previous.disableProperty().bind(model.offset().isEqualTo(0));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.offset().get() + SessionsViewModel.PAGE >= model.total().get(), model.offset(), model.total()));
        detailTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            SessionDetail d = model.selected().get();
            return d == null ? "Select a session to see its last calls" : SessionsViewModel.heading(d);
        }, model.selected()));
        detailBegan.textProperty().bind(Bindings.createStringBinding(() -> {
            SessionDetail d = model.selected().get();
            return d == null ? "" : SessionsViewModel.began(d);
        }, model.selected()));
        detailBegan.managedProperty().bind(model.selected().isNotNull()); // no empty line under the hint
        detailBegan.visibleProperty().bind(detailBegan.managedProperty());
        revoke.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selected().get() == null
                || !"active".equals(model.selected().get().state()), model.selected()));
        blacklist.disableProperty().bind(model.selected().isNull());
        userPage.disableProperty().bind(model.selected().isNull());
        alertFilter.textProperty().bind(model.filledBecause());
        alertFilter.visibleProperty().bind(model.filledBecause().isNotEmpty());
        alertFilter.managedProperty().bind(alertFilter.visibleProperty()); // no room taken from the list without it
        message.textProperty().bind(model.message());
        message.managedProperty().bind(model.message().isNotEmpty()); // no empty line's room taken from the calls
        // a User-Agent or a path cut short still says what it is; a time cut short does not ("12-04 20:2…")
        ColumnFit.givesWayFirst(agentColumn);
        ColumnFit.givesWayFirst(callPathColumn);
        ColumnFit.givesWayFirst(automationColumn); // a list of signal names: cut, it still says there are some
        for (var c : java.util.List.of(createdColumn, lastSeenColumn, callAtColumn)) ColumnFit.keptWhole(c);
        for (var c : java.util.List.of(userColumn, ipColumn, agentColumn, stateColumn, automationColumn, callPathColumn, callCodeColumn,
                callIpColumn)) {
            Columns.tipped(c);
        }
        ColumnFit.install(table, calls);
    }


    @FXML
    private void search() { model.search(); }

    @FXML
    private void previous() { model.previousPage(); }

    @FXML
    private void next() { model.nextPage(); }

    @FXML
    private void revoke() {
        SessionDetail d = model.selected().get();
        if (d != null && confirm("Revoke the session of " + d.user() + "?",
                "Its tokens stop working at once; the user must log in again.")) {
            model.revoke(d.id());
        }
    }

    @FXML
    private void openUser() {
        var d = model.selected().get();
        if (d != null && !d.user().isEmpty()) openUser.accept(d.user());
    }

    @FXML
    private void blacklist() {
        SessionDetail d = model.selected().get();
        if (d != null && confirm("Blacklist " + d.ip() + "?", "Every call from this address will be refused (403).")) {
            model.blacklistAddress(d.ip());
        }
    }

    private boolean confirm(String header, String text) {
        return Dialogs.confirm(table, header, text);
    }
}
