package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.Dtos.DebugTokenView;
import dev.palisade.console.ui.common.FxBackground;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
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

/** The Configuration view's debug tokens tab in a window (Monocle) against a real server. */
@ExtendWith(ApplicationExtension.class)
class DebugTokensPaneTest {

    private TestServer server;
    private FxBackground background;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-debug-tokens-test");
        background = new FxBackground();
        DebugTokensSection section = new ConfigurationViewModel(server.admin(), background).debugTokens();
        stage.setScene(new Scene(new DebugTokensPane(section, dev.palisade.console.ui.common.Today.local()), 1000, 600));
        stage.show();
        section.load();
    }

    @AfterEach
    void stop() {
        background.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    @Test
    void aCreatedTokenIsShownOnceAndARevokedOneSaysSo(FxRobot robot) throws Exception {
        robot.clickOn("#debug-token-name").write("ci");
        robot.clickOn("#debug-token-create");
        TextField value = robot.lookup("#debug-token-value").queryAs(TextField.class);
        waitUntil(() -> !value.getText().isEmpty());
        String token = value.getText();
        assertThat(robot.lookup("#debug-token-created").query().isVisible()).isTrue();
        assertThat(robot.lookup(n -> n instanceof javafx.scene.control.Label l && l.getText().contains("shown this once"))
                .tryQuery()).as("the copy hint").isPresent();
        @SuppressWarnings("unchecked")
        TableView<DebugTokenView> table = robot.lookup("#debug-token-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);
        assertThat(table.getItems().get(0).name()).isEqualTo("ci");
        assertThat(table.getItems().get(0).state()).isEqualTo("active");
        assertThat(robot.lookup(".table-cell").lookup(token).tryQuery()).as("the list never shows the value").isEmpty();

        robot.clickOn("#debug-token-dismiss");
        waitUntil(() -> !robot.lookup("#debug-token-created").query().isVisible());
        assertThat(value.getText()).as("never shown again").isEmpty();

        robot.clickOn(robot.lookup(".table-row-cell .table-cell").lookup("ci").<javafx.scene.Node>query());
        robot.clickOn("#debug-token-revoke");
        robot.clickOn("OK");
        waitUntil(() -> table.getItems().size() == 1 && "revoked".equals(table.getItems().get(0).state()));
        waitUntil(() -> robot.lookup(".table-row-cell .table-cell").lookup("revoked").tryQuery().isPresent());
        assertThat(robot.lookup("#debug-token-revoke").query().isDisabled()).isTrue();
    }
}
