package dev.palisade.console;

import org.testfx.util.WaitForAsyncUtils;

/**
 * Assertions about what the window draws, retried until they hold or a deadline passes: tables measure
 * their rows, and text is laid out, on pulses after the change, later on a loaded machine.
 */
public final class Eventually {

    /** Assertions that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    /** Runs {@code check} after the FX thread's pending work, again every 50 ms until it passes; the last failure after 10 s. */
    public static void holds(Check check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            WaitForAsyncUtils.waitForFxEvents();
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) throw e;
            }
            Thread.sleep(50);
        }
    }
}
