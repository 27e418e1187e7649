package dev.palisade.console.ui.common;

import dev.palisade.console.client.Dtos.EventView;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Collects events from the stream's thread and hands them to the views in batches, at most every
 * {@link #FLUSH_MILLIS}: a flood of 10k events a second becomes ten small UI updates. The FX side
 * calls {@link #flush()} from a timeline; tests call it directly.
 */
public final class LiveEvents {

    public static final long FLUSH_MILLIS = 100;
    /** Events waiting beyond this are dropped (counted); the views catch up from the admin API. */
    private static final int MAX_PENDING = 50_000;

    private final Queue<EventView> pending = new ConcurrentLinkedQueue<>();
    private final List<Consumer<List<EventView>>> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong droppedByServer = new java.util.concurrent.atomic.AtomicLong();

    /** From any thread. */
    public void offer(EventView e) {
        if (size.get() >= MAX_PENDING) {
            dropped.incrementAndGet();
            return;
        }
        pending.add(e);
        size.incrementAndGet();
    }

    public void subscribe(Consumer<List<EventView>> listener) {
        listeners.add(listener);
    }

    /** On the UI thread: delivers what arrived since the last flush; returns how many. */
    public int flush() {
        List<EventView> batch = new ArrayList<>();
        for (EventView e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
            size.decrementAndGet();
        }
        if (!batch.isEmpty()) {
            for (Consumer<List<EventView>> l : listeners) l.accept(batch);
        }
        return batch.size();
    }

    /** From any thread: the server dropped {@code n} events for this console's stream, which fell behind. */
    public void droppedByServer(long n) {
        droppedByServer.addAndGet(n);
    }

    /** Events dropped here, waiting beyond the bound. */
    public long dropped() { return dropped.get(); }

    /** Every live event that reached no view: dropped by the server for this listener, or here. */
    public long missed() { return dropped.get() + droppedByServer.get(); }
}
