package dev.palisade.console;

import dev.palisade.console.client.Dtos.EventFilter;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the window stops what it started (headless, a real bundled server). */
@ExtendWith(ApplicationExtension.class)
class ClosingWindowTest {

    private TestServer server;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-closing-test");
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh());
        stage.show();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long newestDecision() {
        var page = server.admin().events(new EventFilter(null, null, "decision", null, null, null, 0, 1));
        return page.items().isEmpty() ? 0 : page.items().get(0).id();
    }

    @Test
    void aRunOfAllScenariosStopsWhenTheWindowCloses(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Scenarios".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        robot.clickOn("Run all");
        // closed once the run holds its debug token (the first rungs need none): that token must end with the run
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !server.admin().debugTokens().isEmpty());
        robot.interact(window::close);
        // the scenario under way when the window closed ends, and the run with it: its debug token is revoked last
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !server.admin().debugTokens().isEmpty()
                && server.admin().debugTokens().stream().allMatch(t -> t.state().equals("revoked")));
        long atClose = newestDecision();
        Thread.sleep(5_000); // the ladder's remaining rungs (two in a real browser) would take longer than this
        assertThat(newestDecision()).as("no request of the run reaches the server once the window is closed").isEqualTo(atClose);
        assertThat(server.admin().debugTokens()).as("the run's debug token does not outlive it").isNotEmpty()
                .allSatisfy(t -> assertThat(t.state()).isEqualTo("revoked"));
    }

    /* From a usability test: a run of all the scenarios could not be stopped but by closing the window. */
    @Test
    void stopEndsARunOfAllTheScenariosAndTheWindowStaysOpen(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Scenarios".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        assertThat(robot.lookup("Stop").tryQuery()).as("no Stop before a run").matches(n -> n.isEmpty() || !n.get().isVisible());
        robot.clickOn("Run all");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("caught").tryQuery().isPresent());
        robot.clickOn("Stop");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l
                && l.getText() != null && l.getText().startsWith("Stopped after")).tryQuery().isPresent());
        assertThat(robot.lookup("Run all").queryButton().isDisabled()).as("ready for another run").isFalse();
        assertThat(robot.lookup((Node n) -> n instanceof javafx.scene.control.Button b && "Stop".equals(b.getText())
                && b.isVisible()).tryQuery()).isEmpty();
        javafx.scene.control.TableView<?> rows = robot.lookup((Node n) -> n instanceof javafx.scene.control.TableView<?> t
                && !t.getItems().isEmpty() && t.getItems().get(0) instanceof dev.palisade.console.ui.scenarios.ScenarioRow).query();
        assertThat(rows.getItems()).as("the rungs not reached say so")
                .anySatisfy(r -> assertThat(((dev.palisade.console.ui.scenarios.ScenarioRow) r).result().get()).isEqualTo("not run"))
                .noneSatisfy(r -> assertThat(((dev.palisade.console.ui.scenarios.ScenarioRow) r).result().get()).isEqualTo("waiting"));
    }
}
