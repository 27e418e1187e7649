package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.BlacklistEntryView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import dev.palisade.console.ui.common.ReportBusy;
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

    /** One load out at a time (reloads follow live changes): an older answer never lands after a newer one. */
    private final dev.palisade.console.ui.common.OneInFlight loading = new dev.palisade.console.ui.common.OneInFlight();

    public void load() {
        loading.run(background, admin::blacklistEntries, fresh -> {
            if (!entries.equals(fresh)) entries.setAll(fresh);
        }, t -> message.set("Cannot load the blacklist: " + t.getMessage()));
    }

    /** What adding the entry would have done to the recent calls, before it is added (nothing is changed). */
    public void preview(String kind, String value) {
        if (value == null || value.isBlank()) {
            message.set("Type the value to preview first.");
            return;
        }
        message.set("Replaying recent calls…");
        List<Map<String, String>> entries = List.of(Map.of("kind", kind, "value", value.trim()));
        background.run(() -> admin.preview("blacklist", entries), p -> message.set(PreviewText.of(p)),
                t -> busyOr(t, "the preview"));
    }

    /** The server's longest expiry, 315 360 000 s (10 years), in minutes. */
    static final long MAX_EXPIRY_MINUTES = 5_256_000;

    /** @param expiresInMinutes blank for never */
    public void add(String kind, String value, String reason, String expiresInMinutes) {
        if (reason != null && reason.length() > REASON_MAX) {
            // the server would refuse it too, but names the field "value", which is not what is too long
            message.set("Reason: at most " + REASON_MAX + " characters (this one has " + reason.length() + "); nothing added.");
            return;
        }
        Long minutes;
        try {
            minutes = expiresInMinutes == null || expiresInMinutes.isBlank() ? null : Long.parseLong(expiresInMinutes.strip());
        } catch (NumberFormatException e) {
            message.set("Expiry: minutes as a whole number, or empty for never.");
            return;
        }
        // told in the minutes the field takes: the server's refusal named its own field in seconds, and a huge number
        // overflowed into one it took (audit 51)
        if (minutes != null && (minutes < 1 || minutes > MAX_EXPIRY_MINUTES)) {
            message.set("Expiry: between 1 and " + MAX_EXPIRY_MINUTES + " minutes (10 years), or empty for never; nothing added.");
            return;
        }
        Long seconds = minutes == null ? null : minutes * 60;
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

    /**
     * A file to import, as the server would read it, for the operator to confirm: what it would add, and
     * what its User-Agent patterns would have refused of the recent traffic (a line that is no address
     * is a pattern: a file holding {@code Gecko} would refuse nearly every browser).
     */
    public record ImportPlan(java.nio.file.Path file, String text, int added, int skipped, List<String> agents,
                             dev.palisade.console.client.Dtos.PreviewView agentsPreview, int previewed) {

        /** The addresses, ranges, sessions and tokens among the entries. */
        int others() { return added - agents.size(); }

        public String header() {
            return "Import " + Formats.count(added, "entry", "entries") + " from " + file.getFileName() + "?";
        }

        public String detail() {
            StringBuilder b = new StringBuilder();
            if (others() > 0) b.append(Formats.count(others(), "address, range or session", "addresses, ranges or sessions")).append(". ");
            if (!agents.isEmpty()) {
                b.append(Formats.count(agents.size(), "User-Agent pattern", "User-Agent patterns")).append(" (")
                        .append(String.join(", ", agents.stream().limit(5).toList())).append(agents.size() > 5 ? ", …" : "")
                        .append("): each refuses every call whose User-Agent it matches. ");
                if (agentsPreview != null) {
                    if (previewed < agents.size()) b.append("The first ").append(previewed).append(", replayed: ");
                    b.append(PreviewText.of(agentsPreview)).append(' ');
                }
            }
            if (skipped > 0) b.append(skipped).append(skipped == 1 ? " line is" : " lines are").append(" listed already or given twice. ");
            return b.append("They apply at once.").toString();
        }
    }

    /**
     * Reads the file and asks the server what importing it would add (off the UI thread); then {@code confirm}
     * is given the plan on the UI thread, unless the file adds nothing (the message says so).
     */
    public void planImport(java.nio.file.Path file, java.util.function.Consumer<ImportPlan> confirm) {
        message.set("Reading " + file.getFileName() + "…");
        background.run(() -> {
            String text = java.nio.file.Files.readString(file);
            var dry = admin.importBlacklistDryRun(text);
            List<String> agents = dry.entries().stream().filter(e -> "user_agent".equals(e.get("kind"))).map(e -> e.get("value")).toList();
            // the preview takes up to 1 000 entries in 64 KiB: a longer list is previewed by its first patterns
            List<String> previewed = new java.util.ArrayList<>();
            int bytes = 0;
            for (String a : agents) {
                bytes += a.length() * 3 + 40;
                if (previewed.size() == PREVIEWED_MAX || bytes > 48 * 1024) break;
                previewed.add(a);
            }
            var preview = previewed.isEmpty() ? null : admin.preview("blacklist",
                    previewed.stream().map(a -> Map.of("kind", "user_agent", "value", a)).toList());
            return new ImportPlan(file, text, dry.added(), dry.skipped(), agents, preview, previewed.size());
        }, plan -> {
            if (plan.added() == 0) {
                message.set(said(new dev.palisade.console.client.AdminClient.Imported(0, plan.skipped()), " from " + file.getFileName()));
            } else {
                message.set("");
                confirm.accept(plan);
            }
        }, t -> busyOr(t, "the import")); // its plan replays the file's User-Agent patterns: a report
    }

    /** The most User-Agent patterns an import's plan replays ({@code POST /admin/preview} takes 1 000). */
    static final int PREVIEWED_MAX = 500;

    /** Imports what the operator confirmed: the file's text as it was read for the plan. */
    public void importPlanned(ImportPlan plan) {
        background.run(() -> admin.importBlacklist(plan.text()), n -> {
            message.set(said(n, " from " + plan.file().getFileName()));
            load();
        }, this::failed);
    }

    /** "2 entries imported from x.txt.", and how many the list held already when some were. */
    private static String said(dev.palisade.console.client.AdminClient.Imported n, String from) {
        String added = n.added() == 0 ? "No entry imported" : Formats.count(n.added(), "entry", "entries") + " imported";
        if (n.skipped() == 0) return added + from + ".";
        return added + from + "; " + n.skipped() + (n.skipped() == 1 ? " was" : " were") + " listed already or given twice.";
    }

    /** A request the server was too busy to report is no failure: the operator is told when to try {@code what} again. */
    private void busyOr(Throwable t, String what) {
        if (ReportBusy.is(t)) message.set(ReportBusy.tryAgain(what, t));
        else failed(t);
    }

    private void failed(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            message.set("Refused, nothing added: " + String.join("; ", e.errors().stream().limit(5)
                    .map(BlacklistSection::complaint).toList()) + ".");
        } else {
            message.set("Failed: " + t.getMessage());
        }
    }

    /**
     * A field's complaint as the form says it: the field by its own name ("value", not the preview document's
     * "blacklist[0].value"), and once: "value: value must be 1–512 characters" said it twice (ux44 D9).
     */
    static String complaint(AdminApiException.FieldError error) {
        String field = error.field().substring(error.field().lastIndexOf('.') + 1);
        return error.message().startsWith(field + " ") ? error.message() : field + ": " + error.message();
    }

    public ObservableList<BlacklistEntryView> entries() { return entries; }
    public StringProperty draft() { return draft; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
