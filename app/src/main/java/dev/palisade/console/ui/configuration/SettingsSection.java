package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.SettingField;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Windows and TTLs: a form from the server's schema (units, bounds); errors land next to their field. */
public final class SettingsSection {

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<SettingRow> rows = FXCollections.observableArrayList();
    private static final String FIX = "Fix the marked fields.";
    private static final String REFUSED = "The server refused: nothing was changed.";

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper putBack = new ReadOnlyStringWrapper("");
    private boolean loaded;
    private final Following<Map<String, Object>> following;

    SettingsSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        this.following = new Following<>(background, admin::config, "the settings");
    }

    public void load() {
        following.loading();
        background.run(() -> Map.entry(admin.configSchema(), admin.config()), read -> {
            List<SettingRow> list = new java.util.ArrayList<>();
            for (SettingField f : read.getKey()) {
                SettingRow row = new SettingRow(f, read.getValue().getOrDefault(f.name(), f.defaultValue()));
                row.error().addListener((o, was, now) -> clearRefusalOnceCorrected());
                list.add(row);
            }
            rows.setAll(list);
            loaded = true;
            following.loaded();
            message.set("");
        }, t -> message.set("Cannot load the settings: " + t.getMessage()));
    }

    /**
     * Shows what the server holds now, changed by another operator, a script or a node (the tab said the old
     * value until Reload): a field not edited takes the server's value; an edited one keeps the operator's,
     * which Apply sends, and the message says the server's moved under it. Never loaded: a load.
     */
    public void follow() {
        following.follow(loaded, this::load, now -> {
            List<String> moved = new java.util.ArrayList<>();
            for (SettingRow r : rows) {
                Object held = now.get(r.field().name());
                if (held == null || String.valueOf(held).equals(r.applied())) continue;
                if (edited(r)) {
                    r.heldElsewhere(held);
                    moved.add(r.field().label() + " is " + held + (r.field().unit() == null || r.field().unit().isEmpty() ? "" : " " + r.field().unit()));
                } else {
                    r.applied(held);
                }
            }
            if (!moved.isEmpty()) {
                message.set("Changed on the server while you edited: " + String.join("; ", moved)
                        + " there now. Apply sends your values; Reload shows the server's.");
            }
        });
    }

    private static boolean edited(SettingRow r) {
        String text = r.value().get() == null ? "" : r.value().get().strip();
        return !text.equals(r.applied());
    }

    /** Sends the fields that changed; nothing changes unless all of them are valid. */
    public void apply() {
        Map<String, Object> changes = new LinkedHashMap<>();
        boolean bad = false;
        // what each field showed as Apply was pressed: one typed in while the answer is on its way keeps its text
        Map<SettingRow, String> asSent = new java.util.IdentityHashMap<>();
        for (SettingRow r : rows) {
            r.error().set("");
            asSent.put(r, r.value().get());
            // strip(), not trim(): a value ending in an ideographic or thin space passed the range check and then
            // failed Long.parseLong on the FX thread, and the click did nothing (audit 51)
            String text = r.value().get() == null ? "" : r.value().get().strip();
            if (text.equals(r.applied())) continue;
            if (r.field().isChoice()) {
                if (r.field().choices().contains(text)) {
                    changes.put(r.field().name(), text);
                } else {
                    r.error().set("one of " + String.join(", ", r.field().choices()));
                    bad = true;
                }
                continue;
            }
            // the range printed beside the field, checked here: every bad field marked in one Apply (ux44 D6)
            SettingField f = r.field();
            boolean bounded = f.min() < f.max(); // a server from before bounds sends none
            String complaint = new Bounds(bounded ? f.min() : Long.MIN_VALUE, bounded ? f.max() : Long.MAX_VALUE, f.unit())
                    .complaint(text);
            if (complaint.isEmpty()) {
                changes.put(f.name(), Long.parseLong(text));
            } else {
                r.error().set(complaint);
                bad = true;
            }
        }
        if (bad) {
            message.set(FIX);
            return;
        }
        if (changes.isEmpty()) {
            message.set("Nothing changed.");
            return;
        }
        background.run(() -> admin.updateConfig(changes), now -> {
            for (SettingRow r : rows) {
                Object held = now.getOrDefault(r.field().name(), r.applied());
                if (java.util.Objects.equals(r.value().get(), asSent.get(r))) r.applied(held);
                else r.heldElsewhere(held); // typed in meanwhile (audit 51): Apply sends it next
            }
            // named as the form names them, not by the API's keys
            message.set("Applied " + String.join(", ", rows.stream().filter(r -> changes.containsKey(r.field().name()))
                    .map(r -> r.field().label()).toList()) + "; in force now.");
        }, t -> {
            if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
                for (AdminApiException.FieldError fe : e.errors()) {
                    rows.stream().filter(r -> r.field().name().equals(fe.field())).findFirst()
                            .ifPresent(r -> r.error().set(fe.message()));
                }
                message.set(REFUSED);
            } else {
                message.set("Failed: " + t.getMessage());
            }
        });
    }

    /** The form-wide complaint goes with the last marked field: a corrected form says nothing stale. */
    private void clearRefusalOnceCorrected() {
        boolean marked = rows.stream().anyMatch(r -> !r.error().get().isEmpty());
        if (!marked && (FIX.equals(message.get()) || REFUSED.equals(message.get()))) message.set("");
    }

    /** Whether the server's settings were loaded once. */
    public boolean loaded() { return loaded; }

    /** Whether a field holds a value typed and not applied. */
    public boolean unapplied() {
        return rows.stream().anyMatch(SettingsSection::edited);
    }

    public ObservableList<SettingRow> rows() { return rows; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }

    /** Empty, or why the form may show values the server no longer holds (its read after a change elsewhere failed). */
    public ReadOnlyStringProperty unreadable() { return following.unreadable(); }

    /** Empty, or what puts this form back at each start of the server: a change made here lasts until the next one. */
    public ReadOnlyStringProperty putBack() { return putBack.getReadOnlyProperty(); }

    void putBack(String notice) { putBack.set(notice); }
}
