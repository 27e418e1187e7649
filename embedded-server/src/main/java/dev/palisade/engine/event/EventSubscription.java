package dev.palisade.engine.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live listener's own bounded queue. A slow listener loses events (counted) rather than slowing
 * the request path or the other listeners.
 */
public final class EventSubscription implements AutoCloseable {

    private final BlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final EventHub hub;
    private volatile boolean closed;

    EventSubscription(EventHub hub, int capacity) {
        this.hub = hub;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    void offer(Event event) {
        if (!queue.offer(event)) dropped.incrementAndGet();
    }

    /**
     * Waits up to {@code timeout} for at least one event, then takes what is there (at most {@code max}).
     *
     * @return the events, empty on timeout or when closed
     */
    public List<Event> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        if (closed) return out;
        Event first = queue.poll(timeout, unit);
        if (first == null) return out;
        out.add(first);
        queue.drainTo(out, max - 1);
        return out;
    }

    /** Whatever is still queued, taken now, closed or not (an owner's last look before it stops). */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    public long dropped() { return dropped.get(); }

    public boolean isClosed() { return closed; }

    @Override
    public void close() {
        closed = true;
        hub.unsubscribe(this);
    }
}
