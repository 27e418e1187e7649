package dev.palisade.console.ui.common;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.function.Function;
import java.util.function.Predicate;

/** Table helpers every view uses: a column showing a derived string, cells with a tooltip, rows marked by a pseudo-class. */
public final class Columns {

    private Columns() {}

    public static <T> void text(TableColumn<T, String> column, Function<T, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    /**
     * Cells that also show their whole text in a tooltip: for a column whose text a narrow window cuts
     * (a scenario's description, a note), which could otherwise be read only by widening the column.
     */
    public static <T> void tipped(TableColumn<T, String> column) {
        column.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                tip.setWrapText(true);
                tip.setMaxWidth(480);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                boolean none = empty || text == null || text.isEmpty();
                setText(none ? null : text);
                tip.setText(none ? "" : text);
                setTooltip(none ? null : tip);
            }
        });
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
