package dev.palisade.http;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers do not arrive within the header timeout. The
 * idle timeout alone cannot: a slow client that sends one header line every few seconds is never
 * idle (slowloris). Each connection is looked at a few times per timeout while it is open; only a
 * request stuck in its headers is cut, never one whose body is on its way or an idle keep-alive.
 * Over TLS the handshake must end within the timeout too, and an HTTP/2 connection must not go on
 * receiving bytes for longer with no stream opening or open (a header block sent a frame at a time):
 * an outside test held both open past 50 s, a byte every 5 s (session 54).
 */
public final class HeaderDeadline implements Connection.Listener {

    private final long timeoutMillis;
    private final long periodMillis;
    private final Scheduler scheduler;

    public HeaderDeadline(Duration timeout, Scheduler scheduler) {
        this.timeoutMillis = timeout.toMillis();
        this.periodMillis = Math.max(20, timeoutMillis / 4);
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watch(http, -1, 0);
        } else if (connection instanceof org.eclipse.jetty.io.ssl.SslConnection tls) {
            handshakeBy(tls);
        } else if (connection instanceof org.eclipse.jetty.http2.HTTP2Connection h2) {
            watch(h2, new StreamLook(h2.getSession().getStreamsOpened(), h2.getBytesIn(), System.nanoTime() / 1_000_000, 0));
        }
    }

    /** A TLS connection whose handshake has not ended within the timeout is closed. */
    private void handshakeBy(org.eclipse.jetty.io.ssl.SslConnection tls) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        tls.addHandshakeListener(new org.eclipse.jetty.io.ssl.SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) { done.set(true); }
        });
        scheduler.schedule(() -> {
            if (!done.get() && tls.getEndPoint().isOpen()) tls.getEndPoint().close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * What an HTTP/2 connection showed at the last look: streams opened, bytes in, when a stream was last open or
     * opened, and how many looks since then saw bytes arrive (one is a keep-alive's acknowledgement, not a drip).
     */
    private record StreamLook(long opened, long bytesIn, long streamSeenAt, int busyLooks) {}

    private void watch(org.eclipse.jetty.http2.HTTP2Connection c, StreamLook last) {
        scheduler.schedule(() -> look(c, last), periodMillis, TimeUnit.MILLISECONDS);
    }

    private void look(org.eclipse.jetty.http2.HTTP2Connection c, StreamLook last) {
        if (!c.getEndPoint().isOpen()) return;
        org.eclipse.jetty.http2.HTTP2Session session = c.getSession();
        long opened = session.getStreamsOpened();
        long bytesIn = c.getBytesIn();
        long now = System.nanoTime() / 1_000_000;
        if (opened != last.opened() || opened > session.getStreamsClosed()) {
            watch(c, new StreamLook(opened, bytesIn, now, 0));
            return;
        }
        int busy = last.busyLooks() + (bytesIn != last.bytesIn() ? 1 : 0);
        if (busy >= 3 && now - last.streamSeenAt() >= timeoutMillis) {
            c.getEndPoint().close();
            return;
        }
        watch(c, new StreamLook(opened, bytesIn, last.streamSeenAt(), busy));
    }

    @Override
    public void onClosed(Connection connection) {
        // nothing kept per connection but the scheduled look, which ends by itself
    }

    private void watch(HttpConnection c, long message, long since) {
        scheduler.schedule(() -> look(c, message, since), periodMillis, TimeUnit.MILLISECONDS);
    }

    /** @param message the request (by count) first seen stuck in its headers, or -1; {@code since} when */
    private void look(HttpConnection c, long message, long since) {
        if (!c.getEndPoint().isOpen()) return;
        HttpParser parser = c.getParser();
        long now = System.nanoTime() / 1_000_000;
        if (parser.isStart() || !parser.inHeaderState()) {
            watch(c, -1, 0);
        } else if (message != c.getMessagesIn()) {
            watch(c, c.getMessagesIn(), now);
        } else if (now - since >= timeoutMillis) {
            c.getEndPoint().close();
        } else {
            watch(c, message, since);
        }
    }
}
