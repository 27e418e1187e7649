package dev.palisade.engine.event;

import dev.palisade.engine.store.EventStore;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes events from the request path without blocking it: each goes to live subscribers and into a
 * bounded queue that one writer thread drains to the store in batches. A full queue drops the event
 * and counts it; a clean {@link #close()} writes everything still queued.
 * <p>
 * In a cluster the hub also takes the other nodes' events ({@link #mirror}): they are numbered here
 * and stored, and reach the subscribers that watch the whole cluster, not those that act on this
 * node's own events (alerts, the denial log, the relay that shares them).
 */
public final class EventHub implements EventSink, AutoCloseable {

    private static final Logger LOG = System.getLogger(EventHub.class.getName());
    private static final int BATCH = 4_096;

    private final EventStore store;
    private final BlockingQueue<Event> queue;
    private final int capacity;
    private final CopyOnWriteArrayList<EventSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<EventSubscription> ownSubscribers = new CopyOnWriteArrayList<>();
    private final String node;
    private final AtomicLong sequence;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /**
     * Numbers taken by other nodes' events the store could not take: not dropped (they are read again, and stored once
     * it can), but no event will ever carry them, which {@link #awaitWritten} must know.
     */
    private final AtomicLong unused = new AtomicLong();
    /** Whether the store refuses writes (since the last batch it refused, until one it takes): the writer's alone. */
    private boolean failing;
    /** The events not stored since a stored event last told of such a gap: a full queue's, a refused batch's. */
    private final Gap gap = new Gap();
    /** The system event that tells of events the store refused, once it writes again. */
    public static final String EVENTS_DROPPED = "events_dropped";
    private final long firstId;
    private final Object progress = new Object();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param lastId the highest event id already stored, so ids keep increasing across restarts
     */
    public EventHub(EventStore store, int capacity, long lastId) {
        this(store, capacity, lastId, "");
    }

    /**
     * @param lastId the highest event id already stored, so ids keep increasing across restarts
     * @param node   this node's id in a cluster, written on each of its events; empty alone
     */
    public EventHub(EventStore store, int capacity, long lastId, String node) {
        this.store = store;
        this.node = node;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sequence = new AtomicLong(lastId);
        this.firstId = lastId;
        this.writer = new Thread(this::drainLoop, "palisade-event-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void publish(Event event) {
        Event numbered = event.numbered(sequence.incrementAndGet(), node);
        show(numbered);
        enqueue(numbered);
    }

    @Override
    public void publishWritten(Event event) {
        Event numbered = event.numbered(sequence.incrementAndGet(), node);
        // shown at once, as publish shows them: listeners take events in the order of their ids, and the
        // write below may wait for the writer's batch, while later ids are shown
        show(numbered);
        try {
            // synced as the change it tells of was: a power loss must not keep a change and lose who made it
            store.appendEventsDurably(List.of(numbered));
            written.incrementAndGet();
        } catch (RuntimeException e) {
            // the change it tells of is stored: the event goes the usual way, and may yet be written
            enqueue(numbered);
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void show(Event numbered) {
        for (EventSubscription s : subscribers) s.offer(numbered);
        for (EventSubscription s : ownSubscribers) s.offer(numbered);
    }

    /** Queues an event for the writer; one the queue has no room for is counted in the gap the stored events tell of. */
    private void enqueue(Event numbered) {
        if (!running || !queue.offer(numbered)) {
            dropped.incrementAndGet();
            gap.add(numbered, numbered, 1, false);
        }
    }

    /**
     * Stores events of other nodes (called by the one thread that reads them, never the request path):
     * numbers them, writes them with {@code position} in one transaction, then shows them to the
     * subscribers of the whole cluster.
     *
     * @throws RuntimeException when the store cannot write them (nothing is stored; read them again)
     */
    public void mirror(List<Event> theirs, String position) {
        List<Event> numbered = new ArrayList<>(theirs.size());
        for (Event e : theirs) numbered.add(e.numbered(sequence.incrementAndGet(), e.node()));
        try {
            store.appendMirrored(numbered, position);
            written.addAndGet(numbered.size());
        } catch (RuntimeException e) {
            // the batch is read again until stored: counted as dropped, each retry would tell of a loss that is none
            unused.addAndGet(numbered.size());
            throw e;
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
        for (Event e : numbered) {
            for (EventSubscription s : subscribers) s.offer(e);
        }
    }

    /** Every event this node records, and in a cluster the other nodes' too. */
    public EventSubscription subscribe(int capacity) {
        EventSubscription s = new EventSubscription(this, capacity);
        subscribers.add(s);
        return s;
    }

    /** Only the events that happen on this node (what it alerts on, logs, or shares with the others). */
    public EventSubscription subscribeOwn(int capacity) {
        EventSubscription s = new EventSubscription(this, capacity);
        ownSubscribers.add(s);
        return s;
    }

    void unsubscribe(EventSubscription s) {
        subscribers.remove(s);
        ownSubscribers.remove(s);
    }

    /** This node's id in a cluster; empty alone. */
    public String node() { return node; }

    public int subscriberCount() { return subscribers.size() + ownSubscribers.size(); }
    /**
     * Whether the writer thread ended while the hub runs (an error it could not survive, such as the heap running out):
     * events are queued and dropped from then on, and nothing tells it but this.
     */
    public boolean writerStopped() { return running && !writer.isAlive(); }

    public int queueDepth() { return queue.size(); }
    public int queueCapacity() { return capacity; }
    public long dropped() { return dropped.get(); }
    public long written() { return written.get(); }
    public long lastId() { return sequence.get(); }

    /**
     * Waits until every event published before this call is written (or dropped), or the timeout
     * passes; lets an admin query see what just happened.
     */
    public boolean awaitWritten(long timeoutMillis) throws InterruptedException {
        long target = sequence.get() - firstId;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (written.get() + dropped.get() + unused.get() < target) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return false;
                progress.wait(Math.min(left, 50));
            }
        }
        return true;
    }

    private void drainLoop() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Event first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        // interrupted: still try to save what is left
        queue.drainTo(batch);
        if (!batch.isEmpty()) write(batch);
    }

    /** How long the writer waits before it tries a refused batch once more: a lock held a moment, a disk freed. */
    static final long RETRY_MILLIS = 500;

    /**
     * Writes the batch, or tries once more a moment later; then drops it. Says when writes begin to
     * fail and when they succeed again, with what was dropped between: the log said only the first
     * failure of the process, never a recovery or a second outage.
     */
    private void write(List<Event> batch) {
        RuntimeException failure = append(batch);
        if (failure != null && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(RETRY_MILLIS);
                failure = append(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure == null) {
            written.addAndGet(batch.size());
            if (failing) {
                failing = false;
                LOG.log(Level.WARNING, "Events are written to the store again");
            }
            // told once the queue has room again (half of it), not at every batch while a flood still fills it
            Gap.Told told = queue.size() <= capacity / 2 ? gap.take() : null;
            if (told != null) {
                // the gap in the stored events says what it is, where an operator reads them (the log alone did)
                LOG.log(Level.WARNING, "{0} events were not stored", told.count());
                publishWritten(Event.system(batch.get(0).at(), EVENTS_DROPPED, told.detail()));
            }
        } else {
            if (!failing) {
                failing = true;
                LOG.log(Level.ERROR, "Could not write events to the store; they are dropped until it recovers", failure);
            }
            gap.add(batch.get(0), batch.get(batch.size() - 1), batch.size(), true);
            dropped.addAndGet(batch.size());
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * Events dropped, from whichever cause, since a stored event last told of them: a full queue's are dropped by the
     * threads that publish (the stored event told only of batches the store refused: 1 of 24 464, audit 49).
     */
    static final class Gap {
        /** What a stored {@code events_dropped} event says: how many, when, which ids, and why. */
        record Told(long count, long firstAt, long lastAt, long firstId, long lastId, boolean refused, boolean full) {
            String detail() {
                String why = refused && full ? "while it refused writes and its queue was full"
                        : refused ? "while it refused writes" : "while its queue was full (events came faster than it wrote them)";
                return count + " events (refusals included) were not stored in this node's database " + why + ", from "
                        + java.time.Instant.ofEpochMilli(firstAt) + " to " + java.time.Instant.ofEpochMilli(lastAt)
                        + ": they are missing from its stored events (ids " + firstId + "–" + lastId
                        + (count < lastId - firstId + 1 ? ", not all of them" : "") + ")";
            }
        }

        private long count;
        private long firstAt, lastAt, firstId = Long.MAX_VALUE, lastId;
        private boolean refused, full;

        synchronized void add(Event first, Event last, long n, boolean storeRefused) {
            count += n;
            if (first.id() < firstId) {
                firstId = first.id();
                firstAt = first.at();
            }
            if (last.id() > lastId) {
                lastId = last.id();
                lastAt = last.at();
            }
            if (storeRefused) refused = true;
            else full = true;
        }

        /** What was dropped since the last take, or null when nothing was; starts a new gap. */
        synchronized Told take() {
            if (count == 0) return null;
            Told told = new Told(count, firstAt, lastAt, firstId, lastId, refused, full);
            count = 0;
            firstId = Long.MAX_VALUE;
            lastId = 0;
            refused = full = false;
            return told;
        }
    }

    private RuntimeException append(List<Event> batch) {
        try {
            store.appendEvents(batch);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Ends every live listener (their streams finish), e.g. before the server stops. Those that act on
     * this node's own events (alerts, the denial log, the cluster's relay) end with their owners, which
     * may still have events to handle.
     */
    public void closeSubscriptions() {
        for (EventSubscription s : subscribers) s.close();
    }

    /** Stops taking events and writes every queued one before returning. */
    @Override
    public void close() {
        running = false;
        closeSubscriptions();
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close} saw every queued event written: the writer ended with nothing left. */
    public boolean closedWhole() {
        return !writer.isAlive() && queue.isEmpty();
    }
}
