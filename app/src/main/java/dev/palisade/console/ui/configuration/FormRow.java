package dev.palisade.console.ui.configuration;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rate window or sequence rule being edited: each field's text as typed, and the complaint about
 * it (the form's or the server's). Values stay text, so a refused row keeps exactly what was typed.
 */
public final class FormRow {

    private final RowKind kind;
    private final Map<String, StringProperty> values = new LinkedHashMap<>();
    private final Map<String, StringProperty> errors = new LinkedHashMap<>();
    /** A complaint about the row as a whole, e.g. a second max-sessions rule. */
    private final StringProperty rowError = new SimpleStringProperty("");

    FormRow(RowKind kind) {
        this.kind = kind;
        for (FormField f : kind.fields()) {
            StringProperty value = new SimpleStringProperty(f.input() == FormField.Input.CHOICE ? f.choices().get(0) : "");
            StringProperty error = new SimpleStringProperty("");
            // a complaint is about the value it was made for: editing the field takes it back
            value.addListener((o, was, now) -> error.set(""));
            values.put(f.name(), value);
            errors.put(f.name(), error);
        }
    }

    public RowKind kind() { return kind; }

    public StringProperty value(String field) { return required(values, field); }

    public StringProperty error(String field) { return required(errors, field); }

    public StringProperty rowError() { return rowError; }

    /** Calls back whenever a complaint of this row comes or goes. */
    void onComplaints(Runnable changed) {
        rowError.addListener((o, was, now) -> changed.run());
        errors.values().forEach(e -> e.addListener((o, was, now) -> changed.run()));
    }

    /** Calls back whenever a value of this row is edited. */
    void onEdit(Runnable edited) {
        values.values().forEach(v -> v.addListener((o, was, now) -> edited.run()));
    }

    boolean hasErrors() {
        return !rowError.get().isEmpty() || errors.values().stream().anyMatch(e -> !e.get().isEmpty());
    }

    void clearErrors() {
        rowError.set("");
        errors.values().forEach(e -> e.set(""));
    }

    /** Files a complaint under its field, or under the row when the field is not one of the row's. */
    void complain(String field, String message) {
        if (errors.containsKey(field)) {
            errors.get(field).set(message);
        } else {
            rowError.set(field.isEmpty() || field.equals("type") ? message : field + ": " + message);
        }
    }

    private StringProperty required(Map<String, StringProperty> map, String field) {
        StringProperty p = map.get(field);
        if (p == null) throw new IllegalArgumentException(kind + " has no field " + field);
        return p;
    }
}
