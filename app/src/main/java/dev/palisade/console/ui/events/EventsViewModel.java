package dev.palisade.console.ui.events;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.AddressFilter;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.TimeRange;
import dev.palisade.console.ui.common.Explanations;
import dev.palisade.console.ui.common.Formats;
import dev.palisade.console.ui.common.KeptArrivals;
import dev.palisade.console.ui.common.LatestRequest;
import dev.palisade.console.ui.common.ReportBusy;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The event log: filtered on the server by type, code, address and session; searched in what is
 * loaded; kept current from the live stream; a selected denial is explained (which check, why, and
 * what would have passed).
 */
public final class EventsViewModel {

    public static final int PAGE = 200;
    /**
     * The checks docs/protocol.md names ("`check` values"), the check field's suggestions: a well-formed typo
     * ("prcie") listed nothing without a word (review 60, L3). Only suggestions: a newer server may add checks.
     */
    public static final List<String> CHECKS = List.of("blacklist", "credentials", "token", "api_key", "session",
            "bootstrap", "freshness", "signature", "nonce", "fingerprint", "price", "rate", "sequence", "auth", "http",
            "validation", "body", "admin", "report", "state", "store", "server", "upstream", "health", "pipeline");

    public static final List<String> TYPES = List.of("all", "decision", "auth", "admin", "fingerprint_mismatch",
            "rate_anomaly", "system");

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<EventView> loaded = FXCollections.observableArrayList();
    private final FilteredList<EventView> shown = new FilteredList<>(loaded, e -> true);
    private final ObjectProperty<String> type = new SimpleObjectProperty<>("all");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty check = new SimpleStringProperty("");
    private final StringProperty ip = new SimpleStringProperty("");
    private final StringProperty session = new SimpleStringProperty("");
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<EventView> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** Why the address typed was not asked for (not an address, or a range); empty when it was. */
    private final ReadOnlyStringWrapper addressProblem = new ReadOnlyStringWrapper("");
    /** The event to select and show: a scenario step's own event, once found. */
    private final ReadOnlyObjectWrapper<EventView> focus = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.ReadOnlyBooleanWrapper exporting = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final java.util.concurrent.atomic.AtomicLong exported = new java.util.concurrent.atomic.AtomicLong();
    /** Set by Cancel, read by the export's thread between reads. */
    private final java.util.concurrent.atomic.AtomicBoolean exportCancelled = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong exportTotal = new java.util.concurrent.atomic.AtomicLong(-1);
    private final javafx.beans.property.ObjectProperty<TimeRange> range =
            new javafx.beans.property.SimpleObjectProperty<>(TimeRange.ANY_TIME);
    /** The window (epoch ms) of the range, or of a scenario step's event; null: open-ended. */
    private Long from;
    private Long to;
    /**
     * The filters of the list shown, as they were when it was loaded: live events, older pages and the
     * export follow it, not fields the operator is still typing into (a half-typed code hid every live event).
     */
    private EventFilter applied;

    /** Whether a scenario step's event is shown (its own window, its own message). */
    private boolean stepShown;
    /** A step's event not written yet when its page was asked for: asked again by the poll for a while. */
    private final StepLook look = new StepLook();
    /**
     * Whether the list shown is a step's page that came back without its event: a live event of its filters is then
     * the step's (before that answer the list is another's, and the answer selects the event itself).
     */
    private boolean stepEventAwaited;
    /** Every load of the newest page: an answer to an older load, overtaken meanwhile, is dropped. */
    private final LatestRequest pages = new LatestRequest();
    /** Every older page asked for: one asked twice is appended once. */
    private final LatestRequest olderPages = new LatestRequest();
    /** Whether the server may hold older matching events: the last page it sent for this list was full. */
    private final javafx.beans.property.ReadOnlyBooleanWrapper olderAvailable = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /**
     * A page the server was too busy to report (503 report_busy): a calm line, the list kept, and the same page
     * asked for again by the window's poll once its Retry-After has passed (it was told as a failure).
     */
    private final ReportBusy.Retry busy = new ReportBusy.Retry();
    /** An older page the server was too busy for, waited out on its own: it neither drops nor replaces the newest page's wait. */
    private final ReportBusy.Retry olderBusy = new ReportBusy.Retry();
    private final ReadOnlyStringWrapper busyLines = new ReadOnlyStringWrapper("");
    /** The live events shown while the newest page was out: kept in front of its answer. */
    private final KeptArrivals arrivals = new KeptArrivals(5_000);

    /** Live events missed so far, and how many of them the list shown was loaded after (so it holds them). */
    private long missed;
    private long missedLoaded;

    /** What a scenario step calls a 2xx answer, and the code its event is stored under. */
    private static final String STEP_OK = "ok";
    private static final String ALLOWED = "allowed";

    /** How long after its request a step's event may be written (the server decides before it answers). */
    static final long STEP_WINDOW_MILLIS = 10_000;

    static final String STEP_LOOKING = "Looking for the step's event (the server writes events in the background)…";
    static final String STEP_NONE_YET = "No event of this step yet (the server writes events in the background): Filter again.";
    static final String STEP_SELECTED = "The step's event is selected; later events of the same kind from its address follow it.";

    public EventsViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        search.addListener((o, a, b) -> applySearch());
        range.addListener((o, a, b) -> load());
        busyLines.bind(ReportBusy.lines(busy, olderBusy));
    }

    /** Loads the newest page for the current filters and time range. */
    public void load() {
        stepShown = false;
        from = range.get().start(System.currentTimeMillis());
        to = range.get().end();
        fetch();
    }

    /**
     * Time passes for a range up to now (the window's poll): events older than its start leave the list,
     * which otherwise kept every row it ever listed under "Last 15 minutes". A scenario step's own window stays.
     */
    public void tick(long now) {
        busy.poll(now); // a page the server was too busy for, asked again once its wait has passed
        olderBusy.poll(now);
        look.poll(now); // a step's event not written when its page was asked for
        if (stepShown || !range.get().upToNow()) return;
        Long start = range.get().start(now);
        if (start != null) loaded.removeIf(e -> e.at() < start);
    }

    /** The time range the events come from; setting it loads them. */
    public javafx.beans.property.ObjectProperty<TimeRange> range() { return range; }

    private void fetch() {
        EventFilter filter = filter(0);
        applied = filter; // live events are matched against it: none comes from a bad address, the list stays empty
        LatestRequest.Ticket ticket = pages.next();
        arrivals.forget(); // of the filters before, if a page of theirs is still out
        busy.clear(); // a page still waiting to be asked again was of the filters before
        olderBusy.clear();
        look.stop(); // of the step before, or of none: this page is the operator's
        stepEventAwaited = false;
        addressProblem.set(AddressFilter.problem(ip.get()));
        if (!addressProblem.get().isEmpty()) {
            loaded.clear();
            olderAvailable.set(false);
            message.set("");
            return;
        }
        ask(filter, ticket);
    }

    /** Asks for the newest page of {@code filter}: now, and again after a busy server's wait (the same ticket). */
    private void ask(EventFilter filter, LatestRequest.Ticket ticket) {
        long missedAtAsk = missed;
        arrivals.pageAsked();
        background.run(() -> admin.events(filter), page -> {
            if (!ticket.isNewest()) return;
            busy.clear();
            // an older page asked of the list this page replaces is older than rows no longer shown: dropped
            olderPages.next();
            olderBusy.clear();
            // what came live since the page was asked stays in front of it (a reconnect's reload under an attack lost
            // those: audit 51)
            loaded.setAll(arrivals.inFrontOf(page.items()));
            olderAvailable.set(page.items().size() >= PAGE);
            missedLoaded = missedAtAsk;
            if (!stepShown) {
                message.set(page.items().size() < PAGE ? "" : "newest " + PAGE + " shown; older ones with Load older");
            } else if (!loaded.isEmpty()) {
                focusStepsEvent(); // from the page, or come live while it was out
            } else if (ALLOWED.equals(code.get())) {
                stepEventAwaited = true; // a login's event may still come live
                message.set("No event of this step: an allowed call is stored as one only as Configuration › TTLs › "
                        + "Allowed calls leave says (by default not; logins always are).");
            } else if (look.cameBackEmpty(System.currentTimeMillis(), () -> {
                if (ticket.isNewest()) ask(filter, ticket);
            }, () -> {
                if (ticket.isNewest()) message.set(STEP_NONE_YET);
            })) {
                // not written yet, perhaps: the server's page waits at most a second for its writer (session 59)
                stepEventAwaited = true;
                message.set(STEP_LOOKING);
            } else {
                stepEventAwaited = true;
                message.set(STEP_NONE_YET);
            }
            if (missed > missedLoaded) message.set(missedNote()); // dropped after it was asked for: not in this page
        }, t -> {
            if (!ticket.isNewest()) return;
            // busy: what the list shows stays, and so does its message (and a step's look, which asks again with it)
            if (!busy.waitOut(t, "the events", () -> {
                if (ticket.isNewest()) ask(filter, ticket);
            })) {
                arrivals.forget(); // shown as they came
                busy.clear();
                look.stop();
                failed(t);
            }
        });
    }

    /**
     * Shows the event of a request made at {@code at} with {@code code} from {@code ip}, and selects
     * it: events of earlier runs of the same scenario stay out.
     */
    public void show(String code, String ip, long at) {
        focus.set(null);
        type.set("all");
        // a scenario step calls a 2xx answer "ok"; its event, when there is one, is stored as "allowed"
        this.code.set(STEP_OK.equals(code) ? ALLOWED : code);
        check.set("");
        this.ip.set(ip);
        session.set("");
        search.set("");
        stepShown = true;
        from = at;
        to = at + STEP_WINDOW_MILLIS;
        fetch();
    }

    /** Shows the events whose {@code field} ("code", "ip" or "session") is {@code value}, the other filters cleared. */
    public void showFor(String field, String value) {
        showFor(field, value, "");
    }

    /**
     * As {@link #showFor(String, String)}, of the events the check {@code byCheck} named (empty: any): a price
     * refusal's row shows only the refusals by price, not every {@code no_bootstrap} (console audit 59).
     */
    public void showFor(String field, String value, String byCheck) {
        focus.set(null);
        type.set("all");
        code.set(field.equals("code") ? value : "");
        check.set(byCheck);
        ip.set(field.equals("ip") ? value : "");
        session.set(field.equals("session") ? value : "");
        search.set("");
        load();
    }

    /** Shows every event of {@code [from, to)}, the other filters cleared: a chart point's step. */
    public void showBetween(long from, long to) {
        focus.set(null);
        type.set("all");
        code.set("");
        check.set("");
        ip.set("");
        session.set("");
        search.set("");
        TimeRange window = TimeRange.custom(from, to);
        if (window.equals(range.get())) load();
        else range.set(window); // loads
    }

    /**
     * Appends the next older page to the list shown: not to a list loaded since for other filters
     * (the page was of the old ones), and once however often it was asked for.
     */
    public void loadOlder() {
        long oldest = loaded.isEmpty() ? Long.MAX_VALUE : loaded.get(loaded.size() - 1).id();
        // by id, not by offset: under steady traffic every offset page held only events already shown
        EventFilter filter = loaded.isEmpty() ? shownFilter() : shownFilter().olderThan(oldest);
        LatestRequest.Ticket list = pages.current();
        LatestRequest.Ticket ticket = olderPages.next();
        background.run(() -> admin.events(filter), page -> {
            if (!list.isNewest() || !ticket.isNewest()) return;
            olderBusy.clear(); // the newest page's wait, if any, goes on: this page does not answer it
            loaded.addAll(page.items().stream().filter(e -> e.id() < oldest).toList());
            olderAvailable.set(page.items().size() >= PAGE);
            message.set(page.items().isEmpty() ? "no older events" : "");
        }, t -> {
            if (!list.isNewest() || !ticket.isNewest()) return;
            if (olderBusy.waitOut(t, "the older events", () -> {
                if (list.isNewest() && ticket.isNewest()) loadOlder();
            })) return;
            olderBusy.clear();
            failed(t);
        });
    }

    /** The filters of the list shown; the fields' before anything was loaded. */
    private EventFilter shownFilter() {
        return applied != null ? applied : filter(0);
    }

    private EventFilter filter(int offset) {
        return new EventFilter(from, to, "all".equals(type.get()) ? null : type.get(), blank(code.get()), checkName(check.get()),
                blank(session.get()), AddressFilter.sent(ip.get()), null, offset, PAGE, null);
    }

    /**
     * Writes every stored event the list's filters match (not only the pages loaded; the search box narrows
     * only what is loaded) to {@code file}: JSON for a name ending in .json, else CSV.
     */
    public void export(java.nio.file.Path file) {
        if (exporting.get()) return;
        String format = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? "json" : "csv";
        EventFilter filter = shownFilter();
        exported.set(0);
        exportTotal.set(-1);
        exportCancelled.set(false);
        exporting.set(true);
        message.set("Exporting to " + file + "…");
        background.run(() -> admin.exportEvents(filter, format, file, new AdminClient.ExportProgress() {
            @Override
            public void written(long n, long total) {
                exported.set(n);
                exportTotal.set(total);
            }

            @Override
            public boolean cancelled() { return exportCancelled.get(); }
        }), n -> {
            exporting.set(false);
            message.set("Exported " + Formats.count(n, "event") + " to " + file + ".");
        }, t -> {
            exporting.set(false);
            // the export counts its events first, a report: a server busy with others refuses it before a byte is written
            message.set(t instanceof AdminClient.ExportCancelled ? "The export was cancelled; nothing was written."
                    : ReportBusy.is(t) ? ReportBusy.tryAgain("the export", t) + " Nothing was written."
                    : "The export failed, nothing was written: " + t.getMessage());
        });
    }

    /** Stops the export under way at its next read (a million events take a while); nothing is written. */
    public void cancelExport() {
        if (exporting.get()) exportCancelled.set(true);
    }

    /** How far the export is, 0 to 1, or −1 until the server has said how many events it holds (read from any thread). */
    public double exportProgress() {
        long total = exportTotal.get();
        if (total < 0) return -1;
        return total == 0 ? 1 : Math.min(1, (double) exported.get() / total);
    }

    public javafx.beans.property.ReadOnlyBooleanProperty exporting() { return exporting.getReadOnlyProperty(); }

    /** Whether Load older can find anything: false once a page came back short (nothing older matched). */
    public javafx.beans.property.ReadOnlyBooleanProperty olderAvailable() { return olderAvailable.getReadOnlyProperty(); }

    /**
     * How many live events reached no view so far (the server dropped them for this console, which
     * fell behind): the list is then not complete, and says so until it is loaded again.
     */
    public void missed(long total) {
        if (total <= missed) return;
        missed = total;
        message.set(missedNote());
    }

    private String missedNote() {
        long n = missed - missedLoaded;
        return Formats.count(n, "live event") + " did not reach this console (the server dropped " + (n == 1 ? "it" : "them")
                + " while it fell behind): the list is not complete. Filter loads every stored one.";
    }

    /** Live events that match the server-side filters go on top. */
    public void onEvents(List<EventView> batch) {
        EventFilter f = shownFilter();
        List<EventView> fresh = new ArrayList<>();
        long newest = loaded.isEmpty() ? 0 : loaded.get(0).id();
        for (int i = batch.size() - 1; i >= 0; i--) {
            EventView e = batch.get(i);
            if (e.id() > newest && matches(e, f)) fresh.add(e);
        }
        if (fresh.isEmpty()) return;
        arrivals.shown(fresh);
        loaded.addAll(0, fresh);
        if (loaded.size() > 5_000) {
            loaded.remove(5_000, loaded.size());
            olderAvailable.set(true); // what was let go is on the server still
        }
        // a step's event written after its page came back empty: it matches the step's filters, so it is the one
        if (stepEventAwaited) focusStepsEvent();
    }

    /** Selects a shown step's event, the list holding it: newest first, it is the oldest at or after its request. */
    private void focusStepsEvent() {
        look.stop();
        stepEventAwaited = false;
        EventView event = loaded.get(loaded.size() - 1);
        // the same event come live, then in a page asked again meanwhile: another row now, selected again
        if (event.equals(focus.get())) focus.set(null);
        focus.set(event);
        message.set(STEP_SELECTED);
    }

    private static boolean matches(EventView e, EventFilter f) {
        return (f.from() == null || e.at() >= f.from()) && (f.to() == null || e.at() <= f.to())
                && (f.type() == null || f.type().equals(e.type())) && (f.code() == null || f.code().equals(e.code()))
                && (f.check() == null || checkMatches(f.check(), e.check()))
                && (f.ip() == null || AddressFilter.same(f.ip(), e.ip())) && (f.session() == null || f.session().equals(e.sessionId()));
    }

    /** Whether an event of {@code check} passes the check filter: a name, or {@code !} and one for every check but it (as the server reads it). */
    static boolean checkMatches(String filter, String check) {
        return filter.startsWith("!") ? !filter.substring(1).equals(check) : filter.equals(check);
    }

    public ReadOnlyObjectProperty<EventView> focus() { return focus.getReadOnlyProperty(); }

    public void select(EventView e) {
        selected.set(e);
        if (e == null) {
            explanation.set("");
            return;
        }
        StringBuilder b = new StringBuilder();
        if ("admin".equals(e.type())) {
            // a change (or the server acting on the owner's rules), not a verdict: what and who
            b.append("Admin event: ").append(e.code()).append('\n');
            if (!e.detail().isEmpty()) b.append("What: ").append(e.detail()).append('\n');
            if (!e.actor().isEmpty()) b.append("By: ").append(e.actor()).append('\n');
            if (!e.node().isEmpty()) b.append("On node: ").append(e.node()).append('\n');
            explanation.set(b.toString().trim());
            return;
        }
        if ("system".equals(e.type()) && "alert".equals(e.code())) {
            // no verdict on a call, though its event says allowed: what crossed which threshold (look 56)
            String about = Explanations.alertKind(e.check());
            b.append("Alert: ").append(about.equals(e.check()) ? about : about + " (" + e.check() + ")").append('\n');
            if (!e.detail().isEmpty()) b.append("What: ").append(e.detail()).append('\n');
            if (!e.node().isEmpty()) b.append("On node: ").append(e.node()).append('\n');
            explanation.set(b.toString().trim());
            return;
        }
        if ("system".equals(e.type())) {
            // the server's own account (its start, its stop, events it dropped), no verdict on a call, though its event
            // says allowed with the check "server" (review 57: "Allowed by the server check")
            b.append("Server event: ").append(e.code()).append('\n');
            if (!e.detail().isEmpty()) b.append("What: ").append(e.detail()).append('\n');
            if (!e.node().isEmpty()) b.append("On node: ").append(e.node()).append('\n');
            explanation.set(b.toString().trim());
            return;
        }
        if (flaggedAtLogin(e)) {
            // a session let in under the policy's alert, flagged as L5's: not a change of a fingerprint it had (console
            // audit 59: "Allowed by the fingerprint check … changed from no signals", and no rung)
            b.append("Flagged at login: the browser looked automated (").append(automationSignals(e))
                    .append("); let in under the fingerprint policy's automation action (").append(automationAction(e)).append(")\n");
            if (!e.node().isEmpty()) b.append("On node: ").append(e.node()).append('\n');
            b.append("Attacker ladder: flagged by ").append(Explanations.rung("automated_browser")).append('\n');
            b.append("Under the action deny such a bootstrap is refused (Configuration › Fingerprint policy)");
            explanation.set(b.toString().trim());
            return;
        }
        b.append(e.allowed() ? "Allowed" : "Denied (" + e.status() + " " + e.code() + ")");
        if (!e.check().isEmpty()) b.append(" by the ").append(e.check()).append(" check");
        b.append('\n');
        if (!e.detail().isEmpty()) b.append("Why: ").append(why(e)).append('\n');
        if (!e.node().isEmpty()) b.append("On node: ").append(e.node()).append('\n');
        String rung = Explanations.rung(e.rung());
        if (!rung.isEmpty()) b.append("Attacker ladder: ").append(rung).append('\n');
        String pass = e.allowed() ? "" : Explanations.wouldPass(e.code(), e.check());
        if (!pass.isEmpty()) b.append("What would have passed: ").append(pass);
        explanation.set(b.toString().trim());
    }

    /** The event of a session that began in a browser that looked automated, let in under the policy's {@code alert}. */
    static boolean flaggedAtLogin(EventView e) {
        return "fingerprint_mismatch".equals(e.type()) && "automation_suspected".equals(e.code()) && e.allowed();
    }

    /** The policy's automation action a flag event was raised under ({@code alert}), as its detail records it. */
    static String automationAction(EventView e) {
        for (var c : dev.palisade.console.ui.fingerprints.FingerprintsViewModel.parse(e.detail())) {
            if ("automation".equals(c.component()) && !c.action().isEmpty()) return c.action();
        }
        return "alert";
    }

    /** The automation signals a flag event names ({@code headless, webdriver}), or its detail as it is. */
    static String automationSignals(EventView e) {
        for (var c : dev.palisade.console.ui.fingerprints.FingerprintsViewModel.parse(e.detail())) {
            if ("automation".equals(c.component()) && !c.to().isEmpty()) return c.to().replaceAll(",\\s*", ", ");
        }
        return e.detail();
    }

    /** A fingerprint event's detail is JSON: told as the components that changed, each from, to and what was done. */
    static String why(EventView e) {
        if ("/auth/bootstrap".equals(e.path()) && e.detail().startsWith("{\"bits\"")) return bootstrapCost(e.detail());
        if (!"fingerprint_mismatch".equals(e.type())) return e.detail();
        List<dev.palisade.console.ui.fingerprints.Change> changes =
                dev.palisade.console.ui.fingerprints.FingerprintsViewModel.parse(e.detail());
        if (changes.isEmpty() || !changes.get(0).changed()) return e.detail(); // not the JSON expected: shown as it is
        StringBuilder b = new StringBuilder("the fingerprint changed: ");
        for (int i = 0; i < changes.size(); i++) {
            var c = changes.get(i);
            if (i > 0) b.append("; ");
            b.append(dev.palisade.console.ui.common.Explanations.fingerprintComponent(c.component())).append(" from ").append(c.from().isEmpty() ? "nothing" : c.from())
                    .append(" to ").append(c.to().isEmpty() ? "nothing" : c.to());
            if (!c.action().isEmpty()) b.append(" (").append(c.action()).append(')');
        }
        return b.toString();
    }

    /** What a page cost a bootstrap, in words: its detail is JSON ({"bits":14,"puzzles":4,"sincePageMillis":830,…}). */
    static String bootstrapCost(String detail) {
        try {
            com.fasterxml.jackson.databind.JsonNode d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(detail);
            StringBuilder b = new StringBuilder("proof of work of ").append(d.path("puzzles").asLong()).append(" puzzles of ")
                    .append(d.path("bits").asLong()).append(" bits, bootstrapped ").append(d.path("sincePageMillis").asLong())
                    .append(" ms after the page");
            if (d.hasNonNull("debugToken")) b.append("; debug token '").append(d.path("debugToken").asText()).append("' used");
            if (!d.path("automation").asText().isEmpty()) b.append("; automation seen: ").append(d.path("automation").asText());
            return b.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return detail;
        }
    }

    private void applySearch() {
        String needle = search.get() == null ? "" : search.get().toLowerCase(Locale.ROOT).trim();
        shown.setPredicate(needle.isEmpty() ? e -> true : e -> (e.code() + " " + e.path() + " " + e.ip() + " " + e.user()
                + " " + e.detail() + " " + e.sessionId() + " " + e.actor() + " " + e.node()).toLowerCase(Locale.ROOT).contains(needle));
    }

    private void failed(Throwable t) {
        message.set("Failed: " + t.getMessage());
    }

    /** The check as the server names it (lower case: it takes "Nonce" as nonce), or null for any. */
    private static String checkName(String typed) {
        String name = blank(typed);
        return name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public ObservableList<EventView> events() { return shown; }
    public ObjectProperty<String> type() { return type; }
    public StringProperty code() { return code; }
    /** The check the events were decided by, e.g. {@code price}; empty for any. */
    public StringProperty check() { return check; }
    public StringProperty ip() { return ip; }
    public StringProperty session() { return session; }
    public StringProperty search() { return search; }
    public ReadOnlyObjectProperty<EventView> selected() { return selected.getReadOnlyProperty(); }
    public ReadOnlyStringProperty explanation() { return explanation.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    /** Empty, or which events the server was too busy to report just now and when they are asked for again (not an error). */
    public ReadOnlyStringProperty busy() { return busyLines.getReadOnlyProperty(); }
    public ReadOnlyStringProperty addressProblem() { return addressProblem.getReadOnlyProperty(); }
}
