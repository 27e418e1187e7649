package dev.palisade.console.ui.events;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Formats;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;


/** Controller of Events.fxml. */
public final class EventsView {

    private final EventsViewModel model;

    @FXML private ComboBox<String> type;
    @FXML private TextField code;
    @FXML private TextField ip;
    @FXML private TextField session;
    @FXML private TextField search;
    @FXML private TableView<EventView> table;
    @FXML private TableColumn<EventView, String> atColumn;
    @FXML private TableColumn<EventView, String> typeColumn;
    @FXML private TableColumn<EventView, String> codeColumn;
    @FXML private TableColumn<EventView, String> checkColumn;
    @FXML private TableColumn<EventView, String> ipColumn;
    @FXML private TableColumn<EventView, String> userColumn;
    @FXML private TableColumn<EventView, String> requestColumn;
    @FXML private TextArea explanation;
    @FXML private Label message;

    public EventsView(EventsViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        type.getItems().setAll(EventsViewModel.TYPES);
        type.valueProperty().bindBidirectional(model.type());
        type.valueProperty().addListener((o, a, b) -> model.load());
        code.textProperty().bindBidirectional(model.code());
        ip.textProperty().bindBidirectional(model.ip());
        session.textProperty().bindBidirectional(model.session());
        search.textProperty().bindBidirectional(model.search());
        Columns.text(atColumn, e -> Formats.time(e.at()));
        Columns.text(typeColumn, EventView::type);
        Columns.text(codeColumn, EventView::code);
        Columns.text(checkColumn, EventView::check);
        Columns.text(ipColumn, EventView::ip);
        Columns.text(userColumn, EventView::user);
        Columns.text(requestColumn, e -> e.method().isEmpty() ? "" : e.method() + " " + e.path());
        table.setItems(model.events());
        table.setPlaceholder(new Label("No events match."));
        Columns.markRows(table, "denied", e -> !e.allowed());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.select(b));
        model.focus().addListener((o, a, b) -> {
            if (b == null) return;
            table.getSelectionModel().select(b);
            table.scrollTo(b);
        });
        explanation.textProperty().bind(model.explanation());
        message.textProperty().bind(model.message());
        ColumnFit.install(table);
    }


    @FXML
    private void load() { model.load(); }

    @FXML
    private void older() { model.loadOlder(); }
}
