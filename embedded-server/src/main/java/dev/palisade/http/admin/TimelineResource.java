package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.event.Rollup;
import dev.palisade.engine.store.EventStore;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code GET /admin/timeline?from=&to=&step=&limit=}: allowed calls and refusals per step over a
 * time range longer than the per-second stats keep (the last hour, a day, a week), and the refusals
 * of that range counted by reason, address and session. Allowed calls come from the per-minute
 * rollups, refusals from the stored events, so both survive a restart.
 */
final class TimelineResource extends AdminResource {

    static final long MINUTE = 60_000;
    static final int MAX_POINTS = 2_000;

    private final Engine engine;
    private final EventStore store;

    TimelineResource(Engine engine, EventStore store) {
        this.engine = engine;
        this.store = store;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws InterruptedException {
        if (!below(request, "/admin/timeline").isEmpty()) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        Query q = new Query(request);
        long now = engine.clock().millis();
        long stepSeconds = q.integer("step", 60, 60, 7 * 86_400);
        if (stepSeconds % 60 != 0) throw HttpProblem.field("step", "must be a whole number of minutes, in seconds");
        long step = stepSeconds * 1000;
        Long toParam = q.time("to");
        long to = toParam == null ? now + 1 : toParam;
        Long fromParam = q.time("from");
        // as the events and traffic say it; rounded down to the step below, a from a moment after the to passed
        if (fromParam != null && to < fromParam) throw HttpProblem.field("to", "must not be before from");
        // buckets start at round times (multiples of the step since the epoch), so a chart's ticks are round
        // an hour before the to, but never before 1970: "from" is a time the range's rules allow
        long from = Math.floorDiv(fromParam == null ? Math.max(0, to - 3_600_000) : fromParam, step) * step;
        if (to <= from) throw HttpProblem.field("to", "must be after from");
        // every bucket that starts before the to: a range a millisecond past 2 000 steps has 2 001 (contract audit 60)
        if ((to - from + step - 1) / step > MAX_POINTS) throw HttpProblem.field("step", "gives more than " + MAX_POINTS + " points for this range");
        int limit = q.integer("limit", 8, 1, 100);
        engine.events().awaitWritten(1_000);
        SortedMap<Long, Long> allowed = engine.rollups().series(from, to, step);
        Map<Long, Long> denied = store.refusalSeries(from, to, step);
        List<Map<String, Object>> points = new ArrayList<>(allowed.size());
        allowed.forEach((t, n) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", t);
            p.put("allowed", n);
            p.put("denied", denied.getOrDefault(t, 0L));
            points.add(p);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from);
        body.put("to", to);
        body.put("step", stepSeconds);
        body.put("points", points);
        body.put("reasons", totals(store.topRefusals("code", from, to, limit)));
        // the defence against L4 refuses with no_bootstrap and reauth_required too: counted apart, as the live view does
        body.put("priceReasons", totals(store.topRefusals("price", from, to, limit)));
        body.put("ips", totals(store.topRefusals("ip", from, to, limit)));
        body.put("sessions", totals(store.topRefusals("session", from, to, limit)));
        Responses.json(response, callback, 200, body);
        return true;
    }

    private static List<Map<String, Object>> totals(List<Rollup.Total> totals) {
        List<Map<String, Object>> out = new ArrayList<>(totals.size());
        for (Rollup.Total t : totals) {
            Map<String, Object> m = new LinkedHashMap<>(); // key first, as documented
            m.put("key", t.key());
            m.put("count", t.calls());
            out.add(m);
        }
        return out;
    }
}
