package dev.palisade.console.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where view models send work that may wait on I/O. Results come back on the UI thread, so the FX
 * thread never blocks; tests use {@link #direct()}, which runs everything at once on the caller.
 */
public interface Background {

    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /**
     * Runs tasks one at a time, in the order given, off the UI thread: for work that keeps state of
     * its own and is too long for the UI thread (ranking offenders under a flood). By default, and
     * in {@link #direct()}, at once on the caller.
     */
    default Executor inOrder() {
        return Runnable::run;
    }

    /** Runs a task on the UI thread, after what is already queued there; by default at once on the caller. */
    default Executor ui() {
        return Runnable::run;
    }

    /** Runs work and callbacks on the calling thread: for view-model tests without a window. */
    static Background direct() {
        return new Background() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}
