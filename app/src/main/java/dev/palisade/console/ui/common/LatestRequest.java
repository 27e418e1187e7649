package dev.palisade.console.ui.common;

/**
 * Numbers the requests of one kind (a page, a selected row's detail), so that only the newest one's
 * answer is applied: answers come back in any order, and a slow old one must not replace what the
 * operator asked for since. Used on the UI thread only, where requests start and answers land.
 */
public final class LatestRequest {

    private int newest;

    /** Starts a request: the answers of every earlier one are stale from now on. */
    public Ticket next() {
        return new Ticket(this, ++newest);
    }

    /** The newest request so far, without starting another (an answer that builds on its result). */
    public Ticket current() {
        return new Ticket(this, newest);
    }

    /** One request's place in the line; its answer is applied only while it is the newest. */
    public record Ticket(LatestRequest of, int number) {
        public boolean isNewest() {
            return number == of.newest;
        }
    }
}
