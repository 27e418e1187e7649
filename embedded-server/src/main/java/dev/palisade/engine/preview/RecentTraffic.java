package dev.palisade.engine.preview;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.store.EventStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The traffic a preview replays: the allowed calls still in memory (the newest {@link #MAX_CALLS})
 * and the refusals stored over the same stretch of time, oldest first.
 */
public final class RecentTraffic {

    /** Calls replayed at most, of each kind: bounds a preview's time and memory whatever the ring holds. */
    public static final int MAX_CALLS = 250_000;

    private final RecentCalls calls;
    private final EventStore events;

    public RecentTraffic(RecentCalls calls, EventStore events) {
        this.calls = calls;
        this.events = events;
    }

    /** The allowed calls in memory and the stored refusals with one of {@code codes} since the oldest of them. */
    public List<ReplayedCall> replay(long now, String... codes) {
        List<RecentCalls.Call> newest = calls.newest(c -> true, MAX_CALLS);
        long from = from(newest, now);
        List<ReplayedCall> out = allowed(newest);
        for (String code : codes) {
            for (Event e : stored(new EventQuery(from, null, null, code, null, null, 0, EventQuery.MAX_LIMIT))) out.add(call(e));
        }
        out.sort(Comparator.comparingLong(ReplayedCall::at)); // stable: the ring's order within a millisecond stays
        return out;
    }

    /** The allowed calls in memory and every stored refusal (decision events) since the oldest of them. */
    public List<ReplayedCall> replayAllRefusals(long now) {
        List<RecentCalls.Call> newest = calls.newest(c -> true, MAX_CALLS);
        List<ReplayedCall> out = allowed(newest);
        EventQuery decisions = new EventQuery(from(newest, now), null, EventType.DECISION, null, null, null, 0, EventQuery.MAX_LIMIT);
        for (Event e : stored(decisions)) if (e.denied()) out.add(call(e));
        out.sort(Comparator.comparingLong(ReplayedCall::at));
        return out;
    }

    /** Stored events of one code since {@code from}, oldest first; at most {@link #MAX_CALLS}. */
    public List<Event> stored(String code, long from) {
        return stored(new EventQuery(from, null, null, code, null, null, 0, EventQuery.MAX_LIMIT));
    }

    /** The query's events, oldest first, paged by id; at most {@link #MAX_CALLS}. */
    private List<Event> stored(EventQuery q) {
        List<Event> out = new ArrayList<>();
        List<Event> page = events.queryEvents(q);
        while (!page.isEmpty() && out.size() < MAX_CALLS) {
            out.addAll(page);
            if (page.size() < EventQuery.MAX_LIMIT) break;
            page = events.queryEvents(q.before(page.get(page.size() - 1).id(), EventQuery.MAX_LIMIT));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** The ring's calls (newest first) as replayed calls, oldest first. */
    private static List<ReplayedCall> allowed(List<RecentCalls.Call> newest) {
        List<ReplayedCall> out = new ArrayList<>(newest.size());
        for (int i = newest.size() - 1; i >= 0; i--) {
            RecentCalls.Call c = newest.get(i);
            out.add(new ReplayedCall(c.at(), nonNull(c.sessionId()), nonNull(c.principal()), nonNull(c.ip()), c.method(),
                    c.path(), ReplayedCall.ALLOWED));
        }
        return out;
    }

    private static long from(List<RecentCalls.Call> newest, long now) {
        return newest.isEmpty() ? now - 3_600_000 : newest.get(newest.size() - 1).at();
    }

    public static ReplayedCall call(Event e) {
        return new ReplayedCall(e.at(), nonNull(e.sessionId()), nonNull(e.user()), nonNull(e.ip()), nonNull(e.method()),
                nonNull(e.path()), e.denied() ? e.code() : ReplayedCall.ALLOWED);
    }

    /** When the replayed stretch begins: the oldest allowed call in memory, or an hour ago. */
    public long since(long now) {
        return from(calls.newest(c -> true, MAX_CALLS), now);
    }

    private static String nonNull(String s) { return s == null ? "" : s; }
}
