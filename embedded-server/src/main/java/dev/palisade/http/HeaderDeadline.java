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
        if (connection instanceof HttpConnection http) watch(http, -1, 0);
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
