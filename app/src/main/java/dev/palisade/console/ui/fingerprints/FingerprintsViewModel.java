package dev.palisade.console.ui.fingerprints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.OneInFlight;
import dev.palisade.console.ui.common.EventFeed;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fingerprint mismatches, a row per session and change with how often it was seen: each with its
 * old and new components side by side; act on one by revoking its session, blacklisting its
 * address, or accepting the new fingerprint (re-bind).
 */
public final class FingerprintsViewModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fingerprint component of the attacker ladder's L5: signs of a browser driven by a program. */
    static final String AUTOMATION = "automation";

    private final AdminClient admin;
    private final Background background;
    private final OneInFlight stateAsked = new OneInFlight();
    private final EventFeed feed;
    private final ObservableList<Mismatch> rows = FXCollections.observableArrayList();
    private final ObservableList<Change> changes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<EventView> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** The selected mismatch's session as the server has it now: active, expired, revoked, gone; empty while asked. */
    private final ReadOnlyStringWrapper sessionState = new ReadOnlyStringWrapper("");
    /** What the operator did about a session's mismatches here: "accepted" or "session revoked", by session id. */
    private final ObservableMap<String, String> settled = FXCollections.observableHashMap();
    private final BooleanBinding canAccept;
    private final BooleanBinding canRevoke;
    private final StringBinding heading;

    public FingerprintsViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        this.feed = new EventFeed(admin, background,
                new EventFilter(null, null, "fingerprint_mismatch", null, null, null, 0, EventFeed.MAX),
                e -> "fingerprint_mismatch".equals(e.type()), "the fingerprint mismatches");
        feed.items().addListener((javafx.collections.ListChangeListener<EventView>) c -> group());
        // a re-bind is for a live session refused for its fingerprint, once
        this.canAccept = Bindings.createBooleanBinding(() -> {
            EventView e = selected.get();
            return e != null && e.status() == 401 && "active".equals(sessionState.get()) && !settled.containsKey(e.sessionId());
        }, selected, sessionState, settled);
        // as the Sessions view: a session revoked, expired or gone has nothing left to revoke
        this.canRevoke = Bindings.createBooleanBinding(() -> selected.get() != null && "active".equals(sessionState.get()),
                selected, sessionState);
        // the session's state beside the detail: what says why Accept and Revoke are disabled
        this.heading = Bindings.createStringBinding(() -> "Old and new components"
                + (selected.get() == null || sessionState.get().isEmpty() ? "" : " · session " + sessionState.get()),
                selected, sessionState);
    }

    public void load() { feed.load(); }

    /** The window's poll at {@code now}: a load the server was too busy for is asked again once its wait has passed. */
    public void tick(long now) { feed.poll(now); }

    public void onEvents(List<EventView> batch) { feed.onEvents(batch); }

    /** The feed's events (newest first) folded into a row per session and change, newest first. */
    private void group() {
        java.util.Map<String, Mismatch> byKey = new java.util.LinkedHashMap<>();
        for (EventView e : feed.items()) {
            byKey.merge(Mismatch.key(e), new Mismatch(e, 1), (kept, older) -> new Mismatch(kept.latest(), kept.count() + 1));
        }
        rows.setAll(byKey.values());
    }

    public void select(Mismatch m) {
        select(m == null ? null : m.latest());
    }

    private static final String CANNOT_READ_STATE = "Cannot read the session's state: ";

    public void select(EventView e) {
        selected.set(e);
        changes.setAll(e == null ? List.of() : parse(e.detail()));
        sessionState.set("");
        if (e == null || e.sessionId().isEmpty()) {
            stateAsked.dropWaiting();
            return;
        }
        // rows passed over while a state is out are never asked for: only the last one chosen
        stateAsked.ask(() -> background.run(() -> admin.session(e.sessionId()).state(), state -> {
            stateAsked.answered();
            if (selected.get() != e) return;
            sessionState.set(state);
            if (message.get().startsWith(CANNOT_READ_STATE)) message.set("");
        }, t -> {
            stateAsked.answered();
            if (selected.get() != e) return;
            // only the server's 404 says the session is gone: an unreachable or busy server said so too (audit 51)
            if (t instanceof dev.palisade.console.client.AdminApiException x && x.status() == 404) {
                sessionState.set("gone");
            } else {
                message.set(CANNOT_READ_STATE + t.getMessage());
            }
        }));
    }

    /** The event's JSON detail as rows; a detail that does not parse shows as one row, so nothing is hidden. */
    public static List<Change> parse(String detail) {
        List<Change> rows = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(detail);
            for (JsonNode c : root.path("changes")) {
                String component = c.path("component").asText();
                String from = c.path("from").asText();
                String to = c.path("to").asText();
                if (AUTOMATION.equals(component)) {
                    // the signals are a comma-separated list; a clean browser shows none rather than an empty cell
                    from = from.isEmpty() ? "no signals" : from.replace(",", ", ");
                    to = to.isEmpty() ? "no signals" : to.replace(",", ", ");
                }
                rows.add(new Change(component, from, to, c.path("action").asText(), true));
            }
        } catch (IOException e) {
            rows.add(new Change("detail", "", detail, "", false));
        }
        return rows;
    }

    /** What the server did about a mismatch, in the operator's words. */
    public static String outcome(EventView e) {
        String what = switch (e.status()) {
            case 401 -> "re-auth required";
            case 403 -> "denied";
            default -> "alert only";
        };
        return "automation_suspected".equals(e.code()) ? "automation suspected, " + what : what;
    }

    /** A row's outcome, and what the operator did about its session since. */
    public String outcomeOf(Mismatch m) {
        return outcomeOf(m.latest());
    }

    /** A mismatch's outcome, and what the operator did about its session since. */
    public String outcomeOf(EventView e) {
        String done = settled.get(e.sessionId());
        return done == null ? outcome(e) : outcome(e) + " · " + done;
    }

    public void revokeSession() {
        EventView e = selected.get();
        if (e == null || e.sessionId().isEmpty()) return;
        act(() -> admin.revokeSession(e.sessionId()), "Session revoked.", () -> {
            settled.put(e.sessionId(), "session revoked");
            if (selected.get() == e) sessionState.set("revoked");
        });
    }

    public void blacklistAddress() {
        EventView e = selected.get();
        if (e == null || e.ip().isEmpty()) return;
        act(() -> admin.addToBlacklist("ip", e.ip(), "fingerprint mismatch", null), e.ip() + " is blacklisted.", () -> { });
    }

    public void accept() {
        EventView e = selected.get();
        if (e == null || e.sessionId().isEmpty()) return;
        act(() -> admin.acceptFingerprint(e.sessionId()), "The session is bound to its new fingerprint.",
                () -> settled.put(e.sessionId(), "accepted"));
    }

    private void act(Runnable call, String done, Runnable after) {
        background.run(() -> {
            call.run();
            return done;
        }, text -> {
            message.set(text);
            after.run();
        }, t -> message.set("Failed: " + t.getMessage()));
    }

    /** A row per session and change, newest first. */
    public ObservableList<Mismatch> mismatches() { return rows; }
    public ObservableList<Change> changes() { return changes; }
    public ReadOnlyObjectProperty<EventView> selected() { return selected.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sessionState() { return sessionState.getReadOnlyProperty(); }
    public BooleanBinding canAccept() { return canAccept; }
    public BooleanBinding canRevoke() { return canRevoke; }
    /** The detail's heading, with the selected mismatch's session state once known. */
    public StringBinding heading() { return heading; }
    public ObservableMap<String, String> settled() { return settled; }
    public ReadOnlyStringProperty error() { return feed.error(); }
    /** Empty, or that the server was too busy to load the mismatches just now and when they are asked again (not an error). */
    public ReadOnlyStringProperty busy() { return feed.busy(); }
}
