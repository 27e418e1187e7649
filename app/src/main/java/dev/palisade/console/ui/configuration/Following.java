package dev.palisade.console.ui.configuration;

import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.LatestRequest;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * How a form follows what the server holds once an admin event said it changed elsewhere (another operator, a
 * script, a node): a form never loaded is loaded; a loaded one reads the server's copy in the background and
 * hands it to the form, which takes it without overwriting what the operator typed (each form knows its own
 * fields: a document is taken whole or not at all, the settings field by field).
 * <p>
 * Reads overlap when changes come quickly, and their answers come back in any order: only the newest read's
 * answer is taken, so an older copy arriving late never replaces a newer one, and an older read's failure never
 * says "Cannot read" once a newer one worked. A form's own load is a read too: the follows still out are older.
 * <p>
 * A read that fails is told on a line of its own ({@link #unreadable()}), beside the form's message rather than
 * in it: the form may now show values the server no longer holds, and saying nothing let the operator apply over
 * them unaware; written into the message, it replaced what the form had said ("Applied …", a field's complaint).
 * The next read that works takes the line back.
 *
 * @param <T> the server's copy as the form reads it
 */
final class Following<T> {

    private final Background background;
    private final Callable<T> read;
    private final String what;
    private final ReadOnlyStringWrapper unreadable = new ReadOnlyStringWrapper("");
    private final LatestRequest reads = new LatestRequest();

    /**
     * @param read reads the server's copy (in the background)
     * @param what what is read, as the form names it: "the settings", "the rate windows"
     */
    Following(Background background, Callable<T> read, String what) {
        this.background = background;
        this.read = read;
        this.what = what;
    }

    /**
     * Reads the server's copy and hands it to {@code take}; when {@code loaded} is false, runs {@code load}
     * instead (a form that never held the server's copy has no edits to keep).
     */
    void follow(boolean loaded, Runnable load, Consumer<T> take) {
        if (!loaded) {
            load.run();
            return;
        }
        LatestRequest.Ticket ticket = reads.next();
        background.run(read, copy -> {
            if (!ticket.isNewest()) return; // a newer read is out or answered: this copy may be older than the form's
            unreadable.set("");
            take.accept(copy);
        }, t -> {
            if (!ticket.isNewest()) return;
            unreadable.set("Cannot read " + what + " again after a change on the server: " + t.getMessage()
                    + ". The form may show older values; your edits are kept. Reload reads them again.");
        });
    }

    /** The form's own load begins: the follows still out read before it, and their answers are dropped. */
    void loading() {
        reads.next();
    }

    /** The form's own load worked: it shows what the server holds, so a failed follow's line is taken back. */
    void loaded() {
        unreadable.set("");
    }

    /** Empty, or why the form may show values the server no longer holds: its last read after a change failed. */
    ReadOnlyStringProperty unreadable() { return unreadable.getReadOnlyProperty(); }
}
