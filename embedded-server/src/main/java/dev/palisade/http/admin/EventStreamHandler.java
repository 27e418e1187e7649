package dev.palisade.http.admin;

import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Credential;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.EventSubscription;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /admin/events/stream}: every event as it happens, as Server-Sent Events
 * ({@code id}, {@code event: <type>}, {@code data: <json>}). A comment line every few idle seconds
 * keeps proxies from closing the stream; a listener that falls behind is told how many it missed.
 * The stream ends within a second of its token leaving force (an operator token revoked here or on
 * another node, the owner's token rotated), before any later event reaches it: the keep-alive would
 * otherwise hold it open for as long as the listener likes. Of its places, {@link #OWNERS_OWN} are the owner's
 * alone and one operator or viewer token holds at most {@link #PER_OPERATOR}: a viewer token given to a tool
 * that never closes its streams had filled them all, and the owner's console met 503 on the live view.
 */
final class EventStreamHandler extends AdminResource {

    private static final int MAX_LISTENERS = 32;
    /** Places no operator or viewer stream takes: a leaked or buggy token never keeps the owner off the live view. */
    private static final int OWNERS_OWN = 4;
    /** Streams one operator token may hold at once (a console holds one; a script that never closes its own, no more). */
    static final int PER_OPERATOR = 4;
    private static final int BUFFER = 10_000;
    private static final long HEARTBEAT_MILLIS = 10_000;
    /** How long a newcomer that finds every place taken waits while the streams prove their listeners are there. */
    private static final long PROBE_MILLIS = 3_000;

    private final EventHub hub;
    /**
     * When a newcomer last found every place taken: each stream then writes at once rather than at its next
     * keep-alive, since a listener that left is noticed only when a write to it fails (the second, as a rule).
     */
    private final java.util.concurrent.atomic.AtomicLong probedAt = new java.util.concurrent.atomic.AtomicLong();
    /** Live streams by operator name (a live operator token's name is its own). */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> operatorsStreams = new java.util.concurrent.ConcurrentHashMap<>();

    EventStreamHandler(EventHub hub) {
        this.hub = hub;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        Credential credential = AdminAuthHandler.credential(request);
        dev.palisade.engine.admin.Actor actor = credential.actor();
        if (actor.isOwner()) return stream(credential, subscribeWithin(MAX_LISTENERS), response, callback);
        // a console that lost its connection comes back before its old streams have noticed: they are asked first
        if (!takePlace(actor.name()) && !(placeFreed(() -> operatorsStreams.getOrDefault(actor.name(), 0) < PER_OPERATOR)
                && takePlace(actor.name()))) {
            throw new HttpProblem(Reason.LISTENER_CAPACITY, "operator '" + actor.name() + "' already follows " + PER_OPERATOR
                    + " live event streams: close one first");
        }
        try {
            return stream(credential, subscribeWithin(MAX_LISTENERS - OWNERS_OWN), response, callback);
        } finally {
            operatorsStreams.computeIfPresent(actor.name(), (name, n) -> n <= 1 ? null : n - 1);
        }
    }

    /**
     * A subscription while fewer than {@code places} listeners follow the events, counted and taken under one lock:
     * newcomers checked at once and subscribed after would all pass, and take the owner's places.
     *
     * @throws HttpProblem {@code listener_capacity} when none is freed within {@link #PROBE_MILLIS}
     */
    private EventSubscription subscribeWithin(int places) {
        synchronized (this) {
            if (hub.subscriberCount() < places) return hub.subscribe(BUFFER);
        }
        if (placeFreed(() -> hub.subscriberCount() < places)) {
            synchronized (this) {
                if (hub.subscriberCount() < places) return hub.subscribe(BUFFER);
            }
        }
        throw new HttpProblem(Reason.LISTENER_CAPACITY,
                "too many live event listeners (" + MAX_LISTENERS + ", " + OWNERS_OWN + " of them kept for the owner)");
    }

    /** One more stream for this operator, unless it holds {@link #PER_OPERATOR} already. */
    private boolean takePlace(String operator) {
        boolean[] taken = {false};
        operatorsStreams.compute(operator, (name, n) -> {
            int held = n == null ? 0 : n;
            if (held >= PER_OPERATOR) return n;
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    private boolean stream(Credential credential, EventSubscription taken, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (EventSubscription subscription = taken;
             OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(": palisade event stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long reportedDrops = 0;
            long lastWrite = System.currentTimeMillis();
            while (!subscription.isClosed()) {
                List<Event> batch = subscription.take(1_000, 1, TimeUnit.SECONDS);
                if (!credential.inForce() || (revokesAnOperator(batch) && !credential.inForceAsStored())) {
                    out.write(": the token that opened this stream is no longer in force\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    break;
                }
                StringBuilder frame = new StringBuilder();
                for (Event e : batch) {
                    frame.append("id: ").append(e.id()).append('\n')
                            .append("event: ").append(e.type().label()).append('\n')
                            .append("data: ").append(new String(Json.bytes(Views.event(e)), StandardCharsets.UTF_8))
                            .append("\n\n");
                }
                long drops = subscription.dropped();
                if (drops > reportedDrops) {
                    frame.append("event: dropped\ndata: {\"dropped\":").append(drops).append("}\n\n");
                    reportedDrops = drops;
                }
                long now = System.currentTimeMillis();
                if (frame.isEmpty() && (now - lastWrite >= HEARTBEAT_MILLIS || probedAt.get() > lastWrite)) {
                    frame.append(": keep-alive\n\n");
                }
                if (!frame.isEmpty()) {
                    out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                }
            }
        } catch (IOException e) {
            // the listener went away; nothing to answer
            callback.failed(e);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return true;
        }
        callback.succeeded();
        return true;
    }

    /** Asks every stream to write now, and waits up to {@link #PROBE_MILLIS} for those whose listener left to end until {@code room}. */
    private boolean placeFreed(java.util.function.BooleanSupplier room) {
        long until = System.currentTimeMillis() + PROBE_MILLIS;
        try {
            while (System.currentTimeMillis() < until) {
                probedAt.set(System.currentTimeMillis()); // again and again: a stream's first write may still succeed
                Thread.sleep(100);
                if (room.getAsBoolean()) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * An operator token's revocation among the events: on a cluster its event can come from the node that
     * made it before this node read the revocation, and it must not reach the stream of the token it ends.
     */
    private static boolean revokesAnOperator(List<Event> batch) {
        for (Event e : batch) {
            if (e.type() == dev.palisade.engine.event.EventType.ADMIN && "operator_revoked".equals(e.code())) return true;
        }
        return false;
    }
}
