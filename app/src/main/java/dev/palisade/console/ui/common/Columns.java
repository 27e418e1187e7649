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

    /**
     * A column of times: today's as the clock shows them (the table is {@link Today#keeps kept} to re-format them at midnight), others with their date (see {@link Formats#time(long, java.time.Clock)}),
     * sorted by the time, the full date and time in a tooltip.
     */
    public static <T> void time(TableColumn<T, Moment> column, java.util.function.ToLongFunction<T> at, Today today) {
        time(column, at, today, "—");
    }

    /** {@link #time(TableColumn, java.util.function.ToLongFunction, Today)} with {@code none} for no time ("never" for an entry that does not expire). */
    public static <T> void time(TableColumn<T, Moment> column, java.util.function.ToLongFunction<T> at, Today today, String none) {
        time(column, at, today.clock(), none);
        if (column.getTableView() != null) today.keeps(column.getTableView());
        column.tableViewProperty().addListener((o, was, now) -> {
            if (now != null) today.keeps(now);
        });
    }

    /** A new column of times titled {@code title}, as {@link #time(TableColumn, java.util.function.ToLongFunction, Today)} draws them (the tables built in code). */
    public static <T> TableColumn<T, Moment> time(String title, double width, java.util.function.ToLongFunction<T> at, Today today) {
        TableColumn<T, Moment> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        time(column, at, today);
        return column;
    }

    private static <T> void time(TableColumn<T, Moment> column, java.util.function.ToLongFunction<T> at, java.time.Clock clock,
                                 String none) {
        column.setCellValueFactory(c -> {
            long t = at.applyAsLong(c.getValue());
            return new ReadOnlyObjectWrapper<>(new Moment(t, t <= 0 ? none : Formats.time(t, clock)));
        });
        column.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(Moment moment, boolean empty) {
                super.updateItem(moment, empty);
                boolean blank = empty || moment == null;
                setText(blank ? null : moment.text());
                tip.setText(blank ? "" : Formats.fullTime(moment.at(), clock.getZone()));
                setTooltip(blank || moment.at() <= 0 ? null : tip);
            }
        });
    }

    /**
     * Shows {@code items} sorted as the operator clicks the headers, kept so as the list is refreshed:
     * set directly, a click did nothing on a filtered list (the table undid its own sort) and a
     * refresh's {@code setAll} dropped the order while the header still showed its arrow.
     */
    public static <T> void sortable(TableView<T> table, javafx.collections.ObservableList<T> items) {
        javafx.collections.transformation.SortedList<T> sorted = new javafx.collections.transformation.SortedList<>(items);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
    }

    /** {@link #sortable} for a table made in code. */
    public static <T> TableView<T> sortable(javafx.collections.ObservableList<T> items) {
        TableView<T> table = new TableView<>();
        sortable(table, items);
        return table;
    }

    /** A column that shows each row's {@link Measured} as its text says and sorts by its amount. */
    public static <T> void measured(TableColumn<T, Measured> column, Function<T, Measured> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    /** A column of numbers, shown as text and sorted as numbers ("9" before "10", "20.5" before "100"). */
    public static <T> void numeric(TableColumn<T, String> column, Function<T, String> value) {
        text(column, value);
        column.setComparator(java.util.Comparator.comparingDouble(Columns::numberOf));
    }

    /** The number a cell's text shows ("1 234", "20.5"), its grouping spaces aside; below any number when none. */
    static double numberOf(String text) {
        if (text == null) return Double.NEGATIVE_INFINITY;
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c == '.' || c == '-' && digits.length() == 0) digits.append(c);
            else if (c != ' ' && c != '\u00a0' && c != '\u202f' && c != ',' && digits.length() > 0) break; // "12/min"
        }
        try {
            return Double.parseDouble(digits.toString());
        } catch (NumberFormatException none) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** Rows whose item passes {@code test} get {@code :pseudoClass} (styled in console.css). */
    public static <T> void markRows(TableView<T> table, String pseudoClass, Predicate<T> test) {
        markRows(table, java.util.Map.of(pseudoClass, test));
    }

    /** Each row gets every {@code :pseudoClass} whose test its item passes: a table has one row factory for them all. */
    public static <T> void markRows(TableView<T> table, java.util.Map<String, Predicate<T>> marks) {
        java.util.Map<PseudoClass, Predicate<T>> classes = new java.util.LinkedHashMap<>();
        marks.forEach((name, test) -> classes.put(PseudoClass.getPseudoClass(name), test));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                classes.forEach((mark, test) -> pseudoClassStateChanged(mark, !empty && item != null && test.test(item)));
            }
        });
    }
}
