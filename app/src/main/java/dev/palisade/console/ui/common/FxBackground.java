package dev.palisade.console.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Background work on a small pool of daemon threads; callbacks run on the FX thread. Counts the work
 * in flight, so the window can show that something is going on. Both the threads and the work that
 * may wait for one are bounded: against a server that stops answering, work beyond that fails at
 * once (said where it was asked for) rather than queueing without end.
 */
public final class FxBackground implements Background, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FxBackground.class.getName());

    private final javafx.beans.property.ReadOnlyIntegerWrapper inFlight = new javafx.beans.property.ReadOnlyIntegerWrapper();

    static final int THREADS = 4;
    /** Work that may wait for a thread: far more than an operator clicks, far fewer than a stuck server piles up. */
    static final int WAITING = 64;

    private final ExecutorService pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(WAITING), r -> {
                Thread t = new Thread(r, "palisade-console-io");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());

    /**
     * One thread for {@link #inOrder()}: its tasks keep state, so they must not overlap. Work sent
     * after {@link #close()} (an answer that was already on its way to the FX thread) is dropped.
     */
    private final ExecutorService ordered = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "palisade-console-counts");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    @Override
    public Executor inOrder() {
        return ordered;
    }

    @Override
    public Executor ui() {
        return Platform::runLater;
    }

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Platform.runLater(() -> inFlight.set(inFlight.get() + 1));
        try {
            execute(work, onSuccess, onFailure);
        } catch (RejectedExecutionException full) {
            failed(onFailure, new RejectedExecutionException(pool.isShutdown() ? "the window is closed"
                    : "the server has not answered the console's last " + (THREADS + WAITING) + " requests yet"));
        }
    }

    private <T> void execute(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> {
                    inFlight.set(inFlight.get() - 1);
                    onSuccess.accept(result);
                });
            } catch (Exception e) {
                failed(onFailure, e);
            } catch (Error e) {
                // said to have failed too, and no longer counted in flight; told as the console's own fault
                LOG.log(System.Logger.Level.ERROR, "A request of the console's failed", e);
                failed(onFailure, new IllegalStateException("the console failed on it (" + e + ")", e));
            }
        });
    }

    /** Work that ended without an answer: no longer in flight, and said where it was asked for. */
    private void failed(Consumer<Throwable> onFailure, Throwable why) {
        Platform.runLater(() -> {
            inFlight.set(inFlight.get() - 1);
            onFailure.accept(why);
        });
    }

    /** Work started and not yet answered; read on the FX thread. */
    public javafx.beans.property.ReadOnlyIntegerProperty inFlight() {
        return inFlight.getReadOnlyProperty();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        ordered.shutdownNow();
    }
}
