package dev.palisade.console.ui.events;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Formats;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

import java.util.function.Function;

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
        column(atColumn, e -> Formats.time(e.at()));
        column(typeColumn, EventView::type);
        column(codeColumn, EventView::code);
        column(checkColumn, EventView::check);
        column(ipColumn, EventView::ip);
        column(userColumn, EventView::user);
        column(requestColumn, e -> e.method().isEmpty() ? "" : e.method() + " " + e.path());
        table.setItems(model.events());
        table.setPlaceholder(new Label("No events match."));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(EventView e, boolean empty) {
                super.updateItem(e, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("denied"), !empty && e != null && !e.allowed());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.select(b));
        explanation.textProperty().bind(model.explanation());
        message.textProperty().bind(model.message());
    }

    private static <T> void column(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    @FXML
    private void load() { model.load(); }

    @FXML
    private void older() { model.loadOlder(); }
}
