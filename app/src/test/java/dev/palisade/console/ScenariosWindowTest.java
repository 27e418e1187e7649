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

    /*
     * Console audit 59 (5b): the automated browser's login, which the server flagged, read "200 ok" in a plain row, as a
     * person's. It reads flagged, in the flagged rows' colour (the Sessions' flagged sessions' own).
     */
    @Test
    void theAutomatedBrowsersFlaggedLoginReadsFlaggedInTheFlaggedColour(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.palisade.console.scenarios.Scenarios.number(15) != null
                && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/chromium")), "needs Chromium");
        robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && "Scenarios".equals(b.getText()))
                .queryAs(ToggleButton.class));
        @SuppressWarnings("unchecked")
        TableView<dev.palisade.console.ui.scenarios.ScenarioRow> table = robot.lookup("#table").match(Node::isVisible)
                .queryAs(TableView.class);
        onFx(() -> { // its row may be below what the window shows
            table.getItems().stream().filter(r -> r.scenario().number() == 15).findFirst()
                    .ifPresent(r -> table.getSelectionModel().select(r));
            return null;
        });
        robot.clickOn("Run selected");
        Button runAll = robot.lookup("Run all").queryButton();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> onFx(() -> !runAll.isDisabled()));
        @SuppressWarnings("unchecked")
        TableView<StepRow> steps = robot.lookup("#steps").queryAs(TableView.class);
        int login = onFx(() -> {
            for (int i = 0; i < steps.getItems().size(); i++) {
                if (steps.getItems().get(i).step().request().equals("POST /auth/login")) return i;
            }
            return -1;
        });
        assertThat(login).as("the login step").isNotNegative();
        onFx(() -> {
            steps.scrollTo(login);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("200 ok, flagged automation_suspected").tryQuery()).as("the answer column").isPresent();
        boolean flagged = onFx(() -> steps.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getIndex() == login)
                .anyMatch(n -> n.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("flagged"))));
        assertThat(flagged).as("the login's row in the flagged colour").isTrue();
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
