package dev.palisade.console.ui.common;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/**
 * A list of text lines each wrapped to the list's width and as tall as it needs: a line read by
 * scrolling sideways, or cut with an ellipsis, is not read (Scenarios' per-rung cost lines).
 */
public final class WrappedLines {

    private WrappedLines() {}

    public static void install(ListView<String> list) {
        list.setCellFactory(l -> {
            ListCell<String> cell = new ListCell<>() {
                @Override
                protected void updateItem(String line, boolean empty) {
                    super.updateItem(line, empty);
                    setText(empty ? null : line);
                }
            };
            cell.setWrapText(true);
            // wanting no width, the cell never widens the list past its viewport: the list gives it the
            // viewport's width, and its height for that width, every wrapped line of it
            cell.setPrefWidth(0);
            // the theme gives every list cell one height (-fx-cell-size: 2.8em, two lines); a cell whose size is
            // JavaFX's default, 24 px, is instead as tall as its content
            cell.setStyle("-fx-cell-size: 24px;");
            return cell;
        });
    }
}
