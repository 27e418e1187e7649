package dev.palisade.console.ui.common;

import javafx.beans.InvalidationListener;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;

/**
 * Keeps a text field at least as wide as its prompt, so the hint of what to type is never cut off:
 * a row of fields short of room shrinks them, and a column count sized for what is typed need not
 * hold the prompt in the font the theme chose.
 */
public final class PromptFit {

    private PromptFit() {}

    public static void install(TextField field) {
        InvalidationListener fit = o -> {
            Text prompt = new Text(field.getPromptText() == null ? "" : field.getPromptText());
            prompt.setFont(field.getFont());
            // the caret's pixel and rounding: a prompt exactly as wide as the room is still drawn whole
            field.setMinWidth(Math.ceil(prompt.getLayoutBounds().getWidth()) + 2
                    + field.snappedLeftInset() + field.snappedRightInset());
        };
        field.fontProperty().addListener(fit);
        field.promptTextProperty().addListener(fit);
        field.insetsProperty().addListener(fit);
        fit.invalidated(null);
    }
}
