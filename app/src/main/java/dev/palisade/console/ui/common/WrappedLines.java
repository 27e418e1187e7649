package dev.palisade.console.ui.common;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/**
 * A list of text lines each wrapped to the list's width and as tall as it needs: a line read by
 * scrolling sideways, or cut with an ellipsis, is not read (Scenarios' per-rung cost lines, the Overview's denials with their
 * rung in a 1024 px window).
 */
public final class WrappedLines {

    private WrappedLines() {}

    /** Each line as tall as it needs. */
    public static void install(ListView<String> list) {
        install(list, line -> line, true);
    }

    /**
     * Each item shown as {@code text} gives it; {@code ownHeight} false keeps the theme's one height for
     * every row, room for two lines (the Overview's short lists, which wrap only in a narrow window).
     */
    public static <T> void install(ListView<T> list, java.util.function.Function<? super T, String> text, boolean ownHeight) {
        list.setCellFactory(l -> {
            ListCell<T> cell = new ListCell<>() {
                @Override
                protected void updateItem(T item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : text.apply(item));
                }
            };
            cell.setWrapText(true);
            // wanting no width, the cell never widens the list past its viewport: the list gives it the
            // viewport's width, and its height for that width, every wrapped line of it
            cell.setPrefWidth(0);
            // the theme gives every list cell one height (-fx-cell-size: 2.8em, two lines); a cell whose size is
            // JavaFX's default, 24 px, is instead as tall as its content
            if (ownHeight) cell.setStyle("-fx-cell-size: 24px;");
            return cell;
        });
    }
}
