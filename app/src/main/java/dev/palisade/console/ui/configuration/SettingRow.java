package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.SettingField;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One tunable in the form: its description, the value being edited, and the server's complaint. */
public final class SettingRow {

    private final SettingField field;
    private final StringProperty value = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private String applied;

    SettingRow(SettingField field, Object current) {
        this.field = field;
        this.applied = String.valueOf(current);
        value.set(applied);
        // a complaint is about the value it was made for: editing the field takes it back
        value.addListener((o, was, now) -> error.set(""));
    }

    public SettingField field() { return field; }
    public StringProperty value() { return value; }
    public StringProperty error() { return error; }

    String applied() { return applied; }

    /** The server holds {@code v} now, changed elsewhere under an edit: the edit stays, Apply sends it. */
    void heldElsewhere(Object v) {
        applied = String.valueOf(v);
    }

    void applied(Object v) {
        applied = String.valueOf(v);
        value.set(applied);
        error.set("");
    }
}
