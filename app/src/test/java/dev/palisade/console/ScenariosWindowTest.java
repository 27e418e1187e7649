package dev.palisade.console;

import dev.palisade.console.ui.scenarios.StepRow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The window while a run of the scenarios goes on (headless, a real bundled server); audit 52, 13. */
@ExtendWith(ApplicationExtension.class)
class ScenariosWindowTest {

    private TestServer server;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-scenarios-window-test");
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { }, TestProfiles.fresh());
        stage.show();
    }

    /** As the application closes: a run a failed check left going ends (its browser closed) before the server stops. */
    @AfterEach
    void stop() throws Exception {
        onFx(() -> {
            window.close();
            return null;
        });
        window.awaitScenariosStopped(15_000);
        server.close();
    }

    @Test
    void aRunNeitherKeepsTheBusyIndicatorSpinningNorPullsAChosenStepAway(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && "Scenarios".equals(b.getText()))
                .queryAs(ToggleButton.class));
        robot.clickOn("Run all");
        Node working = robot.lookup("#working").query();
        Button runAll = robot.lookup("Run all").queryButton();
        @SuppressWarnings("unchecked")
        TableView<StepRow> steps = robot.lookup("#steps").queryAs(TableView.class);

        // the indicator tells of the views' requests, which come and go during the run: it is off between them
        whileRunning(runAll, 30, "the busy indicator off while the run goes on", () -> !working.isVisible());

        // nothing chosen: the table follows the run past what it shows
        whileRunning(runAll, 60, "the table following the run", () -> firstShown(steps) > 0);
        int chosenAt = onFx(() -> {
            steps.getSelectionModel().select(0); // the operator chooses a step, to open its event
            steps.scrollTo(0);
            return steps.getItems().size();
        });
        whileRunning(runAll, 60, "more steps", () -> steps.getItems().size() > chosenAt + 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> firstShown(steps))).as("the chosen step stays in view as steps come").isZero();

        robot.clickOn("Stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> !runAll.isDisabled()));
    }

    /** Waits, at most {@code seconds}, for {@code condition} (read on the FX thread) while the run goes on. */
    private static void whileRunning(Button runAll, int seconds, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            boolean[] read = onFx(() -> new boolean[] {condition.call(), runAll.isDisabled()});
            assertThat(read[1]).as("the run ended before " + what).isTrue();
            if (read[0]) return;
            assertThat(System.nanoTime()).as("no " + what + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The index of the first row the table shows. */
    private static int firstShown(TableView<?> table) {
        VirtualFlow<?> flow = (VirtualFlow<?>) table.lookup(".virtual-flow");
        return flow == null || flow.getFirstVisibleCell() == null ? -1 : flow.getFirstVisibleCell().getIndex();
    }

    /** Reads on the FX thread (a future of our own: TestFX's asyncFx keeps a failure for a later wait). */
    private static <T> T onFx(Callable<T> read) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(read.call());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer.get(10, TimeUnit.SECONDS);
    }
}
