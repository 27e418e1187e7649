package dev.palisade.engine.alert;

import dev.palisade.engine.Reason;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.EventSubscription;
import dev.palisade.engine.event.EventType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raises {@code alert} events (type {@code system}, {@code check} the kind) when the event stream crosses a
 * threshold of {@link AlertSettings}: refusals within the last minute above {@code deniedPerMinute} (at most one
 * alert a minute while it stays above), a new session flagged {@code automation_suspected} (one per session),
 * an {@code ip_auto_blocked} (one per block), one user's successful logins within 10 minutes above
 * {@code loginsPerUserPer10Minutes} (at most one alert per user in 10 minutes while it stays above), logins refused
 * {@code login_busy} (at most one alert a minute while they go on).
 *
 * <p>Off the request path: its own thread reads a live subscription of the {@link EventHub}, so the pipeline
 * does no work and takes no lock for it; if this thread falls behind, its subscription drops events rather than
 * slowing anyone. All state below belongs to that one thread. Times are the events' own, so the minute is
 * the server's clock (a fixed one in tests).
 */
public final class AlertWatch implements AutoCloseable {

    public static final String CODE = "alert";
    public static final String DENIED_PER_MINUTE = "denied_per_minute";
    public static final String AUTOMATION_SUSPECTED = Reason.AUTOMATION_SUSPECTED.code();
    public static final String IP_AUTO_BLOCKED = "ip_auto_blocked";
    public static final String LOGINS_PER_USER = "logins_per_user";
    public static final String LOGINS_BUSY = "logins_busy";
    private static final String LOGIN_PATH = "/auth/login";

    private static final Logger LOG = System.getLogger(AlertWatch.class.getName());
    private static final long MINUTE_MILLIS = 60_000;
    private static final int SECONDS = 60;
    private static final int SESSIONS_REMEMBERED = 10_000;
    private static final Pattern SIGNALS_JSON = Pattern.compile("\"signals\":\\[([^\\]]*)]");
    private static final Pattern SIGNALS_TEXT = Pattern.compile("automated \\(([^)]*)\\)");

    private final Supplier<AlertSettings> settings;
    private final Audit audit;
    private final SteppedCount denied = new SteppedCount(SECONDS);
    private long lastDeniedAlert = Long.MIN_VALUE;
    private final SteppedCount busy = new SteppedCount(SECONDS);
    private long lastBusyAlert = Long.MIN_VALUE;
    private final Map<String, Boolean> flaggedSessions = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > SESSIONS_REMEMBERED; }
    };
    private final LoginsPerUser logins = new LoginsPerUser();
    private final EventSubscription subscription;
    private final Thread reader;
    private boolean failedOnce;

    private AlertWatch(EventHub hub, Supplier<AlertSettings> settings, Audit audit) {
        this.settings = settings;
        this.audit = audit;
        this.subscription = hub == null ? null : hub.subscribeOwn(16_384);
        this.reader = hub == null ? null : new Thread(this::read, "palisade-alerts");
    }

    /** Starts watching {@code hub}; alerts are published through {@code audit} (into the same hub). */
    public static AlertWatch start(EventHub hub, Supplier<AlertSettings> settings, Audit audit) {
        AlertWatch watch = new AlertWatch(hub, settings, audit);
        watch.reader.setDaemon(true);
        watch.reader.start();
        return watch;
    }

    /** For tests: a watch fed by hand through {@link #accept}. */
    public static AlertWatch manual(Supplier<AlertSettings> settings, Audit audit) {
        return new AlertWatch(null, settings, audit);
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted() && !subscription.isClosed()) {
                List<Event> batch = subscription.take(1_024, 1, TimeUnit.SECONDS);
                for (Event e : batch) acceptQuietly(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptQuietly(Event e) {
        try {
            accept(e);
        } catch (RuntimeException failure) {
            if (!failedOnce) LOG.log(Level.WARNING, "Could not judge an event for alerts; going on", failure);
            failedOnce = true;
        }
    }

    /** Judges one event of the stream and raises the alerts it calls for. */
    public void accept(Event e) {
        AlertSettings now = settings.get();
        // off: nothing kept, so turned on again the logins alert counts from then on (review 56)
        if (now.loginsPerUserPer10Minutes() == 0) logins.clear();
        if ((e.type() == EventType.DECISION || e.type() == EventType.AUTH) && e.denied()) {
            deniedPerMinute(e, now.deniedPerMinute());
            if (e.type() == EventType.AUTH && e.code().equals(Reason.LOGIN_BUSY.code())) loginsBusy(e, now.loginsBusy());
        } else if (e.type() == EventType.AUTH && e.path().equals(LOGIN_PATH) && e.code().equals(Reason.ALLOWED.code())) {
            loginsPerUser(e, now.loginsPerUserPer10Minutes());
            return;
        } else if (e.type() == EventType.ADMIN && e.code().equals(IP_AUTO_BLOCKED)) {
            if (now.ipAutoBlocked()) audit.alert(IP_AUTO_BLOCKED, "", "", e.ip(), "auto-block: " + e.detail());
            return;
        }
        if (e.code().equals(AUTOMATION_SUSPECTED) && !e.sessionId().isEmpty() && now.automationSuspected()
                && flaggedSessions.put(e.sessionId(), Boolean.TRUE) == null) {
            audit.alert(AUTOMATION_SUSPECTED, e.sessionId(), e.user(), e.ip(), "new session " + e.sessionId() + " of "
                    + e.user() + " from " + e.ip() + " began in a browser that looks automated (" + signals(e.detail()) + ")");
        }
    }

    private void deniedPerMinute(Event e, int threshold) {
        if (!denied.add(Math.floorDiv(e.at(), 1000))) return; // older than the window (an event that waited long in a queue)
        long deniedInWindow = denied.count();
        if (threshold > 0 && deniedInWindow > threshold
                && (lastDeniedAlert == Long.MIN_VALUE || e.at() - lastDeniedAlert >= MINUTE_MILLIS)) {
            lastDeniedAlert = e.at();
            audit.alert(DENIED_PER_MINUTE, "", "", "", deniedInWindow + " refused calls and logins within a minute, over the"
                    + " threshold of " + threshold + " per minute (the latest: " + e.code() + " " + e.method() + " "
                    + e.path() + " from " + e.ip() + ")");
        }
    }

    /**
     * A login refused {@code login_busy}: the password checks and their line were full. The first raises an alert, and
     * one a minute while they go on (audit ladder58 M1: a flood of guesses kept people out, and nothing said so).
     */
    private void loginsBusy(Event e, boolean on) {
        if (!busy.add(Math.floorDiv(e.at(), 1000)) || !on) return;
        if (lastBusyAlert != Long.MIN_VALUE && e.at() - lastBusyAlert < MINUTE_MILLIS) return;
        lastBusyAlert = e.at();
        long inWindow = busy.count();
        audit.alert(LOGINS_BUSY, "", "", "", inWindow + (inWindow == 1 ? " login" : " logins") + " refused login_busy within"
                + " a minute: the password checks are full (a flood of guesses, or more people at once than the server's"
                + " cores can check); client pages ask more work while it lasts (the latest: "
                // the name a stranger typed, quoted so that it cannot pass for the alert's own words (review 58, R8)
                + dev.palisade.engine.JsonText.quote(e.user()) + " from " + e.ip() + ")");
    }

    /** A session opened: counted for its user, and an alert when the user's logins go over the threshold. */
    private void loginsPerUser(Event e, int threshold) {
        if (threshold == 0 || e.user().isEmpty()) return;
        LoginsPerUser.Logins user = logins.login(e.user(), e.ip(), e.at());
        if (user == null || user.count() <= threshold || !user.alertDue(e.at())) return;
        user.alerted(e.at());
        int addresses = user.addresses();
        audit.alert(LOGINS_PER_USER, "", e.user(), "", user.count() + " logins of " + e.user() + " within 10 minutes from "
                + (addresses >= LoginsPerUser.ADDRESSES ? addresses + " or more addresses"
                : addresses == 1 ? "1 address" : addresses + " addresses") + ", over the threshold of " + threshold);
    }

    /** The automation signals an event names: its detail's JSON list, or the refusal's words. */
    static String signals(String detail) {
        Matcher json = SIGNALS_JSON.matcher(detail);
        if (json.find()) return json.group(1).replace("\"", "");
        Matcher text = SIGNALS_TEXT.matcher(detail);
        return text.find() ? text.group(1) : "signals not named";
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (subscription != null) subscription.close();
    }
}
