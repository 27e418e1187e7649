package dev.palisade.console.ui.events;

/**
 * A scenario step's event looked for again. The server writes events in the background ({@code /admin/events} waits
 * at most a second for its writer), so on a loaded machine the step's page can come back before its event is written:
 * the view asks again a second after each empty page, read by its own poll (no timer of its own, no thread waiting),
 * for about ten seconds after the first, and only then says there is none. A page asked for since (another filter,
 * another step) ends the look. Used on the UI thread only.
 */
final class StepLook {

    static final long AGAIN_MILLIS = 1_000;
    static final long FOR_MILLIS = 10_000;

    /** The ask to make again, or null: none waits. */
    private Runnable again;
    /** What the view says once the look is spent without finding the event. */
    private Runnable spent;
    private long dueAt;
    /** When the look ends; 0 while no step's page came back empty. */
    private long until;

    /**
     * The step's page came back empty at {@code now}: whether the view looks again ({@code ask} waits for the first
     * {@link #poll} a second on), or the look is spent (then nothing waits, and the caller says so).
     */
    boolean cameBackEmpty(long now, Runnable ask, Runnable spentThen) {
        if (until == 0) until = now + FOR_MILLIS;
        if (now >= until) {
            stop();
            return false;
        }
        again = ask;
        spent = spentThen;
        dueAt = now + AGAIN_MILLIS;
        return true;
    }

    /** The view's poll at {@code now}: the ask waiting is made once its second has passed, or the look is told spent. */
    void poll(long now) {
        if (again == null || now < dueAt) return;
        Runnable next = now >= until ? spent : again;
        if (now >= until) stop();
        else again = null;
        next.run();
    }

    /** Found, failed, or replaced by another page: nothing waits, and the next step's look starts afresh. */
    void stop() {
        again = null;
        spent = null;
        until = 0;
    }
}
