package dev.palisade.engine;

import dev.palisade.engine.event.TrafficShare;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.SessionState;
import dev.palisade.engine.state.SharedTraffic;
import dev.palisade.engine.store.SessionCount;
import dev.palisade.engine.store.SessionStore;

import java.util.List;

/**
 * The console's live counts (calls per second by outcome, sessions): in a cluster every node's
 * together (the others' from the shared store, at most a second or so behind, this node's as they are
 * now); this node's own when alone, or while the shared store does not answer (each answer says which).
 */
public final class LiveCounts {

    /** Calls per second, oldest first; {@code cluster} when they are every node's. */
    public record Traffic(List<TrafficStats.Second> seconds, boolean cluster) {}

    /** Sessions held and live; {@code cluster} when they are every node's. */
    public record Sessions(long total, long active, boolean cluster) {}

    private final TrafficStats own;
    private final SharedTraffic shared;
    private final TrafficShare share;
    private final SessionRegistry sessions;
    private final SessionStore store;

    /** @param shared the cluster's traffic, or null alone */
    LiveCounts(TrafficStats own, SharedTraffic shared, SessionRegistry sessions, SessionStore store) {
        this.own = own;
        this.shared = shared;
        this.share = shared == null ? null : new TrafficShare(own, shared);
        this.sessions = sessions;
        this.store = store;
    }

    /** Whether this node is a cluster's: its counts are every node's while the shared state answers. */
    public boolean clustered() { return shared != null; }

    /** Sends this node's counts to the cluster's (in a cluster; a failed send is made good by the next). */
    void share(long now) {
        if (share != null) share.send(now);
    }

    public Traffic traffic(long now, int seconds) {
        List<TrafficStats.Second> mine = own.window(now, seconds);
        if (shared != null) {
            try {
                return new Traffic(sum(shared.others(now, seconds), mine), true);
            } catch (RuntimeException e) {
                // the shared store does not answer: this node's own, said so
            }
        }
        return new Traffic(mine, false);
    }

    /** Second by second (both lists cover the same seconds, oldest first). */
    private static List<TrafficStats.Second> sum(List<TrafficStats.Second> a, List<TrafficStats.Second> b) {
        List<TrafficStats.Second> out = new java.util.ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) out.add(a.get(i).plus(b.get(i)));
        return out;
    }

    public Sessions sessions(long now) {
        SessionPolicy policy = sessions.policy();
        if (shared != null) {
            try {
                SessionCount c = store.countSessions(now - policy.idleTtl().toMillis());
                if (c != null) return new Sessions(c.total(), c.active(), true);
            } catch (RuntimeException e) {
                // the shared store does not answer: this node's own, said so
            }
        }
        long active = 0;
        for (Session s : sessions.all()) {
            if (s.state(now, policy) == SessionState.ACTIVE) active++;
        }
        return new Sessions(sessions.size(), active, false);
    }
}
