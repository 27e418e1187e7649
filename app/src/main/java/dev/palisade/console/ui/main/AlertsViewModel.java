package dev.palisade.console.ui.main;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Explanations;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's {@code alert} events as the window shows them: a notice (the latest alert's time and detail;
 * several coalesce into "3 alerts (also: …), the latest …", naming the other kinds) until dismissed, and a badge on the view that explains each
 * kind until that view is opened. Fed the live stream's batches on the FX thread; no I/O.
 */
public final class AlertsViewModel {

    /** The views that explain each kind of alert: their names in the navigation. */
    public static final String OVERVIEW = "Overview";
    public static final String FINGERPRINTS = "Fingerprints";
    public static final String EVENTS = "Events";
    public static final String SESSIONS = "Sessions";

    private final DateTimeFormatter clock;
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper latestView = new ReadOnlyStringWrapper("");
    /**
     * For a view, the user the latest of its unseen alerts names (a {@code logins_per_user} alert's {@code user}): the
     * view is opened on that user's sessions, and it goes with the view's badge.
     */
    private final Map<String, String> unseenUsers = new HashMap<>();
    private final Map<String, ReadOnlyBooleanWrapper> badges = new HashMap<>();
    /** The kinds of the alerts the notice counts, in the order they came: a later one's text replaces theirs. */
    private final java.util.Set<String> unseenKinds = new java.util.LinkedHashSet<>();
    private int unseen;

    public AlertsViewModel(ZoneId zone) {
        this.clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    /** An {@code alert} event (docs/protocol.md, Alerts): type {@code system}, code {@code alert}, check its kind. */
    static boolean isAlert(EventView e) {
        return "system".equals(e.type()) && "alert".equals(e.code());
    }

    /** Where the operator finds out more about an alert of {@code kind}. */
    public static String viewFor(String kind) {
        return switch (kind == null ? "" : kind) {
            case "denied_per_minute" -> OVERVIEW;          // refusals per second, top reasons and addresses
            case "automation_suspected" -> FINGERPRINTS;   // the flagged session's signals
            case "logins_per_user" -> SESSIONS;             // the user's sessions, each with what its bootstrap paid
            default -> EVENTS;                              // ip_auto_blocked: the block and the refusals before it
        };
    }

    /** A batch of live events: alerts among them raise the notice and the badges. */
    public void onEvents(List<EventView> events) {
        EventView latest = null;
        for (EventView e : events) {
            if (!isAlert(e)) continue;
            unseen++;
            unseenKinds.add(e.check() == null ? "" : e.check());
            latest = e;
            badge(viewFor(e.check())).set(true);
            // the alert's own field, not its detail's words (docs/protocol.md, Alerts)
            if ("logins_per_user".equals(e.check()) && !e.user().isEmpty()) unseenUsers.put(viewFor(e.check()), e.user());
        }
        if (latest == null) return;
        String when = clock.format(Instant.ofEpochMilli(latest.at()));
        // the other kinds are named, so one alert is not lost behind a run of another kind (look 56: a login farm's
        // alert went unseen behind the automated-browser alert each of its logins raised)
        StringBuilder others = new StringBuilder();
        for (String kind : unseenKinds) {
            if (kind.equals(latest.check())) continue;
            others.append(others.length() == 0 ? " (also: " : "; ").append(Explanations.alertKind(kind)).append(", see ")
                    .append(viewFor(kind));
        }
        if (others.length() > 0) others.append(')');
        notice.set(unseen == 1 ? "Alert at " + when + ": " + latest.detail()
                : unseen + " alerts" + others + ", the latest at " + when + ": " + latest.detail());
        latestView.set(viewFor(latest.check()));
        showing.set(true);
    }

    /** The operator closed the notice; the badges stay until their views are opened. */
    public void dismiss() {
        unseen = 0;
        unseenKinds.clear();
        showing.set(false);
        notice.set("");
    }

    /** The operator opened {@code view}: its badge goes, and the user its alert named. */
    public void opened(String view) {
        badge(view).set(false);
        unseenUsers.remove(view);
    }

    /**
     * The user whose sessions {@code view} is to list as it is opened, by "Open view" or by its badged button: the user
     * the latest {@code logins_per_user} alert not yet looked at names; empty for every other view and alert (look 56:
     * Sessions opened unfiltered, nothing naming the user, the alert's text often lost behind later ones).
     */
    public String userFor(String view) {
        return unseenUsers.getOrDefault(view, "");
    }

    private ReadOnlyBooleanWrapper badge(String view) {
        return badges.computeIfAbsent(view, v -> new ReadOnlyBooleanWrapper(false));
    }

    /** Whether {@code view}'s navigation button carries a badge. */
    public ReadOnlyBooleanProperty badged(String view) { return badge(view).getReadOnlyProperty(); }
    /** The notice's text while it shows, else empty. */
    public ReadOnlyStringProperty notice() { return notice.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty showing() { return showing.getReadOnlyProperty(); }
    /** The view that explains the latest alert. */
    public ReadOnlyStringProperty latestView() { return latestView.getReadOnlyProperty(); }
}
