package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.ui.common.FxBackground;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration › Fingerprint in a window (Monocle) against a real server. */
@ExtendWith(ApplicationExtension.class)
class FingerprintPolicyPaneTest {

    private TestServer server;
    private FxBackground background;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-fingerprint-pane-test");
        background = new FxBackground();
        FingerprintPolicySection policy = new ConfigurationViewModel(server.admin(), background).fingerprintPolicy();
        stage.setScene(new Scene(new FingerprintPolicyPane(policy), 1000, 700));
        stage.show();
        policy.load();
    }

    @AfterEach
    void stop() {
        background.close();
        server.close();
    }

    /*
     * Session 50, under Xvfb: the form's rows read "userAgent", "ip", "acceptLanguage", "automation" (the admin API's
     * keys) above "IPv4 network counted" and "Trusted proxies". Each component is named as an operator reads it.
     */
    @Test
    void eachComponentIsNamedAsAnOperatorReadsIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#fingerprint-userAgent").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        List<String> labels = robot.lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(labels).contains("User-Agent", "Address", "Accept-Language", "Automation signals")
                .doesNotContain("userAgent", "ip", "acceptLanguage", "automation");
    }
}
