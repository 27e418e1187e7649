package dev.palisade.console.ui.common;

import dev.palisade.console.client.AdminApiException;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

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

    /**
     * What an operator's own request (a Preview, an export) says when the server was too busy to report it: to try
     * {@code what} ("the preview") again once its Retry-After has passed. Such a request is not made again by itself:
     * the operator may have changed the form meanwhile, and an export writes a file they chose when they asked.
     */
    public static String tryAgain(String what, Throwable busy) {
        return "The server is busy with other reports: try " + what + " again in " + (waitMillis(busy) + 999) / 1000 + " s.";
    }

    /**
     * The lines of a view's waits, one under another (the newest page and an older one may both wait): what its busy
     * label shows.
     */
    public static javafx.beans.binding.StringBinding lines(Retry... waits) {
        javafx.beans.Observable[] lines = new javafx.beans.Observable[waits.length];
        for (int i = 0; i < waits.length; i++) lines[i] = waits[i].line();
        return javafx.beans.binding.Bindings.createStringBinding(() -> String.join("\n", java.util.Arrays.stream(waits)
                .map(w -> w.line().get()).filter(l -> !l.isEmpty()).toList()), lines);
    }

    /**
     * One view's report refused busy, waited out: its calm line, and the ask made again by the view's poll once the
     * Retry-After has passed. A view keeps one a kind of ask (its newest page, an older page): an ask of the same kind
     * since (another filter, another range) replaces the one waiting. Used on the UI thread only.
     */
    public static final class Retry {

        private final ReadOnlyStringWrapper line = new ReadOnlyStringWrapper("");
        /** The ask to make again, or null: none waits. */
        private Runnable again;
        private long dueAt;

        /**
         * Whether {@code t} is a busy report: then the line says when {@code what} is asked for again, and
         * {@code ask} waits for the first {@link #poll} past the server's Retry-After. Otherwise nothing changes,
         * and the caller tells its failure as one.
         */
        public boolean waitOut(Throwable t, String what, Runnable ask) {
            if (!is(t)) return false;
            long wait = waitMillis(t);
            dueAt = System.currentTimeMillis() + wait;
            again = ask;
            line.set(ReportBusy.line(what, wait));
            return true;
        }

        /** The view's poll at {@code now}: the ask waiting is made once its wait has passed, once. */
        public void poll(long now) {
            if (again == null || now < dueAt) return;
            Runnable ask = again;
            again = null;
            ask.run(); // the line stays until it is answered or refused again
        }

        /** Answered, failed otherwise, or replaced by another ask: no line, nothing waits. */
        public void clear() {
            again = null;
            line.set("");
        }

        /** Empty, or what the server was too busy to report just now and when it is asked for again (not an error). */
        public ReadOnlyStringProperty line() { return line.getReadOnlyProperty(); }
    }
}
