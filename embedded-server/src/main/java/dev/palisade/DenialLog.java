package dev.palisade;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.EventSubscription;
import dev.palisade.engine.event.EventType;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One concise line per refused call in the server's terminal, so a developer running {@code --upstream}
 * sees what Palisade turned away: {@code denied 401 missing_credentials (credentials) GET /api/notes
 * from 127.0.0.1}. Off the request path (its own thread reads a live subscription), at most
 * {@link #LINES_PER_SECOND} lines a second with the rest counted, control characters escaped, and
 * never a query string, a token or a key (events hold neither).
 */
public final class DenialLog implements AutoCloseable {

    static final int LINES_PER_SECOND = 10;
    private static final int MAX_FIELD = 200;

    private final PrintStream out;
    private final LongSupplier clock;
    private long second = Long.MIN_VALUE;
    private int printed;
    private int suppressed;
    private final EventSubscription subscription;
    private final Thread reader;

    private DenialLog(EventHub hub, PrintStream out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.subscription = hub == null ? null : hub.subscribeOwn(4_096);
        this.reader = hub == null ? null : new Thread(this::read, "palisade-denial-log");
    }

    /** Starts printing the denials of {@code hub} to {@code out}. */
    public static DenialLog start(EventHub hub, PrintStream out) {
        DenialLog log = new DenialLog(hub, out, System::currentTimeMillis);
        log.reader.setDaemon(true);
        log.reader.start();
        return log;
    }

    /** For tests: a log that is fed by hand. */
    static DenialLog manual(PrintStream out, LongSupplier clock) {
        return new DenialLog(null, out, clock);
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Event> batch = subscription.take(256, 1, TimeUnit.SECONDS);
                for (Event e : batch) accept(e);
                flushSuppressed(clock.getAsLong());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints the event if it is a refused call or login, within the lines allowed this second. */
    synchronized void accept(Event e) {
        if (!e.denied() || (e.type() != EventType.DECISION && e.type() != EventType.AUTH)) return;
        long now = clock.getAsLong();
        flushSuppressed(now);
        if (printed >= LINES_PER_SECOND) {
            suppressed++;
            return;
        }
        printed++;
        out.println(format(e));
    }

    synchronized void flushSuppressed(long now) {
        long s = now / 1000;
        if (s == second) return;
        if (suppressed > 0) {
            out.println("… " + suppressed + " more denials in that second (the console's Events view, or GET"
                    + " /admin/events, has them all)");
        }
        second = s;
        printed = 0;
        suppressed = 0;
    }

    static String format(Event e) {
        return String.format(Locale.ROOT, "denied %d %s (%s) %s %s from %s", e.status(), clean(e.code()), clean(e.check()),
                clean(e.method()), clean(e.path()), clean(e.ip()));
    }

    /** Control and formatting characters as \\uXXXX, long values cut: a line is one line, shown as sent. */
    static String clean(String s) {
        if (s == null || s.isEmpty()) return "-";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_FIELD) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX_FIELD; i++) {
            char c = s.charAt(i);
            // and the invisible formatting characters (bidi overrides, zero widths), which can reorder what a line shows
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_FIELD) b.append('…');
        return b.toString();
    }

    @Override
    public void close() {
        if (reader != null) reader.interrupt();
        if (subscription != null) subscription.close();
    }
}
