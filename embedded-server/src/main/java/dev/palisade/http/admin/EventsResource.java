package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.event.CheckFilter;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.store.EventStore;
import dev.palisade.engine.event.EventType;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /admin/events}: stored events by time, type, code, check, session, ip and user; newest first, paged. */
final class EventsResource extends AdminResource {

    private final Engine engine;
    private final EventStore store;

    EventsResource(Engine engine, EventStore store) {
        this.engine = engine;
        this.store = store;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws InterruptedException {
        if (!below(request, "/admin/events").isEmpty()) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        Query q = new Query(request);
        EventQuery query = filter(q, q.integer("offset", 0, 0, Integer.MAX_VALUE), q.integer("limit", 100, 1, EventQuery.MAX_LIMIT));
        Long before = q.id("before"); // a page that new events do not shift, as they shift an offset
        if (before != null) {
            query = new EventQuery(query.from(), query.to(), query.type(), query.code(), query.check(), query.sessionId(),
                    query.ip(), query.user(), before, query.offset(), query.limit());
        }
        // what was just decided should be visible: give the batch writer a moment to catch up
        engine.events().awaitWritten(1_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("offset", query.offset());
        body.put("limit", query.limit());
        body.put("items", store.queryEvents(query).stream().map(Views::event).toList());
        Responses.json(response, callback, 200, body);
        return true;
    }

    /** The filters this endpoint and the export share: from, to, type, code, check, session, ip, user. */
    static EventQuery filter(Query q, int offset, int limit) {
        Long from = q.time("from");
        Long to = q.time("to");
        if (from != null && to != null && to < from) throw HttpProblem.field("to", "must not be before from");
        return new EventQuery(from, to, type(q.text("type")),
                q.text("code"), check(q.text("check")), q.text("session"), q.address("ip"), q.text("user"), null, offset, limit);
    }

    /**
     * A check's name as events hold it, in any case ("Price" is price), or with one {@code !} before it every check but
     * that one ("!price": what the Overview's plain no_bootstrap row counts beside its price row, session 61); what no
     * check is named like (a space, a symbol) is a 400 naming the field, not an empty list that reads as "none refused
     * so" (review 60, L3).
     */
    private static CheckFilter check(String given) {
        if (given == null) return null;
        boolean except = given.startsWith("!");
        String name = (except ? given.substring(1) : given).toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty() || name.length() > 40 || !name.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '_')) {
            throw HttpProblem.field("check", "must be a check's name, such as price or nonce (docs/protocol.md lists them),"
                    + " or ! and a name for every check but that one");
        }
        return new CheckFilter(name, except);
    }

    private static EventType type(String label) {
        if (label == null) return null;
        try {
            return EventType.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.field("type", "must be decision, auth, admin, fingerprint_mismatch, rate_anomaly or system");
        }
    }
}
