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
 * and the refusals stored over the same stretch of time, oldest first. On a cluster the memory holds
 * this node's calls only while the database holds every node's events, so a replay takes this node's
 * own refusals beside them (cluster audit 62, M1: a no-op change let the other nodes' refusals through).
 */
public final class RecentTraffic {

    /** Calls replayed at most, of each kind: bounds a preview's time and memory whatever the ring holds. */
    public static final int MAX_CALLS = 250_000;

    private final RecentCalls calls;
    private final EventStore events;
    /** The node whose ring {@link #calls} is, as its events name it ("" for a server alone). */
    private final String node;

    private final int maxCalls;

    public RecentTraffic(RecentCalls calls, EventStore events, String node) {
        this(calls, events, node, MAX_CALLS);
    }

    RecentTraffic(RecentCalls calls, EventStore events, int maxCalls) {
        this(calls, events, "", maxCalls);
    }

    RecentTraffic(RecentCalls calls, EventStore events, String node, int maxCalls) {
        this.calls = calls;
        this.events = events;
        this.node = node;
        this.maxCalls = maxCalls;
    }

    /**
     * The allowed calls in memory and this node's stored refusals with one of {@code codes}, over the
     * stretch both cover (see {@link #over}).
     */
    public List<ReplayedCall> replay(long now, String... codes) {
        List<RecentCalls.Call> newest = calls.newest(c -> true, maxCalls);
        long from = from(newest, now);
        long start = from;
        List<ReplayedCall> out = allowed(newest);
        for (String code : codes) {
            Stored refused = stored(new EventQuery(from, null, null, code, null, null, 0, EventQuery.MAX_LIMIT).on(node));
            for (Event e : refused.events()) out.add(call(e));
            start = Math.max(start, refused.coveredFrom(from));
        }
        return over(out, start);
    }

    /**
     * The allowed calls in memory and every stored refusal (decision events), every node's, over the stretch both
     * cover: what rule suggestions learn from, a session refused on any node being no model. Not a replay to preview
     * with ({@link #replay} is).
     */
    public List<ReplayedCall> replayAllRefusals(long now) {
        List<RecentCalls.Call> newest = calls.newest(c -> true, maxCalls);
        long from = from(newest, now);
        List<ReplayedCall> out = allowed(newest);
        Stored decisions = stored(new EventQuery(from, null, EventType.DECISION, null, null, null, 0, EventQuery.MAX_LIMIT));
        for (Event e : decisions.events()) if (e.denied()) out.add(call(e));
        return over(out, decisions.coveredFrom(from));
    }

    /**
     * The calls from {@code start} on, oldest first. Each kind is kept up to a number of calls, so
     * under a flood of refusals those kept may cover minutes while the allowed calls cover hours:
     * side by side, the refused share would look far smaller than it is, so both begin where the
     * shorter stretch does.
     */
    private static List<ReplayedCall> over(List<ReplayedCall> calls, long start) {
        calls.removeIf(c -> c.at() < start);
        calls.sort(Comparator.comparingLong(ReplayedCall::at)); // stable: the ring's order within a millisecond stays
        return calls;
    }

    /**
     * Stored events of one code since {@code from}, every node's, oldest first; the newest {@link #MAX_CALLS} at most.
     * What a replay of stored events alone reads (fingerprint mismatches): the cluster's, not this node's part.
     */
    public List<Event> stored(String code, long from) {
        return stored(new EventQuery(from, null, null, code, null, null, 0, EventQuery.MAX_LIMIT)).events();
    }

    /**
     * A query's newest events, oldest first, and whether older ones were left out: then they cover
     * only the time from the oldest kept.
     */
    private record Stored(List<Event> events, boolean cut) {
        long coveredFrom(long from) {
            return cut ? events.get(0).at() : from;
        }
    }

    /** The query's events, paged by id; one more than kept is read to know whether any were left out. */
    private Stored stored(EventQuery q) {
        List<Event> out = new ArrayList<>();
        List<Event> page = events.queryEvents(q);
        while (!page.isEmpty() && out.size() <= maxCalls) {
            out.addAll(page);
            if (page.size() < EventQuery.MAX_LIMIT) break;
            page = events.queryEvents(q.before(page.get(page.size() - 1).id(), EventQuery.MAX_LIMIT));
        }
        boolean cut = out.size() > maxCalls;
        List<Event> kept = cut ? new ArrayList<>(out.subList(0, maxCalls)) : out;
        java.util.Collections.reverse(kept);
        return new Stored(kept, cut);
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
        return from(calls.newest(c -> true, maxCalls), now);
    }

    private static String nonNull(String s) { return s == null ? "" : s; }
}
