package dev.palisade.engine.event;

import dev.palisade.engine.state.EventExchange;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.engine.store.EventStore;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node's share of the cluster's events: one thread sends the events that happen here to the
 * exchange, another stores the other nodes' events here (through the hub, so live listeners see them
 * too). While the exchange is away both wait and try again; what this node records meanwhile waits in
 * a bounded queue (its overflow is counted as dropped), and the others' events are read from where
 * reading stopped, which is stored with them and so survives a restart.
 */
public final class ClusterEvents implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ClusterEvents.class.getName());
    static final int BATCH = 1_000;
    /** This node's events waiting to be sent: a few seconds of a busy node while the exchange is away. */
    static final int BACKLOG = 16_384;
    private static final long RETRY_MILLIS = 500;
    private static final long WAIT_MILLIS = 1_000;
    private static final long POSITION_SAVE_MILLIS = 5_000;
    private long positionSavedAt;

    private final EventHub hub;
    private final EventExchange exchange;
    private final EventStore store;
    private final Audit audit;
    private final EventSubscription own;
    private final Thread sender;
    private final Thread reader;
    private volatile boolean running = true;

    private ClusterEvents(EventHub hub, EventExchange exchange, EventStore store, Audit audit) {
        this.hub = hub;
        this.exchange = exchange;
        this.store = store;
        this.audit = audit;
        this.own = hub.subscribeOwn(BACKLOG);
        this.sender = new Thread(this::sendLoop, "palisade-events-out");
        this.reader = new Thread(this::readLoop, "palisade-events-in");
        sender.setDaemon(true);
        reader.setDaemon(true);
    }

    public static ClusterEvents start(EventHub hub, EventExchange exchange, EventStore store, Audit audit) {
        ClusterEvents events = new ClusterEvents(hub, exchange, store, audit);
        events.sender.start();
        events.reader.start();
        return events;
    }

    /** This node's events lost because the exchange was away longer than the backlog lasts. */
    public long unsent() { return own.dropped(); }

    /** A batch and the id it is sent under, every time: a resend after a lost reply is not added twice. */
    private record Batch(String id, List<Event> events) {
        static Batch of(List<Event> events) { return new Batch(dev.palisade.engine.Secrets.randomToken(12), events); }
    }

    /** The batch taken but not sent yet: {@link #close} sends it, under its id, with the rest. */
    private volatile Batch unsentBatch;

    private void sendLoop() {
        try {
            while (running) {
                List<Event> taken = own.take(BATCH, 200, TimeUnit.MILLISECONDS);
                if (taken.isEmpty()) continue;
                Batch batch = Batch.of(taken);
                unsentBatch = batch;
                while (!trySend(batch)) {
                    if (!running) return;
                    Thread.sleep(RETRY_MILLIS);
                }
                unsentBatch = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean trySend(Batch batch) {
        try {
            exchange.send(batch.id(), batch.events());
            return true;
        } catch (StateUnavailableException e) {
            return false; // the outage has its own event; the batch waits for Redis
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not share " + batch.events().size() + " events with the cluster", e);
            return false;
        }
    }

    private void readLoop() {
        String position;
        try {
            position = store.mirrorPosition();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Cannot read where this node stopped reading the cluster's events; they are not"
                    + " mirrored here until a restart", e);
            return;
        }
        while (running) {
            try {
                EventExchange.Received in = exchange.receive(position, BATCH, WAIT_MILLIS);
                if (in.missed()) {
                    audit.system("cluster_events_missed", "some events of other nodes were trimmed from the cluster's"
                            + " stream before this node read them; they are in those nodes' own histories");
                }
                long now = System.currentTimeMillis();
                if (!in.events().isEmpty()
                        || (!in.position().equals(position) && now - positionSavedAt >= POSITION_SAVE_MILLIS)) {
                    // only this node's own events read: the position is still saved now and then, so a restart
                    // does not read them all again (nor take their trimming for missed events)
                    hub.mirror(in.events(), in.position());
                    positionSavedAt = now;
                }
                position = in.position();
            } catch (StateUnavailableException e) {
                pause();
            } catch (RuntimeException e) {
                // the store failed: the position stays, so the same events are read again
                LOG.log(Level.WARNING, "Could not store the cluster's events", e);
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading, and sends what this node recorded up to now once more before returning. */
    @Override
    public void close() {
        running = false;
        try {
            reader.join(WAIT_MILLIS + 1_000);
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Batch taken = unsentBatch;
        long dropped = own.dropped(); // while Redis was away longer than the backlog lasts
        long unshared = 0;
        List<Event> rest = own.drain();
        int sent = 0;
        if (taken == null || trySend(taken)) {
            for (; sent < rest.size(); sent += BATCH) {
                if (!trySend(Batch.of(rest.subList(sent, Math.min(rest.size(), sent + BATCH))))) break; // the shared store is away
            }
        } else {
            unshared += taken.events().size();
        }
        unshared += Math.max(0, rest.size() - sent);
        own.close();
        if (unshared > 0 || dropped > 0) {
            // said where it can still be read after the stop: this node's own history (and its log); the others never get them
            String detail = (unshared > 0 ? unshared + " events recorded on this node were waiting to be sent to the cluster's"
                    + " history when the node stopped, and Redis could not take them" : "No event was left waiting at the stop")
                    + (dropped > 0 ? "; " + dropped + " more were not sent since the node started (Redis away longer than its"
                    + " backlog lasts)" : "") + ". They are in this node's own history only";
            LOG.log(Level.WARNING, detail);
            audit.system("cluster_events_unshared", detail);
        }
    }
}
