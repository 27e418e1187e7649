package dev.palisade.engine.event;

/**
 * A filter over stored events; null fields match everything. Results are newest first.
 *
 * @param from     inclusive epoch millis, or null
 * @param to       exclusive epoch millis, or null
 * @param check    the check named on the event (e.g. {@code price}, which refuses with codes other checks use too), or
 *                 every check but one; null for any
 * @param user     the user (or API key) named on the event, or null
 * @param node     the node the event happened on ({@link Event#node}: "" for a server alone), or null for every node's
 * @param beforeId only events with a smaller id (exclusive), or null: pages that new events cannot shift
 */
public record EventQuery(Long from, Long to, EventType type, String code, CheckFilter check, String sessionId, String ip,
                         String user, String node, Long beforeId, int offset, int limit) {

    public static final int MAX_LIMIT = 1_000;

    public EventQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }

    /** A query of every node's events. */
    public EventQuery(Long from, Long to, EventType type, String code, CheckFilter check, String sessionId, String ip,
                      String user, Long beforeId, int offset, int limit) {
        this(from, to, type, code, check, sessionId, ip, user, null, beforeId, offset, limit);
    }

    /** A query with no bound on ids. */
    public EventQuery(Long from, Long to, EventType type, String code, String sessionId, String ip, int offset, int limit) {
        this(from, to, type, code, null, sessionId, ip, null, null, offset, limit);
    }

    /** A query for any user. */
    public EventQuery(Long from, Long to, EventType type, String code, String sessionId, String ip, Long beforeId,
                      int offset, int limit) {
        this(from, to, type, code, null, sessionId, ip, null, beforeId, offset, limit);
    }

    public static EventQuery latest(int limit) {
        return new EventQuery(null, null, null, null, null, null, 0, limit);
    }

    /** The same filter over the events older than {@code id}, from the first. */
    public EventQuery before(long id, int pageSize) {
        return new EventQuery(from, to, type, code, check, sessionId, ip, user, node, id, 0, pageSize);
    }

    /** The same filter over the events of one node ({@link Event#node}). */
    public EventQuery on(String node) {
        return new EventQuery(from, to, type, code, check, sessionId, ip, user, node, beforeId, offset, limit);
    }
}
