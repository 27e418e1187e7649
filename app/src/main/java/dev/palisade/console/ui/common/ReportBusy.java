package dev.palisade.console.ui.common;

import dev.palisade.console.client.AdminApiException;

/**
 * A report the server refused {@code report_busy} (503: it is making too many reports at once): when to ask again,
 * and what to tell the operator meanwhile. Not an error: the same question answers a few seconds later, so the
 * view says so calmly, keeps what it showed, and asks again once the server's {@code Retry-After} has passed, read
 * by the view's own poll (no timer of its own, no thread waiting). The wait is kept between a second, so a
 * {@code Retry-After: 0} cannot make a loop of refusals, and half a minute, so a long one cannot leave a view
 * behind its usual refresh. The one place the console tells a busy report from a failure.
 */
public final class ReportBusy {

    /** The wait when the server named none (its own is 5 s). */
    static final long USUAL_MILLIS = 5_000;
    static final long LEAST_MILLIS = 1_000;
    static final long MOST_MILLIS = 30_000;

    private ReportBusy() {}

    /**
     * Whether {@code t} is the server saying it is too busy with other reports to make this one now (503
     * {@code report_busy}): not a fault, the same question answers a few seconds later.
     */
    public static boolean is(Throwable t) {
        return t instanceof AdminApiException e && AdminApiException.REPORT_BUSY.equals(e.code());
    }

    /** How long to wait before asking again after {@code busy}, in ms: its Retry-After, within bounds. */
    public static long waitMillis(Throwable busy) {
        long seconds = busy instanceof AdminApiException e ? e.retryAfterSeconds() : 0;
        if (seconds <= 0) return USUAL_MILLIS;
        return Math.max(LEAST_MILLIS, Math.min(MOST_MILLIS, seconds * 1000));
    }

    /** What the view says while it waits: {@code what} ("the chart") is asked for again in so many seconds. */
    public static String line(String what, long waitMillis) {
        return "The server is busy with other reports: " + what + " will be asked for again in "
                + (waitMillis + 999) / 1000 + " s.";
    }
}
