package dev.palisade.engine.event;

import dev.palisade.engine.state.SharedTraffic;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts this node's calls per second where the other nodes read them: each time, the whole counts of
 * the seconds since the last put that arrived, and of a few before (a call is counted in the second it
 * began, which can be a moment after that second was put). Whole counts make repeating a second
 * harmless, so a put that failed, or whose reply was lost, is simply made good by the next.
 */
public final class TrafficShare {

    /** Seconds put again each time besides those since the last put: longer than a call waits on Redis before it is counted. */
    static final int OVERLAP = 5;

    private final TrafficStats own;
    private final SharedTraffic cluster;
    private long putAt = -1;

    public TrafficShare(TrafficStats own, SharedTraffic cluster) {
        this.own = own;
        this.cluster = cluster;
    }

    /**
     * Puts what was counted since the last put.
     *
     * @throws dev.palisade.engine.state.StateUnavailableException when the shared store does not answer (the next put makes it good)
     */
    public synchronized void send(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        long since = putAt < 0 ? 0 : Math.max(0, now - putAt);
        int span = (int) Math.min(TrafficStats.SECONDS - 1, since + OVERLAP + 1);
        List<TrafficStats.Second> counted = new ArrayList<>();
        for (TrafficStats.Second s : own.window(nowMillis, span)) {
            if (s.allowed() != 0 || !s.denied().isEmpty()) counted.add(s);
        }
        cluster.put(counted);
        putAt = now;
    }
}
