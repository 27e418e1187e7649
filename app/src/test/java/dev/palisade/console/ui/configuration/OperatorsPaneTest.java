package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.OperatorView;
import dev.palisade.console.ui.common.FxBackground;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Configuration view's operators and audit trail tabs in a window (Monocle) against a real server. */
@ExtendWith(ApplicationExtension.class)
class OperatorsPaneTest {

    private TestServer server;
    private FxBackground background;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-operators-test");
        background = new FxBackground();
        ConfigurationViewModel model = new ConfigurationViewModel(server.admin(), background);
        TabPane tabs = new TabPane(new javafx.scene.control.Tab("Operators", new OperatorsPane(model.operators(), dev.palisade.console.ui.common.Today.local())),
                AuditTrailPane.tab(model.auditTrail(), dev.palisade.console.ui.common.Today.local()));
        stage.setScene(new Scene(tabs, 1000, 600));
        stage.show();
        model.operators().load();
        model.auditTrail().load();
    }

    @AfterEach
    void stop() {
        background.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    private static boolean showing(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> n.isVisible()).orElse(false);
    }

    @Test
    void aCreatedTokenIsShownOnceWorksForItsRoleAndStopsOnceRevoked(FxRobot robot) throws Exception {
        robot.clickOn("#operator-name").write("vera");
        robot.clickOn("#operator-create"); // the role offered first: viewer
        TextField value = robot.lookup("#operator-token-value").queryAs(TextField.class);
        waitUntil(() -> !value.getText().isEmpty());
        String token = value.getText();
        assertThat(showing(robot, "#operator-created")).isTrue();
        assertThat(robot.lookup(n -> n instanceof Label l && l.getText().contains("shown this once")).tryQuery())
                .as("the copy hint").isPresent();
        assertThat(robot.lookup("#operator-token-copy").tryQuery()).isPresent();
        @SuppressWarnings("unchecked")
        TableView<OperatorView> table = robot.lookup("#operator-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);
        assertThat(table.getItems().get(0).name()).isEqualTo("vera");
        assertThat(table.getItems().get(0).role()).isEqualTo("viewer");
        assertThat(robot.lookup(".table-cell").lookup(token).tryQuery()).as("the list never shows the value").isEmpty();
        AdminClient vera = new AdminClient(server.context().adminUrl(), token);
        assertThat(vera.users()).as("the token shown is the one that works").isNotEmpty();

        robot.clickOn("#operator-token-dismiss");
        waitUntil(() -> !showing(robot, "#operator-created"));
        assertThat(value.getText()).as("never shown again").isEmpty();

        robot.clickOn(robot.lookup(".table-row-cell .table-cell").lookup("vera").<javafx.scene.Node>query());
        robot.clickOn("#operator-revoke");
        robot.clickOn("OK");
        waitUntil(() -> table.getItems().size() == 1 && "revoked".equals(table.getItems().get(0).state()));
        waitUntil(() -> robot.lookup(".table-row-cell .table-cell").lookup("revoked").tryQuery().isPresent());
        assertThat(robot.lookup("#operator-revoke").query().isDisabled()).isTrue();
        assertThatThrownBy(vera::users).isInstanceOfSatisfying(AdminApiException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aRefusedNameIsExplainedAndStaysInTheForm(FxRobot robot) throws Exception {
        robot.clickOn("#operator-name").write("palisade");
        robot.clickOn("#operator-create");
        Label message = robot.lookup("#operator-message").queryAs(Label.class);
        waitUntil(() -> message.getText().startsWith("name:"));
        assertThat(message.getText()).contains("reserved");
        assertThat(robot.lookup("#operator-name").queryAs(TextField.class).getText()).isEqualTo("palisade");
        assertThat(showing(robot, "#operator-created")).isFalse();
    }

    @Test
    void theAuditTrailShowsWhoMadeEachChangeAndFiltersByActor(FxRobot robot) throws Exception {
        String token = server.admin().createOperator("olga", "operator").token();
        new AdminClient(server.context().adminUrl(), token).addToBlacklist("ip", "203.0.113.7", "scanner", null);
        // showing the tab loads what changed since
        robot.clickOn(robot.lookup(".tab-header-area .tab-label").lookup("Audit").<javafx.scene.Node>query());
        @SuppressWarnings("unchecked")
        TableView<EventView> table = robot.lookup("#audit-table").queryAs(TableView.class);
        waitUntil(() -> !table.getItems().isEmpty() && "olga".equals(table.getItems().get(0).actor()));
        waitUntil(() -> robot.lookup(".table-row-cell .table-cell").lookup("operator_created").tryQuery().isPresent());

        robot.clickOn("#audit-actor");
        robot.clickOn(robot.lookup(".list-cell").lookup("olga").<javafx.scene.Node>query());
        waitUntil(() -> table.getItems().size() == 1);
        assertThat(table.getItems().get(0).code()).isEqualTo("blacklist_added");
        assertThat(robot.lookup("#audit-message").queryAs(Label.class).getText()).startsWith("1 by olga of");
        assertThat(robot.lookup("#audit-older").query().isDisabled()).as("everything is loaded").isTrue();
    }
}
