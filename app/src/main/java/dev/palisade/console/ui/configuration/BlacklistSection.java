package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.BlacklistEntryView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Map;

/** Blacklist entries: add (with an optional expiry), remove, import a text file. */
public final class BlacklistSection {

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<BlacklistEntryView> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** The value the operator is typing: kept when the server refuses it, so it can be corrected. */
    private final StringProperty draft = new SimpleStringProperty("");

    /** The longest reason the admin API takes ({@code BlacklistAdd.reason} in openapi.json). */
    static final int REASON_MAX = 200;

    BlacklistSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    public void load() {
        background.run(admin::blacklistEntries, entries::setAll, t -> message.set("Cannot load the blacklist: " + t.getMessage()));
    }

    /** What adding the entry would have done to the recent calls, before it is added (nothing is changed). */
    public void preview(String kind, String value) {
        if (value == null || value.isBlank()) {
            message.set("Type the value to preview first.");
            return;
        }
        message.set("Replaying recent calls…");
        List<Map<String, String>> entries = List.of(Map.of("kind", kind, "value", value.trim()));
        background.run(() -> admin.preview("blacklist", entries), p -> message.set(PreviewText.of(p)), this::failed);
    }

    /** @param expiresInMinutes blank for never */
    public void add(String kind, String value, String reason, String expiresInMinutes) {
        if (reason != null && reason.length() > REASON_MAX) {
            // the server would refuse it too, but names the field "value", which is not what is too long
            message.set("Reason: at most " + REASON_MAX + " characters (this one has " + reason.length() + "); nothing added.");
            return;
        }
        Long seconds;
        try {
            seconds = expiresInMinutes == null || expiresInMinutes.isBlank() ? null : Long.parseLong(expiresInMinutes.trim()) * 60;
        } catch (NumberFormatException e) {
            message.set("Expiry: minutes as a whole number, or empty for never.");
            return;
        }
        background.run(() -> {
            admin.addToBlacklist(kind, value, reason, seconds);
            return value;
        }, v -> {
            // a token is a secret: the server keeps only its hash, and the window does not show it either
            message.set("token".equals(kind) ? "The token is blacklisted." : v + " is blacklisted.");
            if (v.equals(draft.get())) draft.set("");
            load();
        }, this::failed);
    }

    public void remove(BlacklistEntryView e) {
        background.run(() -> {
            admin.removeFromBlacklist(e.id());
            return e.value();
        }, v -> {
            message.set(v + " is no longer blacklisted.");
            load();
        }, this::failed);
    }

    /** Imports a text file (read off the UI thread): one entry a line, {@code [kind] value [# reason]}. */
    public void importFile(java.nio.file.Path file) {
        background.run(() -> admin.importBlacklist(java.nio.file.Files.readString(file)), n -> {
            message.set(said(n, " from " + file.getFileName()));
            load();
        }, this::failed);
    }

    /** The text of a file: one entry a line, {@code [kind] value [# reason]}. */
    public void importText(String text) {
        background.run(() -> admin.importBlacklist(text), n -> {
            message.set(said(n, ""));
            load();
        }, this::failed);
    }

    /** "2 entries imported from x.txt.", and how many the list held already when some were. */
    private static String said(dev.palisade.console.client.AdminClient.Imported n, String from) {
        String added = n.added() == 0 ? "No entry imported" : Formats.count(n.added(), "entry", "entries") + " imported";
        if (n.skipped() == 0) return added + from + ".";
        return added + from + "; " + n.skipped() + (n.skipped() == 1 ? " was" : " were") + " listed already or given twice.";
    }

    private void failed(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            message.set("Refused, nothing added: " + String.join("; ", e.errors().stream().limit(5)
                    .map(f -> f.field() + ": " + f.message()).toList()) + ".");
        } else {
            message.set("Failed: " + t.getMessage());
        }
    }

    public ObservableList<BlacklistEntryView> entries() { return entries; }
    public StringProperty draft() { return draft; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
