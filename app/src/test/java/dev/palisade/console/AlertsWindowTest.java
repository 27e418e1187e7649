package dev.palisade.console;

import dev.palisade.console.client.AlertSettingsView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's alerts in the real window (headless), against a real bundled server: the notice and the badge. */
@ExtendWith(ApplicationExtension.class)
class AlertsWindowTest {

    private TestServer server;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = new TestServer(Files.createTempDirectory("palisade-alerts-window-test"));
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh());
        stage.show();
    }

    @AfterEach
    void stop() {
        window.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    private static ToggleButton nav(FxRobot robot, String name) {
        return robot.lookup((Node n) -> n instanceof ToggleButton b && name.equals(b.getText())).queryAs(ToggleButton.class);
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return n.getScene() != null;
    }

    @Test
    void refusalsOverTheThresholdShowANoticeAndBadgeTheOverviewUntilItIsOpened(FxRobot robot) throws Exception {
        Node bar = robot.lookup("#alertBox").query();
        Node badge = robot.lookup("#badge-overview").query();
        assertThat(showing(bar)).isFalse();
        assertThat(badge.isVisible()).isFalse();
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());
        robot.clickOn(nav(robot, "Events"));

        server.admin().updateAlerts(java.util.Map.of("deniedPerMinute", 2, "automationSuspected", true, "ipAutoBlocked", true));
        for (int i = 0; i < 3; i++) server.anonymous("/api/notes");

        waitUntil(() -> showing(bar));
        assertThat(robot.lookup("#alertNotice").queryAs(Label.class).getText()).startsWith("Alert at ")
                .contains(": 3 refused calls and logins within a minute, over the threshold of 2 per minute");
        waitUntil(badge::isVisible);
        assertThat(robot.lookup("#badge-events").query().isVisible()).as("an auto-block would badge Events; this is not one")
                .isFalse();

        robot.clickOn(nav(robot, "Overview"));
        waitUntil(() -> !badge.isVisible());
        assertThat(showing(bar)).as("the notice stays until dismissed").isTrue();
        robot.clickOn("#alertDismiss");
        waitUntil(() -> !showing(bar));
    }

    @Test
    void configurationAlertsSetsTheThresholdsAndSaysWhatIsWrong(FxRobot robot) throws Exception {
        robot.clickOn(nav(robot, "Configuration"));
        robot.clickOn(robot.lookup(".tab-pane > .tab-header-area .tab-label")
                .match((Node n) -> n instanceof Label l && "Alerts".equals(l.getText())).queryAs(Label.class));
        javafx.scene.control.TextField denied = robot.lookup("#alerts-denied").queryAs(javafx.scene.control.TextField.class);
        waitUntil(() -> "0".equals(denied.getText()));
        robot.doubleClickOn(denied).write("lots");
        robot.clickOn("#alerts-apply");
        Label message = robot.lookup("#alerts-message").queryAs(Label.class);
        waitUntil(() -> message.getText().contains("whole number"));
        assertThat(denied.getPseudoClassStates()).extracting(Object::toString).contains("danger");

        robot.doubleClickOn(denied).write("25");
        robot.clickOn("#alerts-auto-blocked");
        javafx.scene.control.TextField logins = robot.lookup("#alerts-logins").queryAs(javafx.scene.control.TextField.class);
        assertThat(logins.getText()).isEqualTo("50");
        robot.doubleClickOn(logins).write("several"); // one word: a double click selects it whole again
        robot.clickOn("#alerts-apply");
        waitUntil(() -> message.getText().startsWith("Logins of one user in 10 minutes"));
        assertThat(logins.getPseudoClassStates()).extracting(Object::toString).contains("danger");
        assertThat(denied.getPseudoClassStates()).extracting(Object::toString).doesNotContain("danger");
        robot.doubleClickOn(logins).write("12");
        robot.clickOn("#alerts-apply");
        waitUntil(() -> message.getText().startsWith("Alerts applied"));
        assertThat(denied.getPseudoClassStates()).extracting(Object::toString).doesNotContain("danger");
        assertThat(logins.getPseudoClassStates()).extracting(Object::toString).doesNotContain("danger");
        assertThat(server.admin().alerts()).isEqualTo(new AlertSettingsView(25, true, false, 12));
    }

    @Test
    void oneUsersLoginsOverTheThresholdShowANoticeAndBadgeSessions(FxRobot robot) throws Exception {
        Node bar = robot.lookup("#alertBox").query();
        Node badge = robot.lookup("#badge-sessions").query();
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());
        server.admin().updateAlerts(java.util.Map.of("loginsPerUserPer10Minutes", 2));
        for (int i = 0; i < 3; i++) server.loginDemo();

        waitUntil(() -> showing(bar));
        assertThat(robot.lookup("#alertNotice").queryAs(Label.class).getText()).startsWith("Alert at ")
                .endsWith(": 3 logins of demo within 10 minutes from 1 address, over the threshold of 2");
        waitUntil(badge::isVisible);
        assertThat(robot.lookup("#badge-overview").query().isVisible()).isFalse();
        robot.clickOn(nav(robot, "Sessions"));
        waitUntil(() -> !badge.isVisible());
    }
}
