package dev.palisade.console;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The bundled server through its restarts ("Protect an API…"), each on a thread of its own. Closing waits for a
 * restart under way and stops the server it produced: closed mid-restart, the window's process exited while the old
 * server still drained its events, or lived on without a window holding the new one's ports and data (audit 51).
 */
final class RunningServer implements AutoCloseable {

    private final Executor ui;
    private BundledServer current; // null: none runs (a restart failed twice)
    private CompletableFuture<Void> restart = CompletableFuture.completedFuture(null);
    private boolean closed;

    /** @param ui where a restart's end is told (the FX thread) */
    RunningServer(BundledServer first, Executor ui) {
        this.current = first;
        this.ui = ui;
    }

    synchronized BundledServer current() { return current; }

    /**
     * Restarts the server in front of {@code upstream} on a thread of its own, then tells {@code running} the server
     * that runs (the new one, or the old one started again) or {@code failed} why not, through {@code ui} and unless
     * closed by then. False, and nothing done, while a restart is under way, once closed, or when none runs to restart.
     */
    synchronized boolean protect(URI upstream, Duration timeout, Consumer<BundledServer> running,
                                 Consumer<BundledServer.ProtectionFailed> failed) {
        if (closed || current == null || !restart.isDone()) return false;
        BundledServer from = current;
        CompletableFuture<Void> done = new CompletableFuture<>();
        restart = done;
        Thread t = new Thread(() -> {
            BundledServer next = null;
            BundledServer.ProtectionFailed why = null;
            try {
                next = from.protect(upstream, timeout);
            } catch (BundledServer.ProtectionFailed e) {
                why = e;
                next = e.runningAsBefore();
            } catch (RuntimeException e) {
                why = new BundledServer.ProtectionFailed(upstream, e, null);
            } finally {
                synchronized (this) {
                    current = next; // what close() stops, once this restart is done
                }
                done.complete(null);
            }
            BundledServer ran = next;
            BundledServer.ProtectionFailed failure = why;
            // closed is read in the UI's turn, and the callback runs under the lock close() takes to set it: a close()
            // after the restart but before that turn stops the server, so no window is then shown one stopped under it
            // (review 51 L5); a close() after it waits for the turn and stops the server the window shows
            ui.execute(() -> {
                synchronized (this) {
                    if (closed) return; // the window is gone: close() stops what runs
                    if (ran != null && failure == null) running.accept(ran);
                    if (failure != null) failed.accept(failure);
                }
            });
        }, "palisade-protect");
        t.setDaemon(true); // close() waits for it: the window's stop thread is not a daemon
        t.start();
        return true;
    }

    /** Whether a restart is under way. */
    synchronized boolean restarting() { return !restart.isDone(); }

    /** Waits for a restart under way, then stops whatever server runs. */
    @Override
    public void close() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            closed = true;
            waiting = restart;
        }
        waiting.join();
        BundledServer last;
        synchronized (this) {
            last = current;
            current = null;
        }
        if (last != null) last.close();
    }
}
