package dev.palisade.console.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Background work asked of the server at once, its answer held until the test delivers it: a slow
 * server, whose answers reach the UI late and in any order.
 */
public final class HeldAnswers implements Background {

    private final List<Runnable> held = new ArrayList<>();

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            held.add(() -> onFailure.accept(e));
            return;
        }
        held.add(() -> onSuccess.accept(result));
    }

    /** Answers held so far. */
    public int size() {
        return held.size();
    }

    /** Delivers the answers held, the newest first: the older ones arrive late. */
    public void deliverNewestFirst() {
        while (!held.isEmpty()) held.remove(held.size() - 1).run();
    }

    /** Delivers the oldest answer held (and nothing its callback asks for meanwhile). */
    public void deliverOldest() {
        held.remove(0).run();
    }

    /** Delivers the answers held, in the order they were asked for. */
    public void deliverInOrder() {
        while (!held.isEmpty()) held.remove(0).run();
    }
}
