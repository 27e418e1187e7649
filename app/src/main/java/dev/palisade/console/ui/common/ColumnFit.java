package dev.palisade.console.ui.common;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a table's columns as wide as what they show and the table filled (issue 15: fixed widths
 * truncated "missing_credenti…" beside empty space). Content is measured on a sample of rows at most
 * once a second, however often live data replaces the items; a change of the table's width only
 * shares the space out again. A column the operator drags keeps the width given to it.
 */
public final class ColumnFit<T> {

    /** Rows measured per fit: enough to see the usual widths, bounded so a fit stays a few ms. */
    static final int SAMPLE_ROWS = 100;
    static final double MAX_CONTENT = 520;
    private static final double CELL_PADDING = 22;
    /** A heading's padding. */
    private static final double HEADER_PADDING = 20;
    /** A sorted column's arrow and the gap before it (the theme's, whose arrow is wider than the toolkit's). */
    private static final double SORT_ARROW = 18;
    private static final double SCROLL_BAR = 14;
    private static final long MEASURE_MILLIS = 1_000;
    /** A column's width in JavaFX until it is given one (TableColumnHeader.DEFAULT_COLUMN_WIDTH). */
    static final double TOOLKIT_DEFAULT_WIDTH = 80;

    private final TableView<T> table;
    private final Text probe = new Text();
    private final Map<TableColumn<T, ?>, Double> assigned = new IdentityHashMap<>();
    private final Map<TableColumn<T, ?>, Double> byHand = new IdentityHashMap<>();
    private final PauseTransition later = new PauseTransition();
    private double[] wanted = new double[0];
    private double[] floor = new double[0];
    private long measuredAt = Long.MIN_VALUE / 2;
    private boolean pending;
    private boolean fitting;
    /** Content changed while the table was in no scene (its view not shown): measured when it is shown again. */
    private boolean stale;

    private ColumnFit(TableView<T> table) {
        this.table = table;
        later.setOnFinished(e -> measureAfterLayout());
    }

    private static final Object GIVES_WAY_FIRST = new Object();

    /** Marks a column of long free text (a User-Agent, a path) to give way first when the table is too narrow. */
    public static void givesWayFirst(TableColumn<?, ?> column) {
        column.getProperties().put(GIVES_WAY_FIRST, Boolean.TRUE);
    }

    private static final Object KEPT_WHOLE = new Object();

    /**
     * Marks a column whose text cut short says nothing (a time, an outcome, a code): when the table is too
     * narrow, the others give way before it is cut ("12-05 15:5…", "upstream_un…", ux44 D5).
     */
    public static void keptWhole(TableColumn<?, ?> column) {
        column.getProperties().put(KEPT_WHOLE, Boolean.TRUE);
    }

    /** Installs the fit on each table: call once, after its columns and cell values are set up. */
    public static void install(TableView<?>... tables) {
        for (TableView<?> t : tables) attach(t);
    }

    private static <T> void attach(TableView<T> table) {
        ColumnFit<T> fit = new ColumnFit<>(table);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getProperties().put(ColumnFit.class, fit);
        ListChangeListener<T> rows = c -> fit.contentChanged();
        table.itemsProperty().addListener((o, was, now) -> {
            if (was != null) was.removeListener(rows);
            if (now != null) now.addListener(rows);
            fit.contentChanged();
        });
        if (table.getItems() != null) table.getItems().addListener(rows);
        table.getColumns().addListener((InvalidationListener) o -> fit.contentChanged());
        table.getSortOrder().addListener((InvalidationListener) o -> fit.contentChanged()); // room for the arrow
        table.sceneProperty().addListener((o, was, now) -> {
            if (now != null && fit.stale) fit.contentChanged();
        });
        // first drawn: measure again in the fonts the table is drawn with; later only share the width out
        table.widthProperty().addListener((o, was, now) -> {
            if (was.doubleValue() <= 0) fit.contentChanged();
            else fit.share();
        });
        fit.measureNow();
    }

    /**
     * Measures {@code table} again now: for a view whose rows change inside (properties of rows
     * already listed), which the list itself does not report.
     */
    public static void refit(TableView<?> table) {
        ColumnFit<?> fit = of(table);
        if (fit != null) fit.measureNow();
    }

    /** The fit installed on {@code table}, for tests. */
    @SuppressWarnings("unchecked")
    static <T> ColumnFit<T> of(TableView<T> table) {
        return (ColumnFit<T>) table.getProperties().get(ColumnFit.class);
    }

    private void contentChanged() {
        // a view not shown is not measured: live data kept every table of the console measuring once a
        // second, the Overview's longest pauses (BENCHMARKS.md, section 2m)
        if (table.getScene() == null) {
            stale = true;
            return;
        }
        long wait = measuredAt + MEASURE_MILLIS - System.currentTimeMillis();
        if (wait <= 0) {
            measureAfterLayout(); // once per pulse, however many changes came in it
        } else if (later.getStatus() != javafx.animation.Animation.Status.RUNNING) {
            later.setDuration(Duration.millis(wait));
            later.playFromStart();
        }
    }

    /**
     * Measures after the next pulse's layout, when the table's rows are drawn: rows that came to a table
     * shown empty (Sessions on a first visit) have no cell before it, and a measure then took
     * Font.getDefault(), smaller than the theme's, and cut the dates ("12-03 20:1…") until the next change.
     */
    private void measureAfterLayout() {
        Scene scene = table.getScene();
        if (scene == null) {
            stale = true;
            return;
        }
        if (pending) return;
        pending = true;
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                measureNow();
            }
        });
        Platform.requestNextPulse();
    }

    /** Measures every column's heading and a sample of its cells, then shares the width out. */
    void measureNow() {
        pending = false;
        if (table.getScene() == null) {
            stale = true;
            return;
        }
        stale = false;
        List<TableColumn<T, ?>> columns = table.getColumns();
        ObservableList<T> items = table.getItems();
        int rows = items == null ? 0 : Math.min(items.size(), SAMPLE_ROWS);
        // only a measure of drawn rows holds the next one back: the first rows must not wait a second
        if (rows > 0 && table.getWidth() > 0) measuredAt = System.currentTimeMillis();
        probe.setFont(font(".table-row-cell .table-cell"));
        double[] cells = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            TableColumn<T, ?> column = columns.get(c);
            double widest = 0;
            for (int r = 0; r < rows; r++) {
                ObservableValue<?> value = column.getCellObservableValue(r);
                Object shown = value == null ? null : value.getValue();
                if (shown != null) widest = Math.max(widest, textWidth(shown.toString()));
            }
            cells[c] = rows == 0 ? 0 : Math.min(MAX_CONTENT, widest + CELL_PADDING);
        }
        probe.setFont(font(".column-header .label"));
        double[] headings = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            String heading = columns.get(c).getText();
            // a sorted column's arrow took its heading's room: "Calls" read "C…"
            double arrow = table.getSortOrder().contains(columns.get(c)) ? SORT_ARROW : 0;
            headings[c] = textWidth(heading == null ? "" : heading) + HEADER_PADDING + arrow;
        }
        wanted = new double[columns.size()];
        floor = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            wanted[c] = Math.max(headings[c], cells[c]);
            // a column kept whole is cut no more than a heading is
            floor[c] = Boolean.TRUE.equals(columns.get(c).getProperties().get(KEPT_WHOLE)) ? wanted[c] : headings[c];
        }
        share();
    }

    /** Gives each column its width for the table's current width (no measuring). */
    private void share() {
        List<TableColumn<T, ?>> columns = table.getColumns();
        double available = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - scrollBarWidth() - 1;
        if (fitting || available <= 0 || wanted.length != columns.size()) return;
        boolean[] fixed = new boolean[columns.size()];
        double[] want = wanted.clone();
        for (int c = 0; c < columns.size(); c++) {
            TableColumn<T, ?> column = columns.get(c);
            Double given = assigned.get(column);
            if (given != null && Math.abs(column.getWidth() - given) > 0.5) byHand.put(column, column.getWidth());
            Double hand = byHand.get(column);
            if (hand != null) {
                fixed[c] = true;
                want[c] = hand;
            }
        }
        boolean[] givesFirst = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) givesFirst[c] = Boolean.TRUE.equals(columns.get(c).getProperties().get(GIVES_WAY_FIRST));
        double[] width = ColumnWidths.fit(want, floor, fixed, givesFirst, available);
        fitting = true;
        try {
            for (int c = 0; c < columns.size(); c++) {
                TableColumn<T, ?> column = columns.get(c);
                if (fixed[c]) continue;
                double w = Math.floor(width[c]);
                // JavaFX sizes a column to its content when its heading is shown again (its view chosen again) while
                // the column is exactly its default width, which this fit then took for the operator's drag: the
                // column stayed that wide at every window width after, the table scrolling sideways (session 50)
                if (w == TOOLKIT_DEFAULT_WIDTH) w--;
                column.setPrefWidth(w);
                assigned.put(column, column.getWidth());
            }
        } finally {
            fitting = false;
        }
    }

    private double textWidth(String s) {
        probe.setText(s);
        return probe.getLayoutBounds().getWidth();
    }

    /** The font the table's cells (or headings) are drawn in, once the table has been drawn. */
    private Font font(String selector) {
        Node cell = table.lookup(selector);
        if (cell instanceof Labeled labeled) return labeled.getFont();
        return Font.getDefault();
    }

    private double scrollBarWidth() {
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL && bar.getWidth() > 0) {
                return bar.getWidth();
            }
        }
        return SCROLL_BAR;
    }
}
