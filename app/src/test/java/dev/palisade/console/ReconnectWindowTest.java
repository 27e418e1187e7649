package dev.palisade.console;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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

/** The window when its server comes back, or when the live stream lost events (headless, a real bundled server). */
@ExtendWith(ApplicationExtension.class)
class ReconnectWindowTest {

    private TestServer server;
    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-reconnect-test");
        this.stage = stage;
    }

    private void open(FxRobot robot, ConsoleContext context) {
        robot.interact(() -> {
            window = ConsoleWindow.open(stage, context, url -> { }, ctx -> { },
                    dev.palisade.console.TestProfiles.fresh());
            stage.show();
        });
    }

    @AfterEach
    void stop() {
        if (window != null) window.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    @Test
    void configurationOpenedWhileTheServerWasAwayIsLoadedOnceItIsBackAndEachFormReloads(FxRobot robot) throws Exception {
        // the window opens while the server is away (same data and admin port when it comes back)
        ConsoleContext context = server.context();
        server = server.awayDuring(() -> open(robot, context));
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());

        robot.clickOn("Configuration");
        waitUntil(() -> robot.lookup("#setting-autoBlockDenials").tryQuery().isPresent());
        assertThat(robot.lookup("#settingsMessage").queryAs(Label.class).getText()).isEmpty();
        WindowParts.tab(robot, "Alerts");
        CheckBox automation = robot.lookup("#alerts-automation").queryAs(CheckBox.class);
        waitUntil(() -> automation.isSelected());
        WindowParts.tab(robot, "Fingerprint");
        TextField v4 = robot.lookup("#fingerprint-ipv4").queryAs(TextField.class);
        waitUntil(() -> "24".equals(v4.getText()));

        // another console changes them: each tab's Reload shows what the server has now
        server.admin().updateAlerts(java.util.Map.of("deniedPerMinute", 0, "automationSuspected", false, "ipAutoBlocked", true));
        server.admin().updateConfig(java.util.Map.of("autoBlockDenials", 77L));
        server.admin().updateFingerprintPolicy(new dev.palisade.console.client.Dtos.FingerprintPolicyView(
                server.admin().fingerprintPolicy().components(), 16, 64, java.util.List.of()));
        robot.clickOn("#fingerprint-reload");
        waitUntil(() -> "16".equals(v4.getText()));
        WindowParts.tab(robot, "Alerts");
        robot.clickOn("#alerts-reload");
        waitUntil(() -> !automation.isSelected());
        WindowParts.tab(robot, "TTLs");
        robot.clickOn("#settings-reload");
        waitUntil(() -> "77".equals(robot.lookup("#setting-autoBlockDenials").queryAs(TextField.class).getText()));
        assertThat(WindowParts.showing(robot.lookup("#setting-autoBlockDenials").query())).isTrue();
    }
}
