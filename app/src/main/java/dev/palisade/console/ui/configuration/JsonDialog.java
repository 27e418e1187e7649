package dev.palisade.console.ui.configuration;

import dev.palisade.console.ui.common.Dialogs;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The side door: the form as the admin API's JSON document, to copy out or to paste one back in.
 * A document that cannot be read keeps the dialog open with the text as pasted and says why.
 */
final class JsonDialog {

    static final ButtonType READ = new ButtonType("Read into the form", ButtonBar.ButtonData.OK_DONE);

    private JsonDialog() {}

    static void show(Node owner, DocumentForm form, String what) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(what + " as JSON");
        dialog.setHeaderText("The " + what.toLowerCase(java.util.Locale.ROOT) + " as the document PUT to the admin API."
                + " Copy it, or paste one and read it into the form; Apply puts it in force.");
        if (owner.getScene() != null) dialog.initOwner(owner.getScene().getWindow());
        TextArea text = new TextArea(form.exportJson());
        text.setId("json-text");
        text.getStyleClass().add("monospace");
        text.setPrefSize(620, 420);
        Label error = Dialogs.errorLabel();
        error.setId("json-error");
        error.setWrapText(true);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox content = new VBox(8, text, error);
        VBox.setVgrow(text, Priority.ALWAYS);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(READ, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(READ).addEventFilter(ActionEvent.ACTION, e -> {
            if (!form.importJson(text.getText())) {
                error.setText(form.jsonError().get());
                e.consume();
            }
        });
        dialog.setResizable(true);
        dialog.showAndWait();
    }
}
