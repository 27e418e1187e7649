package dev.palisade.console;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Assertions about what the window draws, retried until they hold or a deadline passes: tables measure
 * their rows, and text is laid out, on pulses after the change, later on a loaded machine. Each try runs
 * on the FX thread, so it reads a scene between pulses, never one being laid out.
 */
public final class Eventually {

    /** Assertions that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    /**
     * Runs {@code check} on the FX thread, again every 50 ms until it passes; after 10 s its last failure is
     * thrown. A node not drawn yet (a lookup that finds nothing, a text not laid out) is a failure to retry too.
     */
    public static void holds(Check check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            // a future of our own rather than TestFX's asyncFx, which keeps a failure to throw at a later wait
            CompletableFuture<Throwable> tried = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    check.run();
                    tried.complete(null);
                } catch (Throwable t) {
                    tried.complete(t);
                }
            });
            Throwable failed = tried.get(10, TimeUnit.SECONDS);
            if (failed == null) return;
            if (!(failed instanceof AssertionError) && !(failed instanceof RuntimeException)) throw new AssertionError(failed);
            if (System.nanoTime() > deadline) {
                if (failed instanceof AssertionError a) throw a;
                throw (RuntimeException) failed;
            }
            Thread.sleep(50);
        }
    }
}
