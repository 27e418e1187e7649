package dev.palisade.engine.state;

import dev.palisade.engine.event.TrafficStats;

import java.util.List;

/**
 * The cluster's calls per second, allowed and refused by code: each node adds what it counted since
 * it last sent, and any node reads the sum, so the console's live counts are the whole cluster's.
 */
public interface SharedTraffic {

    /**
     * Adds these counts (what this node counted in each second since it last sent) to the cluster's.
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    void add(List<TrafficStats.Second> counted);

    /**
     * The cluster's last {@code seconds} seconds up to and including the current one, oldest first (as
     * {@link TrafficStats#window}).
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    List<TrafficStats.Second> window(long nowMillis, int seconds);
}
