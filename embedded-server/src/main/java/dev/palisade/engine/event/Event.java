package dev.palisade.engine.event;

import java.util.Objects;

/**
 * One recorded decision or change. Fields that do not apply are empty strings (or 0), never null,
 * so writers and readers need no null checks. Never carries a token, key, salt or password.
 *
 * @param id        assigned by the {@link EventHub}, increasing; 0 before publishing
 * @param code      a reason code ({@code allowed}, {@code invalid_token}, ...) or an admin action name
 * @param check     the check that decided, for decisions
 * @param detail    the human explanation
 * @param actor     who made an admin change ({@code owner}, an operator's name, or {@code palisade} for the
 *                  server's own rules); empty for events of other types
 * @param node      in a cluster, the id of the node the event happened on (assigned with the id); empty alone
 */
public record Event(long id, long at, EventType type, String code, String check, String sessionId, String user,
                    String ip, String method, String path, int status, long costNanos, String detail, String actor,
                    String node) {

    public Event {
        Objects.requireNonNull(type, "type");
        code = orEmpty(code);
        check = orEmpty(check);
        sessionId = orEmpty(sessionId);
        user = orEmpty(user);
        ip = orEmpty(ip);
        method = orEmpty(method);
        path = orEmpty(KeptPath.of(path));
        detail = orEmpty(detail);
        actor = orEmpty(actor);
        node = orEmpty(node);
    }

    /** An event before the hub numbers it (and names its node). */
    public Event(long id, long at, EventType type, String code, String check, String sessionId, String user,
                 String ip, String method, String path, int status, long costNanos, String detail, String actor) {
        this(id, at, type, code, check, sessionId, user, ip, method, path, status, costNanos, detail, actor, "");
    }

    /** An event no one acted for: a decision, an authentication, a system event. */
    public Event(long id, long at, EventType type, String code, String check, String sessionId, String user,
                 String ip, String method, String path, int status, long costNanos, String detail) {
        this(id, at, type, code, check, sessionId, user, ip, method, path, status, costNanos, detail, "");
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    public boolean denied() { return status >= 400; }

    /** The attacker ladder's rung this refusal answers; null for an allowed call and for refusals off the ladder. */
    public dev.palisade.engine.Rung rung() {
        return denied() ? dev.palisade.engine.Rung.answering(code, check) : null;
    }

    Event numbered(long newId, String where) {
        return new Event(newId, at, type, code, check, sessionId, user, ip, method, path, status, costNanos, detail, actor,
                where);
    }

    /**
     * An admin change: {@code action} names it (e.g. {@code user_created}), {@code detail} says what,
     * {@code actor} who did it.
     */
    public static Event admin(long at, String action, String detail, String actor) {
        return admin(at, action, detail, actor, "");
    }

    /** @param ip the address the change was asked from ({@code ""}: the command line, or Palisade itself) */
    public static Event admin(long at, String action, String detail, String actor, String ip) {
        return new Event(0, at, EventType.ADMIN, action, "admin", "", "", ip, "", "", 0, 0, detail, actor);
    }

    public static Event system(long at, String code, String detail) {
        return new Event(0, at, EventType.SYSTEM, code, "server", "", "", "", "", "", 0, 0, detail);
    }
}
