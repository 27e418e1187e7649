package dev.palisade.console.ui.common;

/**
 * At most one request of a kind out at a time; asks made meanwhile wait, and only the last of them
 * goes once the one out is answered. An operator holding an arrow key in a table selects thirty rows a
 * second: against a server that does not answer, one detail request a row filled the console's
 * request queue within seconds, and every other view's requests were then refused. Used on the UI
 * thread only, where requests start and answers land.
 */
public final class OneInFlight {

    private boolean out;
    private Runnable waiting;

    /**
     * Starts {@code request} now if none is out, else keeps it to start when the one out is answered,
     * in place of any kept before. {@code request} must call {@link #answered} when its answer (or its
     * failure) lands.
     */
    public void ask(Runnable request) {
        if (out) {
            waiting = request;
            return;
        }
        out = true;
        request.run();
    }

    /** The request out was answered: the last ask made meanwhile, if any, goes now. */
    public void answered() {
        out = false;
        Runnable next = waiting;
        waiting = null;
        if (next != null) ask(next);
    }

    /**
     * Runs {@code work} in the background as an ask: answered in order, the last ask made while one was out
     * answered last (a list reloaded as it changes elsewhere must not end on an older answer).
     */
    public <T> void run(Background background, java.util.concurrent.Callable<T> work,
                        java.util.function.Consumer<T> onSuccess, java.util.function.Consumer<Throwable> onFailure) {
        // the answer is shown before the ask waiting goes: with an answer at once, it would land first
        ask(() -> background.run(work, result -> {
            try {
                onSuccess.accept(result);
            } finally {
                answered();
            }
        }, failure -> {
            try {
                onFailure.accept(failure);
            } finally {
                answered();
            }
        }));
    }

    /** Forgets the ask waiting, if any (the operator cleared the selection). */
    public void dropWaiting() {
        waiting = null;
    }
}
