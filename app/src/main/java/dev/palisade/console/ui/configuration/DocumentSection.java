package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Rate windows or sequence rules, edited as the JSON document the admin API takes: rules are data,
 * and the server validates every field (its errors are listed under the editor).
 */
public final class DocumentSection {

    private final AdminClient admin;
    private final Background background;
    private final String resource;
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    DocumentSection(AdminClient admin, Background background, String resource) {
        this.admin = admin;
        this.background = background;
        this.resource = resource;
    }

    public void load() {
        background.run(() -> admin.document(resource), text::set, t -> message.set("Cannot load: " + t.getMessage()));
    }

    public void apply() {
        String json = text.get();
        background.run(() -> admin.replaceDocument(resource, json), now -> {
            text.set(now);
            message.set("Applied; in force now.");
        }, t -> {
            if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
                StringBuilder b = new StringBuilder("Refused, nothing changed:");
                for (AdminApiException.FieldError f : e.errors()) b.append("\n  ").append(f.field()).append(": ").append(f.message());
                message.set(b.toString());
            } else {
                message.set("Refused: " + t.getMessage());
            }
        });
    }

    public StringProperty text() { return text; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
