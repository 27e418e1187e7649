package dev.palisade.console.ui.common;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/** Confirmation before anything an operator cannot undo with one click, and the parts of the console's form dialogs. */
public final class Dialogs {

    private Dialogs() {}

    /**
     * Asks before what cannot be undone with one click: a revocation, a deletion, a blacklisting, a rotation with
     * no grace. Cancel is the default button and has the focus, so an Enter pressed out of habit does nothing.
     */
    public static boolean confirm(Node owner, String header, String text) {
        return confirm(owner, header, text, ButtonType.CANCEL);
    }

    /** Asks before what ends nothing (a fingerprint accepted: the session goes on): OK is the default button. */
    public static boolean confirmHarmless(Node owner, String header, String text) {
        return confirm(owner, header, text, ButtonType.OK);
    }

    private static boolean confirm(Node owner, String header, String text, ButtonType byDefault) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
        alert.setHeaderText(header);
        byDefault(alert, byDefault);
        if (owner.getScene() != null) alert.initOwner(owner.getScene().getWindow());
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    /** Makes {@code chosen} the one default button (Enter) and gives it the focus (Space), whatever its kind. */
    private static void byDefault(Alert alert, ButtonType chosen) {
        for (ButtonType type : alert.getButtonTypes()) {
            ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(type)).setDefaultButton(type == chosen);
        }
        alert.setOnShown(e -> alert.getDialogPane().lookupButton(chosen).requestFocus());
    }

    /** Asks before edits are dropped: {@code goOn} ("Close", "Connect") goes on, "Keep editing" (the default) stays. */
    public static boolean confirmDiscard(javafx.stage.Window owner, String header, String text, String goOn) {
        ButtonType close = new ButtonType(goOn, javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep editing", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, text, close, keep);
        alert.setHeaderText(header);
        byDefault(alert, keep);
        if (owner != null && owner.isShowing()) alert.initOwner(owner);
        return alert.showAndWait().filter(close::equals).isPresent();
    }

    /** The grid a form dialog lays its labelled fields on. */
    public static GridPane formGrid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        return grid;
    }

    /** A form's error line: wrapped within the form, never cut ("Needs a profile name: 1–64 charact…"). */
    public static Label errorLabel() {
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMaxWidth(360);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // a reason on two or three lines grows the form: its window grows with it, the buttons still in sight
        error.textProperty().addListener((o, was, now) -> {
            if (error.getScene() != null && error.getScene().getWindow() != null) error.getScene().getWindow().sizeToScene();
        });
        return error;
    }

    /** A form's field label, never shortened to "or n…". */
    public static Label fieldLabel(String text) {
        Label label = new Label(text);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }
}
