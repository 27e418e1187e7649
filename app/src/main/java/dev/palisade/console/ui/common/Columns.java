package dev.palisade.console.ui.common;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

import java.util.function.Function;
import java.util.function.Predicate;

/** Table helpers every view uses: a column showing a derived string, rows marked by a pseudo-class. */
public final class Columns {

    private Columns() {}

    public static <T> void text(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    /** Rows whose item passes {@code test} get {@code :pseudoClass} (styled in console.css). */
    public static <T> void markRows(TableView<T> table, String pseudoClass, Predicate<T> test) {
        PseudoClass mark = PseudoClass.getPseudoClass(pseudoClass);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(mark, !empty && item != null && test.test(item));
            }
        });
    }
}
