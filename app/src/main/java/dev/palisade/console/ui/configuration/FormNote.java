package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Map;

/**
 * A form's last word, shown next to it: what was done, or why the server refused it (then in the error
 * style). One message at the bottom of the Access tab, grey, sat 700 px below the field it was about (ux44 D8).
 */
final class FormNote {

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper refused = new ReadOnlyBooleanWrapper();
    /** The admin API's field names as the form labels them. */
    private final Map<String, String> labels;

    FormNote(Map<String, String> labels) {
        this.labels = labels;
    }

    void done(String what) {
        refused.set(false);
        text.set(what);
    }

    /** The server's complaints, every one, each named as the form names its field. */
    void failed(Throwable t) {
        refused.set(true);
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (var error : e.errors()) {
                if (b.length() > 0) b.append('\n');
                b.append(labels.getOrDefault(error.field(), error.field())).append(": ").append(error.message());
            }
            text.set(b.toString());
        } else {
            text.set("Failed: " + t.getMessage());
        }
    }

    ReadOnlyStringProperty text() { return text.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty refused() { return refused.getReadOnlyProperty(); }
}
