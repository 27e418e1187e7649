package dev.palisade.console.ui.configuration;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The Configuration view's "Rate windows" tab: a table of windows (scope, limit, window, route), one
 * line each with its complaints under the fields; Add, Remove, Apply. Binds only to {@link DocumentForm}.
 */
public final class RateWindowsPane extends VBox {

    private final DocumentForm form;
    private final GridPane grid = new GridPane();

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
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(FormParts.muted("Each window counts calls per session, client address (ip) or API key;"
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
            grid.add(FormParts.muted(fields.get(c).hint()), c, 1);
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
                grid.add(FormParts.input(row, fields.get(c), id + name), c, line);
                grid.add(FormParts.complaint(row.error(name), id + name + "-error"), c, line + 1);
            }
            Button remove = new Button("Remove");
            remove.setId(id + "remove");
            remove.setOnAction(e -> form.remove(row));
            grid.add(remove, fields.size(), line);
            grid.add(FormParts.complaint(row.rowError(), id + "error"), 0, line + 2, fields.size() + 1, 1);
            line += 3;
        }
    }

    private void focusLastRow() {
        int last = form.rows().size() - 1;
        if (lookup("#windows-" + last + "-limit") instanceof Control c) c.requestFocus();
    }
}
