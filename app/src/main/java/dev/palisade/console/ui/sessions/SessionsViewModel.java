package dev.palisade.console.ui.sessions;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.BootstrapView;
import dev.palisade.console.client.Dtos.CallView;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.SessionDetail;
import dev.palisade.console.client.Dtos.SessionFilter;
import dev.palisade.console.client.Dtos.SessionView;
import dev.palisade.console.ui.common.AddressFilter;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import dev.palisade.console.ui.common.LatestRequest;
import dev.palisade.console.ui.common.OneInFlight;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * Sessions: one page at a time from the server (so 100k sessions stay fluid), filtered by user,
 * address and state; the selected session's last calls; revoke; blacklist its address. Live events
 * that touch sessions mark the page stale; {@link #refreshIfStale()} reloads it at most once a call,
 * and every few seconds anyway, since allowed calls no longer come as events. While the view is not
 * shown it is not polled (a page costs the server a pass over every session); showing it again
 * reloads it if it is due.
 */
public final class SessionsViewModel {

    public static final int PAGE = 100;
    /** Allowed calls reach the live stream no more (they are rollups): their counts show within this. */
    public static final long RELOAD_MILLIS = 6_000;
    /** A session's {@code origin} when a caller with an API key logged in (docs/protocol.md): it had no bootstrap. */
    private static final String API_KEY = "api_key";
    /** The server keeps a bootstrap's time since its page up to this: a later one shows it. */
    private static final long MOST_MILLIS_KEPT = 65_535;

    private final AdminClient admin;
    private final Background background;

    private final ObservableList<SessionView> rows = FXCollections.observableArrayList();
    private final ObservableList<CallView> lastCalls = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper offset = new ReadOnlyIntegerWrapper();
    private final StringProperty userFilter = new SimpleStringProperty("");
    private final StringProperty ipFilter = new SimpleStringProperty("");
    private final ObjectProperty<String> stateFilter = new SimpleObjectProperty<>("all");
    private final ReadOnlyObjectWrapper<SessionDetail> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** Why the address of the filters applied was not asked for (not an address, or a range); empty when it was. */
    private final ReadOnlyStringWrapper addressProblem = new ReadOnlyStringWrapper("");
    /** Why the filters hold what they do, when a login alert filled them; empty once they change. */
    private final ReadOnlyStringWrapper filledBecause = new ReadOnlyStringWrapper("");
    private final BooleanProperty liveUpdates = new SimpleBooleanProperty(true);
    private final BooleanProperty showing = new SimpleBooleanProperty(true);
    private boolean stale;
    private long loadedAt;
    /** A slow page or detail must not replace the one the operator asked for since. */
    private final LatestRequest pages = new LatestRequest();
    private final LatestRequest details = new LatestRequest();
    private final OneInFlight detailAsked = new OneInFlight();
    /**
     * The filters Search applied: the timer's reloads, the pages and a reconnect keep them, not what the
     * operator is still typing (a half-typed name was applied by the next refresh, at the old page's offset).
     */
    private SessionFilter applied = new SessionFilter(null, null, null, 0, PAGE);
    /** Whether the newest page waits for its answer: the timer does not ask again meanwhile. */
    private boolean pageAsked;

    public SessionsViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        // the line says why the filters hold what an alert put there: once the operator changes them, it no longer does
        javafx.beans.value.ChangeListener<String> changed = (o, was, now) -> filledBecause.set("");
        userFilter.addListener(changed);
        ipFilter.addListener(changed);
        stateFilter.addListener(changed);
        showing.addListener((o, was, now) -> {
            if (now) refreshIfStale();
        });
    }

    public void load() {
        loadedAt = System.currentTimeMillis();
        stale = false; // an event from now on may not be in this page: it marks the page stale again
        SessionFilter filter = new SessionFilter(applied.user(), applied.ip(), applied.state(), offset.get(), PAGE);
        LatestRequest.Ticket ticket = pages.next();
        addressProblem.set(AddressFilter.problem(applied.ip()));
        if (!addressProblem.get().isEmpty()) { // the server would answer "0 of 0", as if no session came from it
            pageAsked = false;
            rows.clear();
            total.set(0);
            return;
        }
        pageAsked = true;
        background.run(() -> admin.sessions(filter), page -> {
            if (!ticket.isNewest()) return;
            pageAsked = false;
            rows.setAll(page.items());
            total.set(page.total());
            if (page.items().isEmpty() && offset.get() > 0 && page.total() > 0) {
                offset.set(Math.max(0, (page.total() - 1) / PAGE * PAGE));
                load();
            }
        }, t -> {
            if (!ticket.isNewest()) return;
            pageAsked = false;
            stale = true; // the next tick tries again
            failed(t);
        });
    }

    /** Applies the filters from the first page. */
    public void search() {
        applied = new SessionFilter(blankToNull(userFilter.get()), AddressFilter.sent(ipFilter.get()),
                "all".equals(stateFilter.get()) ? null : stateFilter.get(), 0, PAGE);
        offset.set(0);
        load();
    }

    /** Lists the sessions of {@code user} in any state, from the first page: the filters held before are cleared. */
    public void showUser(String user) {
        userFilter.set(user);
        ipFilter.set("");
        stateFilter.set("all");
        search();
    }

    /**
     * Lists the sessions of {@code user}, whom a login alert named, and says so above the list until the operator changes
     * the filters (review 57: the filter was applied without a word); {@code waiting} are the other users alerted, whom the
     * next openings of Sessions list.
     */
    public void showAlertedUser(String user, List<String> waiting) {
        showUser(user);
        String next = waiting.isEmpty() ? ""
                : waiting.size() == 1 ? " " + waiting.get(0) + " waits too: open Sessions again for " + waiting.get(0)
                        + "'s sessions."
                : " " + Formats.names(waiting) + " wait too: each opening of Sessions lists the next one's sessions.";
        filledBecause.set("Filtered to user " + user + ": login alert." + next);
    }

    public void nextPage() {
        if (offset.get() + PAGE < total.get()) {
            offset.set(offset.get() + PAGE);
            load();
        }
    }

    public void previousPage() {
        if (offset.get() > 0) {
            offset.set(Math.max(0, offset.get() - PAGE));
            load();
        }
    }

    public void select(SessionView session) {
        LatestRequest.Ticket ticket = details.next(); // also when cleared: a detail on its way stays away
        if (session == null) {
            detailAsked.dropWaiting();
            selected.set(null);
            lastCalls.clear();
            return;
        }
        // rows passed over while a detail is out are never asked for: only the last one chosen
        detailAsked.ask(() -> background.run(() -> admin.session(session.id()), detail -> {
            detailAsked.answered();
            if (!ticket.isNewest()) return;
            selected.set(detail);
            lastCalls.setAll(detail.lastCalls());
        }, t -> {
            detailAsked.answered();
            if (ticket.isNewest()) failed(t);
        }));
    }

    public void revoke(String sessionId) {
        background.run(() -> {
            admin.revokeSession(sessionId);
            return sessionId;
        }, id -> {
            message.set("Session " + shortId(id) + " revoked.");
            load();
            SessionDetail current = selected.get();
            if (current != null && current.id().equals(id)) select(rows.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElse(null));
        }, this::failed);
    }

    public void blacklistAddress(String ip) {
        background.run(() -> {
            admin.addToBlacklist("ip", ip, "from the Sessions view", null);
            return ip;
        }, done -> message.set(done + " is blacklisted."), this::failed);
    }

    /** Whether the view is on screen; the window sets it as the operator moves between views. */
    public BooleanProperty showing() {
        return showing;
    }

    /** Live events: anything about sessions makes the page stale. */
    public void onEvents(List<EventView> batch) {
        for (EventView e : batch) {
            if (!e.sessionId().isEmpty() || "auth".equals(e.type()) || "session_revoked".equals(e.code())) {
                stale = true;
                return;
            }
        }
    }

    /** Reloads when live events made the page stale, or it is older than {@link #RELOAD_MILLIS} (on a slow timer). */
    public void refreshIfStale() {
        refreshIfStale(System.currentTimeMillis());
    }

    void refreshIfStale(long now) {
        // a slow server is not asked again before it answered: polls never pile up
        if (showing.get() && liveUpdates.get() && !pageAsked && (stale || now - loadedAt >= RELOAD_MILLIS)) load();
    }

    private void failed(Throwable t) {
        message.set("Failed: " + t.getMessage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The selected session in a line: who, from where, its state, how many calls. */
    public static String heading(SessionDetail d) {
        return d.user() + " · " + d.ip() + " · " + d.state() + " · " + Formats.count(d.calls(), "call");
    }

    /**
     * How the selected session began, the line below its heading: whether its browser looked automated, and what its
     * bootstrap paid (a farm's sessions pay the least work, and come back from their page in milliseconds), or that an
     * API key opened it with none (look 56: "none recorded" read as data missing). "None recorded" is left for a
     * browser's session stored before sessions kept their bootstrap, and for a server that does not say how its
     * sessions began.
     */
    public static String began(SessionDetail d) {
        String bootstrap = d.bootstrap() != null ? "bootstrap: " + bootstrap(d.bootstrap())
                : API_KEY.equals(d.origin()) ? "API-key login: no bootstrap" : "bootstrap: none recorded";
        return "automation: " + automation(d.automation()) + slowed(d.ratePercent()) + " · " + bootstrap;
    }

    /** ", slowed to 50 % of its rate windows" for a slowed session ({@link dev.palisade.console.client.Dtos#slowed}), else nothing. */
    static String slowed(Integer ratePercent) {
        String slowed = dev.palisade.console.client.Dtos.slowed(ratePercent);
        return slowed.isEmpty() ? "" : ", " + slowed;
    }

    /**
     * What a bootstrap paid, e.g. "14-bit work, 830 ms after its page", "work waived by a debug token, 4 ms after its
     * page" (console59 #6: "no work" read as an attacker who got past it), "no work (its page asked none), 2.5 s after
     * its page", or "no work" from a server that does not say which.
     */
    public static String bootstrap(BootstrapView b) {
        String work = Boolean.TRUE.equals(b.workWaived()) ? "work waived by a debug token"
                : b.bits() != 0 ? b.bits() + "-bit work"
                : b.workWaived() == null ? "no work" : "no work (its page asked none)";
        long ms = b.sincePageMillis();
        String after = ms < 1_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        return work + ", " + after + (ms >= MOST_MILLIS_KEPT ? " or more" : "") + " after its page";
    }

    /** Where a call came from, or a dash where the server does not know (a refused call, one no longer in its memory). */
    public static String address(CallView c) {
        return c.ip() == null ? "—" : c.ip();
    }

    /** A session's automation signals as the operator reads them: "none" for a clean browser. */
    public static String automation(List<String> signals) {
        return signals.isEmpty() ? "none" : "flagged: " + String.join(", ", signals);
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) + "…" : id;
    }

    public ObservableList<SessionView> rows() { return rows; }
    public ObservableList<CallView> lastCalls() { return lastCalls; }
    public ReadOnlyIntegerProperty total() { return total.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty offset() { return offset.getReadOnlyProperty(); }
    public StringProperty userFilter() { return userFilter; }
    public StringProperty ipFilter() { return ipFilter; }
    public ObjectProperty<String> stateFilter() { return stateFilter; }
    public ReadOnlyObjectProperty<SessionDetail> selected() { return selected.getReadOnlyProperty(); }
    /** Empty, or why the filters hold what they do: "Filtered to user alice: login alert." */
    public ReadOnlyStringProperty filledBecause() { return filledBecause.getReadOnlyProperty(); }
    public ReadOnlyStringProperty addressProblem() { return addressProblem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public BooleanProperty liveUpdates() { return liveUpdates; }
}
