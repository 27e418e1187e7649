package dev.palisade.console.ui.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.TestServer;
import dev.palisade.console.ui.common.FxBackground;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
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

/** The Configuration view's sequence-rules form in a window (Monocle) against a real server. */
@ExtendWith(ApplicationExtension.class)
class SequenceRulesPaneTest {

    private TestServer server;
    private FxBackground background;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-rules-pane-test");
        background = new FxBackground();
        DocumentForm rules = new ConfigurationViewModel(server.admin(), background).rules();
        stage.setScene(new Scene(new SequenceRulesPane(rules), 1000, 700));
        stage.show();
        rules.load();
    }

    @AfterEach
    void stop() {
        background.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    private JsonNode onServer() throws Exception {
        return new ObjectMapper().readTree(server.admin().document("rules")).get("rules");
    }

    @Test
    void aRuleAddedByTypeIsRefusedAtItsFieldThenAppliedOnceCorrected(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#rules-1-perIp").tryQuery().isPresent());
        robot.clickOn("#rules-add");
        robot.clickOn(robot.lookup(n -> n instanceof Labeled l && l.getText() != null && l.getText().startsWith("min-interval —"))
                .<javafx.scene.Node>query());
        waitUntil(() -> robot.lookup("#rules-2-minMillis").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<String> method = robot.lookup("#rules-2-method").queryAs(ComboBox.class);
        robot.clickOn(method.getEditor()).write("FETCH");
        robot.clickOn("#rules-2-path").write("/api/notes");
        robot.clickOn("#rules-2-minMillis").write("60000");
        robot.clickOn("#rules-apply");
        waitUntil(() -> robot.lookup("#rules-2-method-error").queryAs(Label.class).getText().startsWith("must be one of"));
        assertThat(onServer()).as("refused: nothing changed").hasSize(2);

        robot.doubleClickOn(method.getEditor()).write("GET");
        waitUntil(() -> !robot.lookup("#rules-2-method-error").query().isVisible());
        robot.clickOn("#rules-apply");
        waitUntil(() -> robot.lookup("#rules-message").queryAs(Label.class).getText().equals("Applied 3 rules; in force now."));
        assertThat(onServer().get(2).toString())
                .isEqualTo("{\"type\":\"min-interval\",\"method\":\"GET\",\"path\":\"/api/notes\",\"minMillis\":60000}");
    }
}
