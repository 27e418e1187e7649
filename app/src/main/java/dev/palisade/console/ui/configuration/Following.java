package dev.palisade.console.ui.configuration;

import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * How a form follows what the server holds once an admin event said it changed elsewhere (another operator, a
 * script, a node): a form never loaded is loaded; a loaded one reads the server's copy in the background and
 * hands it to the form, which takes it without overwriting what the operator typed (each form knows its own
 * fields: a document is taken whole or not at all, the settings field by field). A read that fails is told in
 * the form's message, as its other failures are: the form may now show values the server no longer holds, and
 * saying nothing let the operator apply over them unaware. The next read that works takes that line back.
 *
 * @param <T> the server's copy as the form reads it
 */
final class Following<T> {

    private final Background background;
    private final Callable<T> read;
    private final ReadOnlyStringWrapper message;
    private final String what;
    /** The line a failed read left, taken back by the next read that works unless something was said since. */
    private String told;

    /**
     * @param read    reads the server's copy (in the background)
     * @param message the form's message, where its loads and applies are told
     * @param what    what is read, as the form names it: "the settings", "the rate windows"
     */
    Following(Background background, Callable<T> read, ReadOnlyStringWrapper message, String what) {
        this.background = background;
        this.read = read;
        this.message = message;
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
        background.run(read, copy -> {
            if (told != null && told.equals(message.get())) message.set("");
            told = null;
            take.accept(copy);
        }, t -> {
            told = "Cannot read " + what + " again after a change on the server: " + t.getMessage()
                    + ". The form may show older values; your edits are kept. Reload reads them again.";
            message.set(told);
        });
    }
}
