package dev.palisade.console.client;

import java.util.List;
import java.util.Map;

/** The admin API's JSON shapes as the console reads them; unknown fields are ignored. */
public final class Dtos {

    private Dtos() {}

    /**
     * @param automation the automation signals its browser showed at bootstrap (e.g. webdriver); empty when clean
     * @param bootstrap  what the bootstrap that opened it paid; null without one (an API key's login, or a server or a
     *                   session from before sessions kept it)
     */
    /**
     * "slowed to 50 % of its rate windows" for a session the server holds to a share of its session windows (an
     * automated browser's: DESIGN's L5); empty for one at its whole windows, or from a server that does not say.
     */
    public static String slowed(Integer ratePercent) {
        return ratePercent == null || ratePercent >= 100 ? "" : "slowed to " + ratePercent + " % of its rate windows";
    }

    public record SessionView(String id, String user, String origin, String ip, String userAgent, long createdAt,
                              long lastSeenAt, long bootstrapAt, int calls, String state, long revokedAt,
                              List<String> automation, BootstrapView bootstrap, Integer ratePercent) {
        public SessionView {
            automation = automation == null ? List.of() : List.copyOf(automation);
        }
    }

    /**
     * What a session's bootstrap paid: the bits of work of each of its page's puzzles (0 when a debug token waived the
     * work, which {@code workWaived} says: null from a server, or a cluster node, before it said so) and the
     * milliseconds from the page to the bootstrap (65 535 means that long or longer).
     */
    public record BootstrapView(int bits, long sincePageMillis, Boolean workWaived) {
        public BootstrapView(int bits, long sincePageMillis) {
            this(bits, sincePageMillis, null);
        }
    }

    /** @param ip the address the call came from; null where the server does not know it (a refused call, an old one) */
    public record CallView(long at, String method, String path, int status, String code, String ip) {}

    public record SessionDetail(String id, String user, String origin, String ip, String userAgent, long createdAt,
                                long lastSeenAt, long bootstrapAt, int calls, String state, long revokedAt,
                                List<String> automation, BootstrapView bootstrap, List<CallView> lastCalls,
                                Integer ratePercent) {
        public SessionDetail {
            automation = automation == null ? List.of() : List.copyOf(automation);
        }
    }

    public record SessionPage(int total, int offset, int limit, List<SessionView> items) {}

    /**
     * @param actor who made an admin change ({@code owner}, an operator's name, {@code palisade}); empty otherwise
     * @param node  in a cluster, the node the event happened on; empty for a single node
     * @param rung  the attacker ladder's rung whose answer a refusal is ({@code protocol_script}); empty otherwise
     */
    public record EventView(long id, long at, String type, String code, String check, boolean allowed, int status,
                            String sessionId, String user, String ip, String method, String path, long costNanos,
                            String detail, String actor, String node, String rung) {
        public EventView {
            actor = actor == null ? "" : actor; // a server from before operator identity
            node = node == null ? "" : node; // a server from before clusters shared events
            rung = rung == null ? "" : rung; // a server from before events named the ladder
        }

        /** An event off the attacker ladder. */
        public EventView(long id, long at, String type, String code, String check, boolean allowed, int status,
                         String sessionId, String user, String ip, String method, String path, long costNanos, String detail,
                         String actor, String node) {
            this(id, at, type, code, check, allowed, status, sessionId, user, ip, method, path, costNanos, detail, actor, node, "");
        }

        /** An event of a single node. */
        public EventView(long id, long at, String type, String code, String check, boolean allowed, int status,
                         String sessionId, String user, String ip, String method, String path, long costNanos, String detail,
                         String actor) {
            this(id, at, type, code, check, allowed, status, sessionId, user, ip, method, path, costNanos, detail, actor, "");
        }

        /** An event no operator made (decisions, logins, the server's own). */
        public EventView(long id, long at, String type, String code, String check, boolean allowed, int status,
                         String sessionId, String user, String ip, String method, String path, long costNanos, String detail) {
            this(id, at, type, code, check, allowed, status, sessionId, user, ip, method, path, costNanos, detail, "", "");
        }
    }

    public record EventPage(int offset, int limit, List<EventView> items) {}

    public record SecondView(long t, long allowed, Map<String, Long> denied) {}

    public record QueueView(int queueDepth, int queueCapacity, long dropped, long written, long lastId,
                            int subscribers) {}

    public record Totals(long allowed, Map<String, Long> denied) {}

    public record SessionCounts(long total, long active) {}

    /** {@code GET /admin/price}: what a client page served to an address asks now, and the terms that raised it. */
    public record Price(String ip, int bits, int puzzles, int base, List<PriceTerm> terms) {}

    /** One term of an address's price: its count in its window and the bits it adds. */
    public record PriceTerm(String name, long count, int bits) {}

    /**
     * {@code GET /admin/stats}; {@code scope}: {@code cluster} when the counts are every node's, else {@code node};
     * {@code clustered}: whether the server is a cluster's node (null from a server before it).
     */
    public record Stats(long now, long startedAt, long uptimeSeconds, String scope, SessionCounts sessions, QueueView events,
                        Totals totals, List<SecondView> seconds, Boolean clustered) {}

    /** {@code GET /admin/fingerprint}: each component's action, the address prefixes, the trusted proxies. */
    public record FingerprintPolicyView(java.util.Map<String, String> components, int ipv4Prefix, int ipv6Prefix,
                                        List<String> trustedProxies) {}

    /**
     * {@code POST /admin/preview}: what a change would have done to the recent calls. {@code scope} is {@code node} when they
     * are this node's part of a cluster's ({@code node} its id, {@code nodes} how many are up), {@code cluster} or
     * {@code server} when they are all; null from a server older than session 62.
     */
    public record PreviewView(long calls, long newlyRefused, long newlyAllowed, long sessions, long users, long addresses,
                              List<PreviewExampleView> examples, String scope, String node, int nodes) {}

    /** A call a change would have decided otherwise: {@code before} and {@code after} are codes. */
    public record PreviewExampleView(long at, String method, String path, String sessionId, String user, String ip,
                                     String before, String after, String why) {}

    /** A rule learned from the traffic ({@code rule} as {@code GET /admin/rules} lists one) and its preview. */
    public record RuleSuggestionView(com.fasterxml.jackson.databind.JsonNode rule, long support, double confidence,
                                     PreviewView preview) {}

    /** One step of {@code GET /admin/timeline}: its start (epoch ms), allowed calls and refusals in it. */
    public record TimelinePoint(long t, long allowed, long denied) {}

    /** A key and how many refusals it had. */
    public record CountView(String key, long count) {}

    /**
     * {@code GET /admin/timeline}: a range in steps of {@code step} seconds, and its refusals by reason, address and
     * session; {@code priceReasons}: those of the check {@code price} by code, counted in {@code reasons} too (null from
     * a server before it counted them apart).
     */
    public record Timeline(long from, long to, long step, List<TimelinePoint> points, List<CountView> reasons,
                           List<CountView> ips, List<CountView> sessions, List<CountView> priceReasons) {}

    /** An allowed call as the server's ring of recent calls holds it. */
    public record RecentCallView(long at, String method, String path, String sessionId, String user, String ip) {}

    /** One setting of the schema; {@code choices} names the values of a setting that takes one of a few (else empty). */
    public record SettingField(String name, String label, String unit, long min, long max,
                               @com.fasterxml.jackson.annotation.JsonProperty("default") Object defaultValue,
                               String description, List<String> choices) {
        public SettingField {
            choices = choices == null ? List.of() : List.copyOf(choices);
            if (label == null || label.isBlank()) label = name; // a server from before labels
            if (defaultValue instanceof Number n) defaultValue = n.longValue();
        }

        public boolean isChoice() { return !choices.isEmpty(); }
    }

    /**
     * A part of the configuration each start of the server puts back: {@code section} routes, settings, windows, rules
     * or fingerprint; {@code setting} the setting's name in settings, else null; {@code by} what puts it back, as given
     * at start ({@code --config /etc/palisade/palisade.yaml}, {@code --public-path}).
     */
    public record SetAtStartView(String section, String setting, String by) {}

    public record SigningKeyView(String kid, long createdAt, long retiredAt, long verifiesUntil, String state) {}

    public record ApiKeyView(String id, String name, List<String> scopes, long createdAt, long lastUsedAt,
                             long revokedAt, String state) {}

    /** A just-created key: {@code key} is the only time the full secret is seen. */
    public record CreatedApiKey(String id, String name, List<String> scopes, long createdAt, String key) {
        @Override
        public String toString() { return "CreatedApiKey[" + id + " " + name + "]"; }
    }

    /**
     * A debug token as listed: never its value. {@code state} is active, expired or revoked.
     * Times are epoch millis, 0 for never.
     */
    public record DebugTokenView(String id, String name, long createdAt, long expiresAt, long revokedAt, long lastUsedAt,
                                 long uses, String state) {}

    /** A just-issued debug token: {@code token} is the only time its value is seen. */
    public record CreatedDebugToken(String id, String name, long createdAt, long expiresAt, String state, String token) {
        @Override
        public String toString() { return "CreatedDebugToken[" + id + " " + name + "]"; }
    }

    /**
     * An operator token as listed: never its value. {@code role} is viewer or operator, {@code state}
     * active or revoked; times are epoch millis, 0 for never.
     */
    public record OperatorView(String id, String name, String role, long createdAt, long lastUsedAt, long revokedAt,
                               String state) {}

    /** A just-issued operator token: {@code token} is the only time its value is seen. */
    public record CreatedOperator(String id, String name, String role, long createdAt, String state, String token) {
        @Override
        public String toString() { return "CreatedOperator[" + id + " " + name + " " + role + "]"; }
    }

    public record UserView(String username, long createdAt, boolean disabled) {}

    /** {@code GET /admin/cluster}: the nodes from their heartbeats; one node, itself, when alone. */
    public record ClusterView(boolean clustered, String sharedState, List<NodeView> nodes) {}

    public record NodeView(String id, boolean self, String state, String api, String admin, String version, long startedAt,
                           long uptimeSeconds, long lastSeenAt, double callsPerSecond, String health, long clockOffsetMillis) {}

    /** {@code GET /admin/users/{name}}: the user and their login throttle now. */
    /** {@code failedLogins} and {@code retryAfterSeconds} are null when the server could not read the throttle (a cluster's Redis away). */
    public record UserDetail(String username, long createdAt, boolean disabled, Long failedLogins, Long retryAfterSeconds) {}

    public record BlacklistEntryView(String id, String kind, String value, String reason, String createdBy,
                                     long createdAt, long expiresAt) {}

    /**
     * Filters for {@link AdminClient#events}; null means any. {@code check}: the check named on the event, e.g.
     * {@code price}, whose refusals share their codes with other checks'.
     */
    public record EventFilter(Long from, Long to, String type, String code, String check, String session, String ip,
                              String user, int offset, int limit, Long before) {

        /** A filter of any check. */
        public EventFilter(Long from, Long to, String type, String code, String session, String ip, String user,
                           int offset, int limit, Long before) {
            this(from, to, type, code, null, session, ip, user, offset, limit, before);
        }

        /** A filter of every id. */
        public EventFilter(Long from, Long to, String type, String code, String session, String ip, String user,
                           int offset, int limit) {
            this(from, to, type, code, session, ip, user, offset, limit, null);
        }

        /** A filter for any user. */
        public EventFilter(Long from, Long to, String type, String code, String session, String ip, int offset, int limit) {
            this(from, to, type, code, session, ip, null, offset, limit);
        }

        /** The same filter's page of events older than {@code id}: new events do not shift it, as they shift an offset. */
        public EventFilter olderThan(long id) {
            return new EventFilter(from, to, type, code, check, session, ip, user, 0, limit, id);
        }

        public static EventFilter latest(int limit) {
            return new EventFilter(null, null, null, null, null, null, 0, limit);
        }
    }

    /** Filters for {@link AdminClient#sessions}; null means any. */
    public record SessionFilter(String user, String ip, String state, int offset, int limit) {
        public static SessionFilter first(int limit) {
            return new SessionFilter(null, null, null, 0, limit);
        }
    }
}
