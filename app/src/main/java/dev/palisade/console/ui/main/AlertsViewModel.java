package dev.palisade.console.ui.main;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Explanations;
import dev.palisade.console.ui.common.Formats;
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
 * several coalesce into "3 alerts (also: …), the latest …", naming the other kinds and the users waiting) until
 * dismissed, and a badge on the view that explains each kind until that view is opened (Sessions: until each user a
 * login alert named was listed). Fed the live stream's batches on the FX thread; no I/O.
 */
public final class AlertsViewModel {

    /** The views that explain each kind of alert: their names in the navigation. */
    public static final String OVERVIEW = "Overview";
    public static final String FINGERPRINTS = "Fingerprints";
    public static final String EVENTS = "Events";
    public static final String SESSIONS = "Sessions";
    private static final String LOGINS_PER_USER = "logins_per_user";

    private final DateTimeFormatter clock;
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper latestView = new ReadOnlyStringWrapper("");
    /**
     * For a view, the users its unseen alerts name ({@code logins_per_user} alerts' {@code user}), the latest first: each
     * opening of the view lists the first one's sessions and lets that one go; the badge stays while any waits (review 57:
     * one user a view, so a second farm's user replaced the first, named nowhere but in Events).
     */
    private final Map<String, WaitingUsers> waitingUsers = new HashMap<>();
    private final Map<String, ReadOnlyBooleanWrapper> badges = new HashMap<>();
    private final Map<String, ReadOnlyStringWrapper> badgeTips = new HashMap<>();
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
            case LOGINS_PER_USER -> SESSIONS;               // the user's sessions, each with what its bootstrap paid
            // ip_auto_blocked: the block and the refusals before it; logins_busy: each login refused login_busy, its
            // user and address (Overview has only their count among the reasons)
            default -> EVENTS;
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
            String view = viewFor(e.check());
            badge(view).set(true);
            // the alert's own field, not its detail's words (docs/protocol.md, Alerts)
            if (LOGINS_PER_USER.equals(e.check()) && !e.user().isEmpty()) users(view).alerted(e.user());
            tip(view);
        }
        if (latest == null) return;
        String latestUser = latest.user();
        String when = clock.format(Instant.ofEpochMilli(latest.at()));
        // the other kinds are named, so one alert is not lost behind a run of another kind (look 56: a login farm's
        // alert went unseen behind the automated-browser alert each of its logins raised), and so is each user waiting,
        // whose name is in no other alert's text (review 57)
        StringBuilder others = new StringBuilder();
        for (String kind : unseenKinds) {
            List<String> named = LOGINS_PER_USER.equals(kind) ? users(viewFor(kind)).all() : List.of();
            if (kind.equals(latest.check())) {
                named = named.stream().filter(u -> !u.equals(latestUser)).toList(); // the latest's text names it
                if (named.isEmpty()) continue;
            }
            others.append(others.length() == 0 ? " (also: " : "; ").append(Explanations.alertKind(kind))
                    .append(named.isEmpty() ? "" : " of " + Formats.names(named)).append(", see ").append(viewFor(kind));
        }
        if (others.length() > 0) others.append(')');
        notice.set(unseen == 1 ? "Alert at " + when + ": " + latest.detail() + others
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

    /**
     * The operator opened {@code view}: the user it was opened on ({@link #userFor}) is looked at; its badge goes once no
     * other user waits there.
     */
    public void opened(String view) {
        users(view).looked();
        if (users(view).all().isEmpty()) badge(view).set(false);
        tip(view);
    }

    /**
     * The user whose sessions {@code view} is to list as it is opened, by "Open view" or by its badged button: of the users
     * {@code logins_per_user} alerts not yet looked at name, the latest alerted, the one the notice's text names when its
     * alert is the latest; empty for every other view and alert (look 56: Sessions opened unfiltered, nothing naming the
     * user, the alert's text often lost behind later ones).
     */
    public String userFor(String view) {
        List<String> all = users(view).all();
        return all.isEmpty() ? "" : all.get(0);
    }

    /** The users whose sessions the next openings of {@code view} list, one each, in that order. */
    public List<String> waiting(String view) {
        return users(view).all();
    }

    private WaitingUsers users(String view) {
        return waitingUsers.computeIfAbsent(view, v -> new WaitingUsers());
    }

    /** Says, on {@code view}'s badge, what waits there: each user by name. */
    private void tip(String view) {
        List<String> users = users(view).all();
        ReadOnlyStringWrapper tip = badgeTips.computeIfAbsent(view, v -> new ReadOnlyStringWrapper(""));
        if (!badge(view).get()) tip.set("");
        else if (users.isEmpty()) tip.set("a new alert to look at");
        else if (users.size() == 1) tip.set("a login alert for " + users.get(0) + ": opening " + view + " lists "
                + users.get(0) + "'s sessions");
        else tip.set("login alerts for " + Formats.names(users) + ": each opening of " + view
                + " lists the next one's sessions");
    }

    private ReadOnlyBooleanWrapper badge(String view) {
        return badges.computeIfAbsent(view, v -> new ReadOnlyBooleanWrapper(false));
    }

    /**
     * What waits behind {@code view}'s badge, for its tooltip ("a new alert to look at", or the users a login alert
     * named); empty without a badge.
     */
    public ReadOnlyStringProperty badgeTip(String view) {
        return badgeTips.computeIfAbsent(view, v -> new ReadOnlyStringWrapper("")).getReadOnlyProperty();
    }

    /** Whether {@code view}'s navigation button carries a badge. */
    public ReadOnlyBooleanProperty badged(String view) { return badge(view).getReadOnlyProperty(); }
    /** The notice's text while it shows, else empty. */
    public ReadOnlyStringProperty notice() { return notice.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty showing() { return showing.getReadOnlyProperty(); }
    /** The view that explains the latest alert. */
    public ReadOnlyStringProperty latestView() { return latestView.getReadOnlyProperty(); }
}
