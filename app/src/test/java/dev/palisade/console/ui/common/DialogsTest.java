package dev.palisade.console.ui.common;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session 49, item 4: Enter said OK in every confirmation, also in those that revoke, delete or blacklist.
 * In a destructive one Enter cancels; in a harmless one it still says OK.
 */
@ExtendWith(ApplicationExtension.class)
class DialogsTest {

    private Button owner;

    @Start
    void start(Stage stage) {
        owner = new Button("owner");
        stage.setScene(new Scene(new StackPane(owner), 400, 300));
        stage.show();
    }

    @Test
    void enterInADestructiveConfirmationCancels(FxRobot robot) throws Exception {
        boolean[] cancelIsDefault = new boolean[1];
        boolean answer = answeredWithEnter(robot, () -> Dialogs.confirm(owner, "Revoke API key billing?",
                "Calls with it are refused at once."), pane -> cancelIsDefault[0] =
                ((Button) pane.lookupButton(ButtonType.CANCEL)).isDefaultButton()
                        && !((Button) pane.lookupButton(ButtonType.OK)).isDefaultButton()
                        && pane.lookupButton(ButtonType.CANCEL).isFocused());
        assertThat(cancelIsDefault[0]).as("Cancel is the default button and focused, OK is not the default").isTrue();
        assertThat(answer).as("Enter does not revoke").isFalse();
    }

    @Test
    void enterInAHarmlessConfirmationSaysOk(FxRobot robot) throws Exception {
        boolean[] okIsDefault = new boolean[1];
        boolean answer = answeredWithEnter(robot, () -> Dialogs.confirmHarmless(owner, "Accept the new fingerprint?",
                "The session goes on from the new browser."), pane -> okIsDefault[0] =
                ((Button) pane.lookupButton(ButtonType.OK)).isDefaultButton() && pane.lookupButton(ButtonType.OK).isFocused());
        assertThat(okIsDefault[0]).as("OK is the default button, and focused").isTrue();
        assertThat(answer).as("Enter says OK").isTrue();
    }

    /** Shows the confirmation {@code ask} opens, looks at its pane, presses Enter and gives its answer. */
    private static boolean answeredWithEnter(FxRobot robot, BooleanSupplier ask,
                                             java.util.function.Consumer<DialogPane> look) throws Exception {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(ask.getAsBoolean()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.interact(() -> look.accept(pane));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        return answer.get(10, TimeUnit.SECONDS);
    }
}
