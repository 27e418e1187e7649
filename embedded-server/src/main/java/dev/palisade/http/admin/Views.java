package dev.palisade.http.admin;

import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SigningKey;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How engine objects appear in the admin API's JSON. Field names here are the console's contract:
 * add, never rename. No secret ever appears in a view.
 */
final class Views {

    private Views() {}

    /**
     * @param pace    how much of its session windows each session may use, told as {@code ratePercent}
     * @param windows the rate windows in force: a share that cuts none of them is told as 100
     */
    static Map<String, Object> session(Session s, long now, SessionPolicy policy, dev.palisade.engine.check.SessionPace pace,
                                       java.util.List<dev.palisade.engine.rate.RateWindow> windows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("user", s.user());
        m.put("origin", s.origin().label());
        m.put("ip", s.clientIp());
        m.put("userAgent", s.userAgent());
        m.put("createdAt", s.createdAt());
        m.put("lastSeenAt", s.lastSeenAt());
        m.put("bootstrapAt", s.bootstrapAt());
        m.put("calls", s.calls());
        m.put("state", s.state(now, policy).label());
        m.put("revokedAt", s.revokedAt());
        m.put("automation", s.automation().isEmpty() ? java.util.List.of() : java.util.List.of(s.automation().split(",")));
        m.put("bootstrap", s.bootstrapCost()); // {"bits","sincePageMillis","workWaived"}, or null
        m.put("ratePercent", pace.percentInForce(s, windows)); // 100, or less for a driven browser's session
        return m;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at());
        m.put("type", e.type().label());
        m.put("code", e.code());
        m.put("check", e.check());
        m.put("allowed", !e.denied());
        m.put("status", e.status());
        m.put("sessionId", e.sessionId());
        m.put("user", e.user());
        m.put("ip", e.ip());
        m.put("method", e.method());
        m.put("path", e.path());
        m.put("costNanos", e.costNanos());
        m.put("detail", e.detail());
        m.put("actor", e.actor());
        m.put("node", e.node());
        var rung = e.rung();
        m.put("rung", rung == null ? "" : rung.label());
        return m;
    }

    static Map<String, Object> apiKey(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("scopes", k.scopes());
        m.put("createdAt", k.createdAt());
        m.put("lastUsedAt", k.lastUsedAt());
        m.put("revokedAt", k.revokedAt());
        m.put("state", k.revoked() ? "revoked" : "active");
        return m;
    }

    static Map<String, Object> signingKey(SigningKey k, long now, long graceMillis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", k.kid());
        m.put("createdAt", k.createdAt());
        m.put("retiredAt", k.retiredAt());
        // a buried key ended by a grace since raised: its end is past, not where the raised grace would put it
        long until = k.isCurrent() ? 0 : k.retiredAt() + graceMillis;
        m.put("verifiesUntil", k.isBuried() ? Math.min(until, now) : until);
        m.put("state", k.isCurrent() ? "current" : k.verifiesAt(now, graceMillis) ? "grace" : "retired");
        return m;
    }
}
