package dev.palisade.console.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Where view models send work that may wait on I/O. Results come back on the UI thread, so the FX
 * thread never blocks; tests use {@link #direct()}, which runs everything at once on the caller.
 */
public interface Background {

    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

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
