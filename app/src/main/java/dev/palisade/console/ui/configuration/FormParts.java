package dev.palisade.console.ui.configuration;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** The pieces the rate-window and sequence-rule panes share: bound inputs, complaints, the Apply bar. */
final class FormParts {

    private FormParts() {}

    /** The field's input, bound both ways to the row and marked while the field has a complaint. */
    static Control input(FormRow row, FormField field, String id) {
        Control input = switch (field.input()) {
            case CHOICE -> {
                ChoiceBox<String> choice = new ChoiceBox<>(FXCollections.observableArrayList(field.choices()));
                choice.valueProperty().bindBidirectional(row.value(field.name()));
                yield choice;
            }
            case SUGGESTED -> {
                ComboBox<String> combo = new ComboBox<>(FXCollections.observableArrayList(field.choices()));
                combo.setEditable(true);
                combo.setPrefWidth(110);
                combo.getEditor().textProperty().bindBidirectional(row.value(field.name()));
                yield combo;
            }
            case NUMBER -> text(row, field, 8);
            case TEXT -> text(row, field, 16);
        };
        input.setId(id);
        input.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a number's input stays a number's width
        var error = row.error(field.name());
        String help = field.hint().isEmpty() ? field.label() : field.hint();
        // bindings observe the row weakly: inputs of a table built again are not kept alive by the rows
        var marked = Bindings.isNotEmpty(error);
        input.getProperties().put(FormParts.class, marked);
        marked.addListener((o, was, now) -> input.pseudoClassStateChanged(Styles.STATE_DANGER, now));
        input.pseudoClassStateChanged(Styles.STATE_DANGER, marked.get());
        input.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(error.get().isEmpty() ? help : error.get()), error));
        return input;
    }

    private static TextField text(FormRow row, FormField field, int columns) {
        TextField text = new TextField();
        text.setPrefColumnCount(columns);
        text.setPromptText(field.optional() ? field.whenEmpty() : "");
        text.textProperty().bindBidirectional(row.value(field.name()));
        return text;
    }

    /** A complaint, taking no room while there is none. */
    static Label complaint(javafx.beans.value.ObservableStringValue text, String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinWidth(0);
        label.setPrefWidth(0); // wraps in the width its column has, never widens it
        label.setMaxWidth(Double.MAX_VALUE);
        label.getStyleClass().add("error-text");
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /**
     * A form's failed read after a change on the server, on a line of its own under the form's message (which keeps
     * what the form said: "Applied …", a complaint), taking no room while every read works.
     */
    static Label unreadable(javafx.beans.value.ObservableStringValue text, String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.getStyleClass().add("error-text");
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /**
     * Above a form: that each start of the server puts it back, so a change made there lasts until the next start
     * ({@link PutBackAtStart}); in the notice style of the Overview's, taking no room while there is none.
     */
    static Label putBack(javafx.beans.value.ObservableStringValue text, String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("notice-box");
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps rather than shortens to "…"
        label.setMaxWidth(Double.MAX_VALUE);
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    static Label muted(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps rather than shortens to "…"
        label.getStyleClass().add("text-muted");
        return label;
    }

    /** Apply, and the form's message beside it. */
    static javafx.scene.layout.VBox applyBar(DocumentForm form, String prefix) {
        Button apply = new Button("Apply");
        apply.setId(prefix + "-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setOnAction(e -> form.apply());
        Button preview = new Button("Preview");
        preview.setId(prefix + "-preview");
        preview.setTooltip(new Tooltip("What the form would have done to the recent calls, before you apply it"));
        preview.setOnAction(e -> form.preview());
        apply.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        preview.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label message = new Label();
        message.setId(prefix + "-message");
        message.setWrapText(true);
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(form.message());
        HBox bar = new HBox(8, preview, apply, message);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label found = new Label();
        found.setId(prefix + "-preview-text");
        found.setWrapText(true);
        found.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        found.textProperty().bind(form.previewText());
        found.visibleProperty().bind(form.previewText().isNotEmpty());
        found.managedProperty().bind(found.visibleProperty());
        return new javafx.scene.layout.VBox(6, bar, unreadable(form.unreadable(), prefix + "-unreadable"), found);
    }

    /** "Edit as JSON…" and "Reload", after the pane's own way of adding a row. */
    static HBox toolbar(DocumentForm form, String prefix, String what, javafx.scene.Node add) {
        Button json = new Button("Edit as JSON…");
        json.setId(prefix + "-json");
        json.setOnAction(e -> JsonDialog.show(json, form, what));
        Button reload = reloadButton(prefix + "-reload", form::load);
        HBox bar = new HBox(8, add, json, reload);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** "Reload": what the server has in force, edits not applied dropped. */
    static Button reloadButton(String id, Runnable load) {
        Button reload = new Button("Reload");
        reload.setId(id);
        reload.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        reload.setTooltip(new Tooltip("What the server has in force; edits not applied are dropped"));
        reload.setOnAction(e -> load.run());
        return reload;
    }
}
