package dev.palisade.console.ui.main;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Protect an API…" dialog in the console's theme, headless: everything it says can be read. */
@ExtendWith(ApplicationExtension.class)
class ProtectDialogTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 1024, 700));
        stage.show();
    }

    @Test
    void anUpstreamWithAUserOrPasswordIsNotTaken() {
        assertThat(ProtectDialog.parse("http://localhost:3000")).isNotNull();
        assertThat(ProtectDialog.parse(" https://app.internal/@scope ")).as("an @ in the path").isNotNull();
        assertThat(ProtectDialog.parse("http://user:secret@localhost:3000")).isNull();
        assertThat(ProtectDialog.parse("http://user@localhost:3000")).isNull();
        assertThat(ProtectDialog.parse("ftp://localhost")).isNull();
        assertThat(ProtectDialog.parse("http://localhost:70000")).as("no such port").isNull();
    }

    /**
     * Found in a usability run: the dialog opened on http://localhost:3000 while another API was protected, and
     * offered no way back to the demo API. It opens on the one protected, and may stop protecting it.
     */
    @Test
    void itOpensOnTheApiProtectedAndMayGoBackToTheDemoApi(FxRobot robot) throws Exception {
        java.net.URI now = java.net.URI.create("http://127.0.0.1:3999");
        java.util.concurrent.CompletableFuture<java.util.Optional<java.net.URI>> answer = new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> {
            ProtectDialog dialog = new ProtectDialog(now);
            dialog.initOwner(stage);
            answer.complete(dialog.showAndWait());
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#upstreamUrl").tryQuery().isPresent());
        assertThat(robot.lookup("#upstreamUrl").queryAs(javafx.scene.control.TextField.class).getText()).isEqualTo(now.toString());
        Platform.runLater(() -> robot.lookup("Stop protecting").queryButton().fire());
        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(ProtectDialog.DEMO_API);
        List<javafx.scene.control.ButtonType> plain = WaitForAsyncUtils.asyncFx(() ->
                List.copyOf(new ProtectDialog(null).getDialogPane().getButtonTypes())).get(5, TimeUnit.SECONDS);
        assertThat(plain).as("nothing to stop while the demo API runs").doesNotContain(ProtectDialog.STOP).contains(ProtectDialog.PROTECT);
    }

    @Test
    void itsLabelAndHintAreShownWholeNotCutOff(FxRobot robot) throws Exception {
        Platform.runLater(() -> {
            ProtectDialog dialog = new ProtectDialog(null);
            dialog.initOwner(stage);
            dialog.show();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#upstreamUrl").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cutLabels(robot)).as("labels shown with an ellipsis").isEmpty();
        double before = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#upstreamUrl").query().getScene().getWindow().getHeight())
                .get(5, TimeUnit.SECONDS);
        // found in a usability run: where the window was not let grow, the error shown below the hint took the room
        // of the hint's last line; the window need not grow for it
        Platform.runLater(() -> {
            robot.lookup("#upstreamUrl").queryAs(javafx.scene.control.TextField.class).setText("foo");
            robot.lookup("Protect").queryButton().fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".error-text").queryLabeled().getText().startsWith("An http(s) URL"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cutLabels(robot)).as("labels shown with an ellipsis once an error is shown").isEmpty();
        assertThat(WaitForAsyncUtils.asyncFx(() -> robot.lookup("#upstreamUrl").query().getScene().getWindow().getHeight())
                .get(5, TimeUnit.SECONDS)).as("the dialog's height once an error is shown").isEqualTo(before);
        Platform.runLater(() -> robot.lookup("Cancel").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The dialog's labels whose text is shown cut (with an ellipsis), as shown. */
    private static List<String> cutLabels(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> shown = new ArrayList<>();
            for (Node n : robot.lookup(".dialog-pane .label").queryAll()) {
                Label label = (Label) n;
                if (label.getText() == null || label.getText().isEmpty()) continue;
                Text text = (Text) label.lookup(".text");
                if (text != null && !text.getText().equals(label.getText())) shown.add(text.getText());
            }
            return shown;
        }).get(5, TimeUnit.SECONDS);
    }
}
