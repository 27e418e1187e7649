package dev.palisade.engine.event;

import dev.palisade.engine.state.SharedTraffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends this node's calls per second to the cluster's count: each time, what it counted since the
 * last send that arrived (a second still going on is sent in parts). A send that fails is made good by
 * the next one, as far back as this node's own counts reach.
 */
public final class TrafficShare {

    /** Seconds sent again each time besides those since the last send: a count may land in a second just after it was read. */
    private static final int OVERLAP = 2;

    private final TrafficStats own;
    private final SharedTraffic cluster;
    /** Each recent second as it was last sent. */
    private final Map<Long, TrafficStats.Second> sent = new HashMap<>();
    private long sentAt = -1;

    public TrafficShare(TrafficStats own, SharedTraffic cluster) {
        this.own = own;
        this.cluster = cluster;
    }

    /**
     * Sends what was counted since the last send.
     *
     * @throws dev.palisade.engine.state.StateUnavailableException when the shared store does not answer (the next send makes it good)
     */
    public synchronized void send(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        int span = sentAt < 0 ? OVERLAP + 1 : (int) Math.min(TrafficStats.SECONDS - 1, now - sentAt + OVERLAP);
        List<TrafficStats.Second> window = own.window(nowMillis, span);
        List<TrafficStats.Second> unsent = new ArrayList<>();
        for (TrafficStats.Second s : window) {
            TrafficStats.Second delta = minus(s, sent.get(s.epochSecond()));
            if (delta != null) unsent.add(delta);
        }
        cluster.add(unsent);
        sent.clear();
        for (TrafficStats.Second s : window) sent.put(s.epochSecond(), s);
        sentAt = now;
    }

    /** What {@code now} counted beyond {@code before}; null when nothing. */
    private static TrafficStats.Second minus(TrafficStats.Second now, TrafficStats.Second before) {
        long allowed = now.allowed() - (before == null ? 0 : before.allowed());
        Map<String, Long> denied = new LinkedHashMap<>();
        now.denied().forEach((code, n) -> {
            long d = n - (before == null ? 0 : before.denied().getOrDefault(code, 0L));
            if (d != 0) denied.put(code, d);
        });
        return allowed == 0 && denied.isEmpty() ? null : new TrafficStats.Second(now.epochSecond(), allowed, denied);
    }
}
