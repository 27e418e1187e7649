package dev.palisade.console.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A choice of time range: the presets a view offers, and "Custom range…", which asks for a start
 * and an end (a date and a time each) in a small dialog. {@link #value()} is the range in force.
 */
public final class TimeRangePicker extends ComboBox<TimeRange> {

    static final TimeRange CUSTOM_CHOICE = new TimeRange("Custom range…", null, 0, 0);

    private final List<TimeRange> presets;
    private final ObjectProperty<TimeRange> value;

    public TimeRangePicker(List<TimeRange> presets, TimeRange initial) {
        this.presets = List.copyOf(presets);
        this.value = new SimpleObjectProperty<>(initial);
        getItems().setAll(presets);
        getItems().add(CUSTOM_CHOICE);
        setValue(initial);
        setMinWidth(USE_PREF_SIZE);
        valueProperty().addListener((o, was, now) -> {
            if (now == null || now == value.get()) return;
            if (now != CUSTOM_CHOICE) {
                value.set(now);
                return;
            }
            Optional<TimeRange> chosen = askCustom();
            // the dialog closes before the combo box settles: set the shown choice after this change
            javafx.application.Platform.runLater(() -> {
                if (chosen.isPresent()) {
                    getItems().setAll(presets);
                    getItems().add(chosen.get());
                    getItems().add(CUSTOM_CHOICE);
                    value.set(chosen.get());
                }
                setValue(value.get());
            });
        });
        value.addListener((o, was, now) -> {
            if (now != null && !getItems().contains(now)) {
                getItems().setAll(this.presets);
                getItems().add(now);
                getItems().add(CUSTOM_CHOICE);
            }
            if (getValue() != now) setValue(now);
        });
    }

    /** The range in force; set it to show another. */
    public ObjectProperty<TimeRange> value() { return value; }

    private Optional<TimeRange> askCustom() {
        Dialog<TimeRange> dialog = new Dialog<>();
        dialog.setTitle("Custom range");
        dialog.setHeaderText("Events from the start up to the end (local time)");
        if (getScene() != null) dialog.initOwner(getScene().getWindow());
        LocalDate today = LocalDate.now();
        DatePicker fromDate = new DatePicker(today.minusDays(1));
        TextField fromTime = new TextField("00:00");
        DatePicker toDate = new DatePicker(today);
        TextField toTime = new TextField(LocalTime.now().withSecond(0).withNano(0).toString());
        Label problem = new Label();
        problem.getStyleClass().add("error-text");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("From"), fromDate, fromTime);
        grid.addRow(1, new Label("To"), toDate, toTime);
        grid.add(problem, 0, 2, 3, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        // a range that does not parse keeps the dialog open and says why
        dialog.getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                TimeRange.between(fromDate.getValue(), fromTime.getText(), toDate.getValue(), toTime.getText(), ZoneId.systemDefault());
            } catch (IllegalArgumentException ex) {
                problem.setText(ex.getMessage());
                e.consume();
            }
        });
        dialog.setResultConverter(b -> b == ButtonType.OK
                ? TimeRange.between(fromDate.getValue(), fromTime.getText(), toDate.getValue(), toTime.getText(), ZoneId.systemDefault())
                : null);
        return dialog.showAndWait();
    }
}
