package dev.palisade.console.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Background work on a small pool of daemon threads; callbacks run on the FX thread. Counts the work
 * in flight, so the window can show that something is going on.
 */
public final class FxBackground implements Background, AutoCloseable {

    private final javafx.beans.property.ReadOnlyIntegerWrapper inFlight = new javafx.beans.property.ReadOnlyIntegerWrapper();

    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "palisade-console-io");
        t.setDaemon(true);
        return t;
    });

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
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> {
                    inFlight.set(inFlight.get() - 1);
                    onSuccess.accept(result);
                });
            } catch (Exception e) {
                Platform.runLater(() -> {
                    inFlight.set(inFlight.get() - 1);
                    onFailure.accept(e);
                });
            }
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
