package dev.palisade.http.proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When an upstream answer under a client page must have come whole, or its next bytes: the wait
 * for the answer ends with its head, so a body whose bytes stop coming would hold a server thread
 * for as long as the upstream liked. At the deadline the body is closed; its reader
 * then sees an error or an early end, and asks {@link #passed()} which one it was. Used by one
 * thread at a time.
 */
final class AnswerDeadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    /** Ends the answer: closes its body (its reader then sees an error or an early end) and the exchange. */
    private final Cut cut;
    private final Duration timeout;
    private ScheduledFuture<?> closing;
    private volatile boolean passed;

    /** @param fetchedAt {@link System#nanoTime()} when the fetch began: the whole exchange has {@code timeout} */
    AnswerDeadline(Cut cut, long fetchedAt, Duration timeout) {
        this.cut = cut;
        this.timeout = timeout;
        this.closing = closeIn(Math.max(0, timeout.toNanos() - (System.nanoTime() - fetchedAt)));
    }

    /**
     * The timeout again from now: a file streamed on may take longer than it as a whole, as long as
     * its bytes keep coming.
     */
    void renew() {
        closing.cancel(false);
        if (!passed) closing = closeIn(timeout.toNanos());
    }

    /** No deadline while the answer waits on its client, whose pace is not the upstream's; {@link #renew} sets it again. */
    void hold() {
        closing.cancel(false);
    }

    private ScheduledFuture<?> closeIn(long nanos) {
        return TIMER.schedule(() -> {
            passed = true;
            try {
                cut.run();
            } catch (IOException alreadyGone) { // nothing more will be read either way
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** What ends an answer at its deadline. */
    interface Cut {
        void run() throws IOException;
    }

    /** Whether the body was cut at the deadline. */
    boolean passed() { return passed; }

    @Override
    public void close() {
        closing.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "palisade-upstream-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a page read in time leaves no task behind
        return timer;
    }
}
