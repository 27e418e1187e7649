package dev.palisade.console.ui.common;

import javafx.application.Platform;
import javafx.scene.control.TableView;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps a table's selected row across a reload that replaces its items. JavaFX clears the selection
 * when an item is replaced (setAll, set), so each live refresh would drop the row the operator is
 * reading; here the row is found again by its key. A deselection by the operator still clears it.
 */
public final class KeptSelection {

    private KeptSelection() {}

    /**
     * @param key      what identifies a row across reloads (a session id, an anomaly's values)
     * @param onSelect told of every selection the operator makes, and of the row found again after a reload
     */
    public static <T> void keep(TableView<T> table, Function<T, Object> key, Consumer<T> onSelect) {
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null || was == null || containsSame(table.getItems(), was)) {
                onSelect.accept(now);
                return;
            }
            Object lost = key.apply(was);
            // After the list change has run its course: selecting from inside it confuses the selection model.
            Platform.runLater(() -> {
                if (table.getSelectionModel().getSelectedItem() != null) return;
                List<T> items = table.getItems();
                for (int i = 0; i < items.size(); i++) {
                    if (lost.equals(key.apply(items.get(i)))) {
                        table.getSelectionModel().select(i);
                        return;
                    }
                }
                onSelect.accept(null);
            });
        });
    }

    /** By identity: a reload brings new instances, a deselection leaves the same one in place. */
    private static <T> boolean containsSame(List<T> items, T item) {
        for (T each : items) if (each == item) return true;
        return false;
    }
}
