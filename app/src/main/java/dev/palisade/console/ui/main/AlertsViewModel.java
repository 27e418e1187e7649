package dev.palisade.console.ui.main;

import dev.palisade.console.client.Dtos.EventView;
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
 * several coalesce into "3 alerts, the latest …") until dismissed, and a badge on the view that explains each
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
    private final Map<String, ReadOnlyBooleanWrapper> badges = new HashMap<>();
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
            latest = e;
            badge(viewFor(e.check())).set(true);
        }
        if (latest == null) return;
        String when = clock.format(Instant.ofEpochMilli(latest.at()));
        notice.set(unseen == 1 ? "Alert at " + when + ": " + latest.detail()
                : unseen + " alerts, the latest at " + when + ": " + latest.detail());
        latestView.set(viewFor(latest.check()));
        showing.set(true);
    }

    /** The operator closed the notice; the badges stay until their views are opened. */
    public void dismiss() {
        unseen = 0;
        showing.set(false);
        notice.set("");
    }

    /** The operator opened {@code view}: its badge goes. */
    public void opened(String view) {
        badge(view).set(false);
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
