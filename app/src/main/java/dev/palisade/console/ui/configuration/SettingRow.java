package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.SettingField;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One tunable in the form: its description, the value being edited, and the server's complaint. */
public final class SettingRow {

    private final SettingField field;
    private final StringProperty value = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private long applied;

    SettingRow(SettingField field, long current) {
        this.field = field;
        this.applied = current;
        value.set(Long.toString(current));
    }

    public SettingField field() { return field; }
    public StringProperty value() { return value; }
    public StringProperty error() { return error; }

    long applied() { return applied; }

    void applied(long v) {
        applied = v;
        value.set(Long.toString(v));
        error.set("");
    }
}
