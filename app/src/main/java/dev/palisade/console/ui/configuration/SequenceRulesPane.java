package dev.palisade.console.ui.configuration;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Configuration view's "Sequence rules" tab: one small editor per rule, with the fields of its
 * type and their complaints beside them; Add rule (by type), Remove, Apply. Binds only to
 * {@link DocumentForm}.
 */
public final class SequenceRulesPane extends VBox {

    private final DocumentForm form;
    private final VBox editors = new VBox(10);
    private final ScrollPane scroll = new ScrollPane();
    private final VBox suggested = new VBox(6);

    public SequenceRulesPane(DocumentForm form) {
        super(8);
        this.form = form;
        setPadding(new Insets(10, 4, 4, 4));
        setId("sequence-rules");
        MenuButton add = new MenuButton("Add rule");
        add.setId("rules-add");
        for (RowKind kind : form.kinds()) {
            MenuItem item = new MenuItem(kind.type() + " — " + kind.description());
            item.setId("rules-add-" + kind.type());
            item.setOnAction(e -> {
                form.add(kind);
                showLast();
            });
            add.getItems().add(item);
        }
        editors.setPadding(new Insets(4));
        scroll.setContent(editors);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(FormParts.putBack(form.putBack(), "rules-put-back"),
                FormParts.muted("A session's last 16 allowed calls are its history. A path matches itself in any"
                        + " case, with a trailing slash or a format suffix (.json; a prior only as spelt), or everything below it when it ends in /*;"
                        + " a call a rule refuses gets 403 sequence_violation"
                        + " (max-sessions: 429 at login)."),
                FormParts.toolbar(form, "rules", "Sequence rules", new javafx.scene.layout.HBox(8, add, suggestButton())),
                scroll, suggested, FormParts.applyBar(form, "rules"));
        form.rows().addListener((ListChangeListener<FormRow>) c -> rebuild());
        form.suggestions().addListener((ListChangeListener<dev.palisade.console.client.Dtos.RuleSuggestionView>) c -> showSuggestions());
        rebuild();
        showSuggestions();
    }

    private javafx.scene.control.Button suggestButton() {
        javafx.scene.control.Button suggest = new javafx.scene.control.Button("Suggest rules");
        suggest.setId("rules-suggest");
        suggest.setTooltip(new javafx.scene.control.Tooltip("Rules learned from the order in which sessions that were never refused call the API"));
        suggest.setOnAction(e -> form.suggest());
        return suggest;
    }

    /** Each suggested rule in words, with its evidence and what it would have done, and a way into the form. */
    private void showSuggestions() {
        suggested.getChildren().clear();
        int i = 0;
        for (dev.palisade.console.client.Dtos.RuleSuggestionView s : form.suggestions()) {
            com.fasterxml.jackson.databind.JsonNode r = s.rule();
            javafx.scene.control.Label text = new javafx.scene.control.Label(r.path("method").asText() + " " + r.path("path").asText()
                    + " was always preceded by " + r.path("priorMethod").asText() + " " + r.path("priorPath").asText()
                    + " within " + r.path("withinSeconds").asInt() / 60 + " min in " + Math.round(s.confidence() * s.support())
                    + " of " + dev.palisade.console.ui.common.Formats.count(s.support(), "session") + ". " + PreviewText.of(s.preview()).replace("\n", "  "));
            text.setWrapText(true);
            text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            javafx.scene.layout.HBox.setHgrow(text, Priority.ALWAYS);
            javafx.scene.control.Button adopt = new javafx.scene.control.Button("Add to form");
            adopt.setId("rules-suggestion-" + i++ + "-add");
            adopt.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            adopt.setOnAction(e -> form.adopt(s));
            javafx.scene.layout.HBox line = new javafx.scene.layout.HBox(8, text, adopt);
            line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            suggested.getChildren().add(line);
        }
        suggested.setVisible(!form.suggestions().isEmpty());
        suggested.setManaged(suggested.isVisible());
    }

    private void rebuild() {
        editors.getChildren().clear();
        if (form.rows().isEmpty()) {
            editors.getChildren().add(FormParts.muted("No sequence rules: calls are not checked for their order."
                    + " Add one, or Reload what the server has."));
        }
        for (int i = 0; i < form.rows().size(); i++) editors.getChildren().add(editor(form.rows().get(i), "rules-" + i + "-"));
    }

    /** The rule just added, in view and ready for typing. */
    private void showLast() {
        int last = form.rows().size() - 1;
        layout();
        scroll.setVvalue(scroll.getVmax());
        javafx.scene.Node first = lookup("#rules-" + last + "-" + form.rows().get(last).kind().fields().get(0).name());
        if (first != null) first.requestFocus();
    }

    private VBox editor(FormRow row, String id) {
        Label type = new Label(row.kind().type());
        type.getStyleClass().add("title-4");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button remove = new Button("Remove");
        remove.setId(id + "remove");
        remove.setOnAction(e -> form.remove(row));
        HBox head = new HBox(8, type, FormParts.muted(row.kind().description()), gap, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        GridPane fields = new GridPane();
        fields.setHgap(10);
        fields.setVgap(4);
        fields.getColumnConstraints().add(new ColumnConstraints(100)); // the editors' inputs line up
        int line = 0;
        for (FormField f : row.kind().fields()) {
            fields.addRow(line++, new Label(f.label()), FormParts.input(row, f, id + f.name()), FormParts.muted(f.hint()),
                    FormParts.complaint(row.error(f.name()), id + f.name() + "-error"));
        }
        VBox editor = new VBox(6, head, fields, FormParts.complaint(row.rowError(), id + "error"));
        editor.setId(id + "editor");
        editor.getStyleClass().add("form-card");
        return editor;
    }
}
