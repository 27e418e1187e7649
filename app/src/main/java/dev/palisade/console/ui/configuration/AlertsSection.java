package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.AlertSettingsView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The alert thresholds ({@code GET/PUT /admin/alerts}) as a small form: the denials per minute and one user's logins
 * in 10 minutes as text (each checked here before it is sent), three switches. A refusal names its field, so the form can mark it. Apply
 * sends only the fields changed since the server's settings were shown (the server keeps those left
 * out, so another operator's change of another field stays), and nothing before they were loaded.
 */
public final class AlertsSection {

    public static final String DENIED_PER_MINUTE = "deniedPerMinute";
    public static final String LOGINS_PER_USER = "loginsPerUserPer10Minutes";
    public static final String LOGINS_BUSY = "loginsBusy";

    private final AdminClient admin;
    private final Background background;
    private final StringProperty deniedPerMinute = new SimpleStringProperty("");
    private final BooleanProperty automationSuspected = new SimpleBooleanProperty();
    private final BooleanProperty ipAutoBlocked = new SimpleBooleanProperty();
    private final StringProperty loginsPerUser = new SimpleStringProperty("");
    private final BooleanProperty loginsBusy = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fieldInError = new ReadOnlyStringWrapper("");
    /** The settings as the server last answered them; null until a load succeeded. */
    private AlertSettingsView shown;
    private final Following<AlertSettingsView> following;

    AlertsSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        this.following = new Following<>(background, admin::alerts, "the alert settings");
    }

    /** Whether the form holds a value typed or ticked and not applied. */
    public boolean unapplied() {
        if (shown == null) return false;
        return !typed(deniedPerMinute).equals(Integer.toString(shown.deniedPerMinute()))
                || automationSuspected.get() != shown.automationSuspected() || ipAutoBlocked.get() != shown.ipAutoBlocked()
                || !typed(loginsPerUser).equals(Integer.toString(shown.loginsPerUserPer10Minutes()))
                || loginsBusy.get() != shown.loginsBusy();
    }

    private static String typed(StringProperty field) {
        return field.get() == null ? "" : field.get().trim();
    }

    /** The most either count may be, as the server bounds it (docs/protocol.md, Alerts). */
    static final int MOST = 10_000_000;

    /** A whole number from 0 to {@link #MOST} as typed, or -1. */
    private static int count(String text) {
        try {
            int n = Integer.parseInt(text);
            return n < 0 || n > MOST ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public void load() {
        following.loading();
        background.run(admin::alerts, s -> {
            show(s);
            following.loaded();
            message.set("");
        }, this::failed);
    }

    /** Shows the server's settings again once they changed elsewhere, unless the form holds edits (Apply sends only those). */
    public void follow() {
        following.follow(shown != null, this::load, s -> {
            if (!s.equals(shown) && !unapplied()) show(s);
        });
    }

    /** Sends the form; a count that is not a whole number from 0 to {@link #MOST} is refused here, nothing sent. */
    public void apply() {
        if (shown == null) {
            fieldInError.set("");
            message.set("Not applied: the alert settings were never loaded from the server. Reload them first.");
            return;
        }
        int denied = count(typed(deniedPerMinute));
        if (denied < 0) {
            refuse(DENIED_PER_MINUTE);
            return;
        }
        int logins = count(typed(loginsPerUser));
        if (logins < 0) {
            refuse(LOGINS_PER_USER);
            return;
        }
        java.util.Map<String, Object> changes = new java.util.LinkedHashMap<>();
        if (denied != shown.deniedPerMinute()) changes.put(DENIED_PER_MINUTE, denied);
        if (automationSuspected.get() != shown.automationSuspected()) changes.put("automationSuspected", automationSuspected.get());
        if (ipAutoBlocked.get() != shown.ipAutoBlocked()) changes.put("ipAutoBlocked", ipAutoBlocked.get());
        if (logins != shown.loginsPerUserPer10Minutes()) changes.put(LOGINS_PER_USER, logins);
        if (loginsBusy.get() != shown.loginsBusy()) changes.put(LOGINS_BUSY, loginsBusy.get());
        background.run(() -> admin.updateAlerts(changes), applied -> {
            show(applied);
            message.set("Alerts applied: " + describe(applied) + ".");
        }, this::failed);
    }

    /**
     * In the server's words for the same mistake, so a count refused here and one refused there read alike (look 56:
     * "-1" and "10000001" got two differently worded messages, one without its upper bound, one without its full stop).
     */
    private void refuse(String field) {
        fieldInError.set(field);
        message.set(sentence(label(field) + ": must be a whole number from 0 (off) to " + MOST));
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    /**
     * The settings in a sentence: the alerts on, then those off, e.g. "over 100 refusals a minute, automated browsers,
     * over 50 logins of one user in 10 minutes, logins refused busy; off: auto-blocks" (look 56: a refusals alert off read
     * "no count of refusals").
     */
    static String describe(AlertSettingsView s) {
        java.util.List<String> on = new java.util.ArrayList<>();
        java.util.List<String> off = new java.util.ArrayList<>();
        if (s.deniedPerMinute() > 0) on.add("over " + Formats.count(s.deniedPerMinute(), "refusal") + " a minute");
        else off.add("refusals");
        (s.automationSuspected() ? on : off).add("automated browsers");
        (s.ipAutoBlocked() ? on : off).add("auto-blocks");
        if (s.loginsPerUserPer10Minutes() > 0) {
            on.add("over " + Formats.count(s.loginsPerUserPer10Minutes(), "login") + " of one user in 10 minutes");
        } else {
            off.add("logins of one user");
        }
        (s.loginsBusy() ? on : off).add("logins refused busy");
        return (on.isEmpty() ? "none" : String.join(", ", on)) + (off.isEmpty() ? "" : "; off: " + String.join(", ", off));
    }

    private void show(AlertSettingsView s) {
        shown = s;
        deniedPerMinute.set(Integer.toString(s.deniedPerMinute()));
        automationSuspected.set(s.automationSuspected());
        ipAutoBlocked.set(s.ipAutoBlocked());
        loginsPerUser.set(Integer.toString(s.loginsPerUserPer10Minutes()));
        loginsBusy.set(s.loginsBusy());
        fieldInError.set("");
    }

    private void failed(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            fieldInError.set(e.errors().get(0).field());
            message.set(sentence(label(e.errors().get(0).field()) + ": " + e.errors().get(0).message()));
        } else {
            fieldInError.set("");
            message.set("Failed: " + t.getMessage());
        }
    }

    private static String label(String field) {
        return switch (field) {
            case DENIED_PER_MINUTE -> "Refusals per minute";
            case "automationSuspected" -> "Automated browsers";
            case "ipAutoBlocked" -> "Auto-blocks";
            case LOGINS_PER_USER -> "Logins of one user in 10 minutes";
            case LOGINS_BUSY -> "Logins refused busy";
            default -> field;
        };
    }

    /** Whether the server's settings were loaded once. */
    public boolean loaded() { return shown != null; }

    /** The threshold as typed (a whole number; 0 is off). */
    public StringProperty deniedPerMinute() { return deniedPerMinute; }
    public BooleanProperty automationSuspected() { return automationSuspected; }
    public BooleanProperty ipAutoBlocked() { return ipAutoBlocked; }
    /** One user's logins in 10 minutes above which the server alerts, as typed (a whole number; 0 is off). */
    public StringProperty loginsPerUser() { return loginsPerUser; }
    /** An alert when logins are refused {@code login_busy}: the password checks are full, a flood of guesses. */
    public BooleanProperty loginsBusy() { return loginsBusy; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }

    /** Empty, or why the form may show values the server no longer holds (its read after a change elsewhere failed). */
    public ReadOnlyStringProperty unreadable() { return following.unreadable(); }
    /** The field the last refusal named ({@link #DENIED_PER_MINUTE}, {@link #LOGINS_PER_USER}, …), or empty. */
    public ReadOnlyStringProperty fieldInError() { return fieldInError.getReadOnlyProperty(); }
}
