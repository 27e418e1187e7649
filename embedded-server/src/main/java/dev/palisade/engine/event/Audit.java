package dev.palisade.engine.event;

import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.session.Session;

import dev.palisade.engine.config.Setting;
import dev.palisade.engine.config.Settings;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Turns decisions and changes into events and per-second counts: the one place events are made. */
public final class Audit {

    private final EventSink sink;
    private final TrafficStats stats;
    private final RecentCalls recent;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final AtomicLong allowedSeen = new AtomicLong();
    private final RoleRefusals roleRefusals = new RoleRefusals();

    public Audit(EventSink sink, TrafficStats stats, RecentCalls recent, Supplier<Settings> settings, Clock clock) {
        this.sink = sink;
        this.stats = stats;
        this.recent = recent;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A pipeline verdict on a protected call. An allowed call is counted and kept in the ring of
     * recent calls; it becomes an event (a database row) only as {@code allowedEvents} says.
     */
    public void decision(ProtectedRequest request, Verdict verdict, long now) {
        stats.record(now, verdict.reason());
        Session s = request.session();
        if (verdict.allowed()) {
            recent.add(now, s, request.principal(), request.clientIp(), request.method(), request.path());
            if (!storesAllowedEvent()) return;
        }
        sink.publish(new Event(0, now, EventType.DECISION, verdict.reason().code(), verdict.check(),
                s == null ? "" : s.id(), request.principal(), request.clientIp(), request.method(), request.path(),
                verdict.reason().status(), verdict.costNanos(), verdict.allowed() ? "" : verdict.explanation()));
    }

    private boolean storesAllowedEvent() {
        Settings now = settings.get();
        return switch (now.allowedEvents()) {
            case Setting.ALLOWED_ALL -> true;
            case Setting.ALLOWED_SAMPLED -> allowedSeen.incrementAndGet() % now.allowedSampleEvery() == 0;
            default -> false;
        };
    }

    /**
     * A protected call the adapter refused for its form before the pipeline could read it (a method not in
     * upper case, two User-Agents, a gateway's decision request that does not name one call): a decision of
     * check {@code http} with no session, as the operator should see what was sent and refused.
     */
    public void refusedForForm(Reason reason, String method, String path, String ip, String detail) {
        long now = clock.millis();
        stats.record(now, reason);
        sink.publish(new Event(0, now, EventType.DECISION, reason.code(), "http", "", "", ip, method, path,
                reason.status(), 0, detail));
    }

    /** A session's fingerprint changed; {@code denied} when the call was refused for it. */
    public void fingerprintMismatch(ProtectedRequest request, String detail, boolean denied) {
        Session s = request.session();
        sink.publish(new Event(0, clock.millis(), EventType.FINGERPRINT_MISMATCH, "fingerprint_mismatch", "fingerprint",
                s == null ? "" : s.id(), request.principal(), request.clientIp(), request.method(), request.path(),
                denied ? Reason.REAUTH_REQUIRED.status() : 200, 0, detail));
    }

    /** A rate window was exceeded. */
    public void rateAnomaly(ProtectedRequest request, String detail) {
        Session s = request.session();
        sink.publish(new Event(0, clock.millis(), EventType.RATE_ANOMALY, "rate_anomaly", "rate",
                s == null ? "" : s.id(), request.principal(), request.clientIp(), request.method(), request.path(),
                Reason.RATE_LIMITED.status(), 0, detail));
    }

    /** The outcome of a bootstrap, login, refresh or logout. */
    public void auth(Reason reason, String path, String sessionId, String user, String ip, String detail) {
        auth(reason, "auth", path, sessionId, user, ip, detail);
    }

    /** As {@link #auth(Reason, String, String, String, String, String)}, by {@code check}: {@code price} for a price's. */
    public void auth(Reason reason, String check, String path, String sessionId, String user, String ip, String detail) {
        long now = clock.millis();
        stats.record(now, reason);
        sink.publish(new Event(0, now, EventType.AUTH, reason.code(), check, sessionId, user, ip, "POST", path,
                reason.status(), 0, detail));
    }

    /**
     * A client page refused for its address's page limit: counted with the refusals per second
     * ({@code /admin/stats}), as {@code /admin/timeline} counts it from the event.
     */
    public void pageRefused(String ip, String detail) {
        long now = clock.millis();
        stats.record(now, Reason.RATE_LIMITED);
        sink.publish(new Event(0, now, EventType.AUTH, Reason.RATE_LIMITED.code(), "auth", "", "", ip, "GET", "/",
                Reason.RATE_LIMITED.status(), 0, detail));
    }

    /** An authentication event that is not a verdict of its own, e.g. {@code debug_token_used}. */
    public void authEvent(String code, int status, String path, String sessionId, String user, String ip, String detail) {
        sink.publish(new Event(0, clock.millis(), EventType.AUTH, code, "auth", sessionId, user, ip, "POST", path,
                status, 0, detail));
    }

    /**
     * A session began in a browser that looked automated (the fingerprint's {@code automation}
     * component); {@code detail} is the fingerprint-mismatch JSON with the signals added.
     */
    public void automationSuspected(String sessionId, String user, String ip, String detail) {
        sink.publish(new Event(0, clock.millis(), EventType.FINGERPRINT_MISMATCH, Reason.AUTOMATION_SUSPECTED.code(),
                "fingerprint", sessionId, user, ip, "POST", "/auth/login", 200, 0, detail));
    }

    /** A change to users, keys, settings or sessions, made by {@code actor}. Never pass a secret in {@code detail}. */
    public void admin(Actor actor, String action, String detail) {
        // written before the change is answered, in a transaction of its own after the change's: a crash between the
        // two (milliseconds, or a batch of events being written) leaves the change without its event (README says so)
        sink.publishWritten(Event.admin(clock.millis(), action, detail, actor.name(), actor.address()));
    }

    /**
     * A change the actor's role does not allow: an admin event {@code forbidden_role} naming the actor, its address
     * and the change, at most once a minute per actor (queued, as refusals are: the caller decides how many).
     */
    public void roleRefused(Actor actor, String change) {
        long untold = roleRefusals.refused(actor.name(), clock.millis());
        if (untold < 0) return;
        adminNotice(actor, Reason.FORBIDDEN_ROLE.code(), actor.address(), actor.role().label() + " '" + actor.name()
                + "' may not " + change + (untold == 0 ? "" : " (" + untold + " more refused since the last told)"));
    }

    /**
     * A change the server made to one address by the owner's rules (e.g. {@code ip_auto_blocked}), or a
     * refusal at the admin door: an admin event whose {@code ip} names the address, so it can be found by
     * it; queued, not stored at once, since a caller decides how many there are.
     */
    public void adminNotice(Actor actor, String action, String ip, String detail) {
        sink.publish(new Event(0, clock.millis(), EventType.ADMIN, action, "admin", "", "", ip, "", "", 0, 0, detail,
                actor.name()));
    }

    /**
     * A threshold of the alert settings was crossed: type {@code system}, code {@code alert}, {@code check} the
     * kind ({@code denied_per_minute}, {@code automation_suspected}, {@code ip_auto_blocked}).
     */
    public void alert(String kind, String sessionId, String user, String ip, String detail) {
        sink.publish(new Event(0, clock.millis(), EventType.SYSTEM, "alert", kind, sessionId, user, ip, "", "", 0, 0, detail));
    }

    public void system(String code, String detail) {
        sink.publish(Event.system(clock.millis(), code, detail));
    }
}
