package dev.palisade.engine.state;

import dev.palisade.engine.event.Event;

import java.util.List;

/**
 * Carries events between the nodes of a cluster, so each node's event history, and every console,
 * sees what happened on all of them. Called by two threads of their own, never by the request path.
 */
public interface EventExchange extends AutoCloseable {

    /**
     * Shares events that happened on this node with the others, once: a batch sent again under the same
     * {@code batchId} (its first sending's reply was lost) is not added again.
     *
     * @param batchId names this batch among those sent in the last minutes (random)
     * @throws StateUnavailableException when the shared store does not answer (send them again, same id)
     */
    void send(String batchId, List<Event> batch);

    /** Shares a batch under an id of its own (a batch that is not sent again). */
    default void send(List<Event> batch) {
        send(dev.palisade.engine.Secrets.randomToken(12), batch);
    }

    /**
     * The other nodes' events after {@code position}, waiting up to {@code waitMillis} for the first.
     *
     * @param position where the last read stopped; empty for the oldest the exchange still keeps
     * @throws StateUnavailableException when the shared store does not answer
     */
    Received receive(String position, int max, long waitMillis);

    /**
     * @param events   the other nodes' events, oldest first (this node's own are passed over)
     * @param position where this read stopped: the next read starts after it
     * @param missed   true when events after the position asked for were already gone (trimmed)
     */
    record Received(List<Event> events, String position, boolean missed) {}

    @Override
    void close();
}
