package dev.palisade.console.ui.common;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/**
 * An empty table's line under filters: "No … match", or, when a filter could not be asked for, why not, in
 * the error style, with the field marked (an empty table alone read as "nothing from that address").
 */
public final class FilterPlaceholder {

    private FilterPlaceholder() {}

    public static void install(TableView<?> table, String noMatch, ObservableStringValue problem, TextField field) {
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.setPadding(new javafx.geometry.Insets(0, 16, 0, 16)); // a long reason kept off the table's edges
        placeholder.textProperty().bind(Bindings.when(Bindings.isEmpty(problem)).then(noMatch).otherwise(problem));
        problem.addListener((o, was, now) -> mark(placeholder, field, !now.isEmpty()));
        mark(placeholder, field, !problem.get().isEmpty());
        table.setPlaceholder(placeholder);
    }

    private static void mark(Label placeholder, TextField field, boolean bad) {
        placeholder.getStyleClass().remove("error-text");
        if (bad) placeholder.getStyleClass().add("error-text");
        field.pseudoClassStateChanged(Styles.STATE_DANGER, bad);
    }
}
