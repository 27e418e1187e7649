package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.ReportBusy;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rate windows or sequence rules as a form: rows of fields, loaded from and applied to the admin API
 * as one document ({@code GET/PUT /admin/windows}, {@code /admin/rules}), which the server validates
 * all or nothing. A refusal leaves the rows as typed and files each complaint ({@code windows[2].limit})
 * under its row and field. The JSON document stays a side door: {@link #exportJson()} and
 * {@link #importJson(String)}. Apply and Preview wait for a load that succeeded: the document is
 * replaced whole, so a form that never held the server's rows would delete every one it lacks.
 */
public final class DocumentForm {

    private static final Pattern ROW_FIELD = Pattern.compile("\\w+\\[(\\d+)]\\.?(\\w*)");
    static final String FIX = "Fix the marked fields: nothing was sent.";
    static final String REFUSED = "The server refused: nothing was changed. Fix the marked fields.";

    private final AdminClient admin;
    private final Background background;
    private final String key;
    private final String noun;
    private final List<RowKind> kinds;
    private final ObservableList<FormRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper putBack = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper jsonError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final ObservableList<dev.palisade.console.client.Dtos.RuleSuggestionView> suggestions = FXCollections.observableArrayList();
    /** Changes to the rows so far: a preview tells what the rows it was made of would have done. */
    private long edits;
    /** The server's document as the form last showed it (written as the form writes it), or null before a load. */
    private String shown;
    private final Following<List<FormRow>> following;

    /**
     * @param key the resource and the document's list: {@code windows} or {@code rules}
     * @param noun what one row is called in messages, e.g. "rate window"
     */
    private DocumentForm(AdminClient admin, Background background, String key, String noun, List<RowKind> kinds) {
        this.admin = admin;
        this.background = background;
        this.key = key;
        this.noun = noun;
        this.kinds = kinds;
        this.following = new Following<>(background, () -> FormJson.read(key, kinds, admin.document(key)),
                "the " + plural());
        rows.addListener((ListChangeListener<FormRow>) c -> {
            while (c.next()) {
                for (FormRow r : c.getAddedSubList()) {
                    r.onComplaints(this::clearRefusalOnceCorrected);
                    r.onEdit(this::edited);
                }
            }
            clearRefusalOnceCorrected();
            edited();
        });
    }

    static DocumentForm rateWindows(AdminClient admin, Background background) {
        return new DocumentForm(admin, background, "windows", "rate window", List.of(RowKind.RATE_WINDOW));
    }

    static DocumentForm sequenceRules(AdminClient admin, Background background) {
        return new DocumentForm(admin, background, "rules", "rule", RowKind.RULE_TYPES);
    }

    /** Fills the form with what the server has in force; edits not applied are dropped. */
    public void load() {
        following.loading();
        // read in the background too: a server of another version may send what this form cannot show
        background.run(() -> FormJson.read(key, kinds, admin.document(key)), read -> {
            rows.setAll(read);
            shown = FormJson.write(key, read);
            loaded.set(true);
            following.loaded();
            message.set("");
        }, t -> message.set("Cannot load the " + plural() + ": " + t.getMessage()));
    }

    /**
     * Shows the server's document again once it changed elsewhere, unless the form holds edits: those stay
     * (Apply refuses over a changed document and says so; Reload shows it). Never loaded: a load.
     */
    public void follow() {
        following.follow(loaded.get(), this::load, read -> {
            String held = FormJson.write(key, read);
            if (held.equals(shown) || unapplied()) return;
            rows.setAll(read);
            shown = held;
        });
    }

    /** Adds an empty row of the kind at the end (the only kind for rate windows). */
    public FormRow add(RowKind kind) {
        if (!kinds.contains(kind)) throw new IllegalArgumentException(kind + " is not one of " + kinds);
        FormRow row = new FormRow(kind);
        rows.add(row);
        if (loaded.get()) message.set(""); // a failed load's message stays: Apply waits for a load
        return row;
    }

    public void remove(FormRow row) {
        rows.remove(row);
    }

    /** Sends every row as one document; nothing changes on the server unless all of them are valid. */
    public void apply() {
        if (!loadedFirst("Not applied")) return;
        if (!locallyValid()) return;
        // complaints name rows by their place in what was sent, which edits made meanwhile must not shift
        List<FormRow> sent = List.copyOf(rows);
        String json = FormJson.write(key, sent);
        String base = shown;
        long madeOf = edits;
        preview.set("");
        background.run(() -> {
            // the document is replaced whole: rows another operator, a node or a --config start put there since
            // this form was loaded would be deleted without a word, so they are looked for first
            if (!FormJson.write(key, FormJson.read(key, kinds, admin.document(key))).equals(base)) throw new ChangedElsewhere();
            return FormJson.read(key, kinds, admin.replaceDocument(key, json));
        }, now -> {
            shown = FormJson.write(key, now);
            if (madeOf != edits) {
                message.set("Applied " + count(now.size()) + "; the rows changed since Apply are kept here, not applied.");
                return;
            }
            rows.setAll(now);
            message.set("Applied " + count(rows.size()) + "; in force now.");
        }, t -> {
            if (t instanceof ChangedElsewhere) {
                message.set("Not applied: the " + plural() + " changed on the server since this form was loaded (another"
                        + " operator, a node or a --config start). Reload shows them; make your change again there.");
            } else {
                refused(t, sent);
            }
        });
    }

    /** What the server held is not what the form was loaded from. */
    private static final class ChangedElsewhere extends RuntimeException {
        ChangedElsewhere() { super("changed on the server", null, false, false); }
    }

    /**
     * Asks the server what the form, applied, would have done to recent real traffic, before it is
     * applied: how many calls it would have refused or let through otherwise, and the first of them.
     */
    public void preview() {
        if (!loadedFirst("No preview")) return;
        if (!locallyValid()) return;
        List<FormRow> sent = List.copyOf(rows);
        String json = FormJson.write(key, sent);
        preview.set("Replaying recent calls…");
        long madeOf = edits;
        background.run(() -> admin.preview(json), p -> {
            if (madeOf != edits) return; // edited meanwhile: about rows no longer in the form
            preview.set(PreviewText.of(p));
            message.set("");
        }, t -> {
            if (madeOf != edits) return;
            if (ReportBusy.is(t)) { // not a refusal of the rows: the same preview answers in a few seconds
                preview.set(ReportBusy.tryAgain("the preview", t));
                return;
            }
            preview.set("");
            refused(t, sent);
        });
    }

    /** The rows changed (typed in, added, removed, reloaded): a preview of the rows as they were goes. */
    private void edited() {
        edits++;
        preview.set("");
    }

    /** Rules learned from the traffic (for the sequence rules' form), each with its preview. */
    public void suggest() {
        preview.set("Looking for rules in the recent calls…");
        background.run(admin::ruleSuggestions, found -> {
            suggestions.setAll(found);
            preview.set(found.isEmpty() ? "No rule stands out in the recent calls: sessions that were never refused"
                    + " follow no order often enough (at least 5 sessions, 95 % of them)." : "");
        }, t -> preview.set(ReportBusy.is(t) ? ReportBusy.tryAgain("Suggest rules", t) : "Cannot ask for suggestions: " + t.getMessage()));
    }

    /** Adds a suggested rule to the form (not applied: the operator looks, then applies). */
    public void adopt(dev.palisade.console.client.Dtos.RuleSuggestionView s) {
        List<FormRow> read;
        try {
            read = FormJson.read(key, kinds, "{\"" + key + "\":[" + s.rule().toString() + "]}");
        } catch (RuntimeException e) {
            preview.set("This suggestion has no place in the form: " + e.getMessage());
            return;
        }
        rows.addAll(read);
        suggestions.remove(s);
        message.set("Added; Apply puts it in force.");
    }

    /** True once the server's rows were loaded; else says so under {@code what} ("Not applied"). */
    private boolean loadedFirst(String what) {
        if (loaded.get()) return true;
        message.set(what + ": the " + plural() + " were never loaded from the server. Reload them first (edits would"
                + " replace all the server's " + plural() + ").");
        return false;
    }

    /** Marks every field the form can judge, all in one pass; true when none is marked. */
    private boolean locallyValid() {
        boolean bad = marked();
        if (bad) message.set(FIX);
        return !bad;
    }

    /**
     * Marks each number outside its printed range (or not a whole number) and each choice that is none of its
     * choices (a pasted scope "planet", which the choice box showed as if it were one); true when any is marked.
     */
    private boolean marked() {
        rows.forEach(FormRow::clearErrors);
        boolean bad = false;
        for (FormRow row : rows) {
            for (FormField f : row.kind().fields()) {
                String text = row.value(f.name()).get();
                String complaint = switch (f.input()) {
                    case NUMBER -> f.bounds() == null ? (FormJson.wholeNumber(text == null ? "" : text) == null ? "a whole number" : "")
                            : f.bounds().complaint(text);
                    case CHOICE -> Bounds.choiceComplaint(text, f.choices());
                    default -> "";
                };
                if (!complaint.isEmpty()) {
                    row.error(f.name()).set(complaint);
                    bad = true;
                }
            }
        }
        return bad;
    }

    private void refused(Throwable t, List<FormRow> sent) {
        if (t instanceof FormJson.UnreadableException) {
            message.set("Applied, but the server's answer has no place in this form: " + t.getMessage());
            return;
        }
        if (!(t instanceof AdminApiException e) || e.errors().isEmpty()) {
            message.set("Not applied: " + t.getMessage());
            return;
        }
        StringBuilder unplaced = new StringBuilder();
        for (AdminApiException.FieldError f : e.errors()) {
            Matcher m = ROW_FIELD.matcher(f.field());
            int index = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            if (index >= 0 && index < sent.size() && rows.contains(sent.get(index))) {
                sent.get(index).complain(m.group(2), f.message());
            } else {
                unplaced.append(' ').append(f.field()).append(": ").append(f.message()).append('.');
            }
        }
        message.set(REFUSED + unplaced);
    }

    /** The form-wide complaint goes with the last marked field: a corrected form says nothing stale. */
    private void clearRefusalOnceCorrected() {
        boolean refusal = message.get().startsWith(FIX) || message.get().startsWith(REFUSED);
        if (refusal && rows.stream().noneMatch(FormRow::hasErrors)) message.set("");
    }

    /** The form as the JSON document Apply would send, rows not yet valid included, as typed. */
    public String exportJson() {
        return FormJson.write(key, rows);
    }

    /**
     * Replaces the rows with a pasted document (not applied: the operator looks, then applies).
     *
     * @return false, with {@link #jsonError()} saying why, when the text has no place in the form; the
     *         rows are then as they were
     */
    public boolean importJson(String json) {
        List<FormRow> read;
        try {
            read = FormJson.read(key, kinds, json);
        } catch (FormJson.UnreadableException e) {
            jsonError.set(e.getMessage());
            return false;
        }
        jsonError.set("");
        rows.setAll(read);
        // what the form can judge is marked at once, not at Apply: a pasted scope "planet" looked chosen
        boolean bad = marked();
        message.set("Imported " + count(read.size()) + " from JSON: not applied yet." + (bad ? " Fix the marked fields." : ""));
        return true;
    }

    private String count(int n) {
        return n + " " + (n == 1 ? noun : plural());
    }

    public ObservableList<FormRow> rows() { return rows; }

    /** Whether the rows differ from the server's document as the form last showed it. */
    public boolean unapplied() {
        return shown != null && !FormJson.write(key, rows).equals(shown);
    }

    /** What one row is called, many of them: "rate windows", "rules". */
    private String plural() {
        return noun + "s";
    }
    /** Whether the server's rows were loaded once: until then Apply and Preview send nothing. */
    public javafx.beans.property.ReadOnlyBooleanProperty loaded() { return loaded.getReadOnlyProperty(); }
    public List<RowKind> kinds() { return kinds; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }

    /** Empty, or why the form may show values the server no longer holds (its read after a change elsewhere failed). */
    public ReadOnlyStringProperty unreadable() { return following.unreadable(); }
    /** Why the last JSON pasted was not read; empty once one is. */
    public ReadOnlyStringProperty jsonError() { return jsonError.getReadOnlyProperty(); }
    /** What the last preview found (or what it is doing), empty before one. */
    public ReadOnlyStringProperty previewText() { return preview.getReadOnlyProperty(); }
    public ObservableList<dev.palisade.console.client.Dtos.RuleSuggestionView> suggestions() { return suggestions; }

    /** Empty, or what puts this form back at each start of the server: a change made here lasts until the next one. */
    public ReadOnlyStringProperty putBack() { return putBack.getReadOnlyProperty(); }

    void putBack(String notice) { putBack.set(notice); }
}
