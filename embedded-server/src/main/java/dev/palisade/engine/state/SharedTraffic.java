package dev.palisade.engine.state;

import dev.palisade.engine.event.TrafficStats;

import java.util.List;

/**
 * The cluster's calls per second, allowed and refused by code: each node puts its own counts of the
 * last seconds, and any node reads the others', so the console's live counts are the whole cluster's.
 */
public interface SharedTraffic {

    /**
     * Puts this node's counts of these seconds: whole counts so far, not increments, so putting a second
     * again (a lost reply, an overlap) changes nothing but what grew.
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    void put(List<TrafficStats.Second> counted);

    /**
     * The other nodes' last {@code seconds} seconds up to and including the current one, oldest first (as
     * {@link TrafficStats#window}); this process's own are left out, its live counts being newer.
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    List<TrafficStats.Second> others(long nowMillis, int seconds);
}
