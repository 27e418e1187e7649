package dev.palisade.console.ui.configuration;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The Configuration view's "Rate windows" tab: a table of windows (scope, limit, window, route), one
 * line each with its complaints under the fields; Add, Remove, Apply. Binds only to {@link DocumentForm}.
 */
public final class RateWindowsPane extends VBox {

    /** A route such as /api/orders/ with room to spare; its hint and complaint wrap under it. */
    private static final double ROUTE_MIN_WIDTH = 180;
    /** The route's column: the last field's, the one that takes the width left. */
    private static final int ROUTE = 3;

    private final DocumentForm form;
    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane();

    public RateWindowsPane(DocumentForm form) {
        super(8);
        this.form = form;
        setPadding(new Insets(10, 4, 4, 4));
        setId("rate-windows");
        Button add = new Button("Add window");
        add.setId("windows-add");
        add.setOnAction(e -> {
            form.add(RowKind.RATE_WINDOW);
            focusLastRow();
        });
        grid.setHgap(10);
        grid.setVgap(4);
        grid.setPadding(new Insets(4));
        // fixed widths, so a complaint under a field wraps there instead of moving the table
        for (double width : new double[] {140, 130, 130, 300}) grid.getColumnConstraints().add(new ColumnConstraints(width, width, width));
        // the route gives way in a narrow window, not the row's button: at 1024×700 it read "Re…"
        grid.getColumnConstraints().get(ROUTE).setMinWidth(ROUTE_MIN_WIDTH);
        grid.getColumnConstraints().get(ROUTE).setMaxWidth(Double.MAX_VALUE);
        grid.getColumnConstraints().get(ROUTE).setHgrow(Priority.ALWAYS);
        ColumnConstraints buttons = new ColumnConstraints();
        buttons.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(buttons);
        scroll.setContent(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(FormParts.putBack(form.putBack(), "windows-put-back"),
                FormParts.muted("Each window counts calls per session, client address (ip) or API key;"
                        + " a route counts only calls to paths under it. Every window applies at once, and a call over"
                        + " any of them is refused with 429."),
                FormParts.toolbar(form, "windows", "Rate windows", add), scroll, FormParts.applyBar(form, "windows"));
        form.rows().addListener((ListChangeListener<FormRow>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        grid.getChildren().clear();
        List<FormField> fields = RowKind.RATE_WINDOW.fields();
        for (int c = 0; c < fields.size(); c++) {
            Label header = new Label(fields.get(c).label());
            header.getStyleClass().add("text-bold");
            grid.add(header, c, 0);
            String hint = fields.get(c).hint() + (fields.get(c).optional() ? "; empty: " + fields.get(c).whenEmpty() : "");
            grid.add(FormParts.muted(hint), c, 1);
        }
        if (form.rows().isEmpty()) {
            grid.add(FormParts.muted("No rate windows: no caller is limited. Add one, or Reload what the server has."),
                    0, 2, fields.size() + 1, 1);
            return;
        }
        int line = 2;
        for (int i = 0; i < form.rows().size(); i++) {
            FormRow row = form.rows().get(i);
            String id = "windows-" + i + "-";
            for (int c = 0; c < fields.size(); c++) {
                String name = fields.get(c).name();
                javafx.scene.control.Control input = FormParts.input(row, fields.get(c), id + name);
                // the route's field takes its column's width: kept at 16 characters, it left a gap before Remove
                if (c == ROUTE) input.setMaxWidth(Double.MAX_VALUE);
                grid.add(input, c, line);
                grid.add(FormParts.complaint(row.error(name), id + name + "-error"), c, line + 1);
            }
            Button remove = new Button("Remove");
            remove.setId(id + "remove");
            remove.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            remove.setOnAction(e -> form.remove(row));
            grid.add(remove, fields.size(), line);
            grid.add(FormParts.complaint(row.rowError(), id + "error"), 0, line + 2, fields.size() + 1, 1);
            line += 3;
        }
    }

    /** The window just added, in view and ready for its limit. */
    private void focusLastRow() {
        int last = form.rows().size() - 1;
        layout();
        scroll.setVvalue(scroll.getVmax());
        if (lookup("#windows-" + last + "-limit") instanceof Control c) c.requestFocus();
    }
}
