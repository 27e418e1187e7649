package dev.palisade.console.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/** Confirmation before anything an operator cannot undo with one click. */
public final class Dialogs {

    private Dialogs() {}

    public static boolean confirm(Node owner, String header, String text) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
        alert.setHeaderText(header);
        if (owner.getScene() != null) alert.initOwner(owner.getScene().getWindow());
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }
}
