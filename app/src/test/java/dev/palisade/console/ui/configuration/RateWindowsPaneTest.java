package dev.palisade.console.ui.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.TestServer;
import dev.palisade.console.ui.common.FxBackground;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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

/** The Configuration view's rate-windows form in a window (Monocle) against a real server. */
@ExtendWith(ApplicationExtension.class)
class RateWindowsPaneTest {

    private TestServer server;
    private FxBackground background;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-windows-pane-test");
        background = new FxBackground();
        DocumentForm windows = new ConfigurationViewModel(server.admin(), background).windows();
        stage.setScene(new Scene(new RateWindowsPane(windows), 1000, 700));
        stage.show();
        windows.load();
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
        return new ObjectMapper().readTree(server.admin().document("windows")).get("windows");
    }

    private static boolean shows(FxRobot robot, String id, String text) {
        return robot.lookup(id).tryQuery().map(n -> n.isVisible() && text.equals(((Label) n).getText())).orElse(false);
    }

    /**
     * ux47, item 4: the Route column took the width left, but its field kept 16 characters' width, so a wide window
     * showed a gap between the route and its row's Remove button (at 1440 px, about 440 px). The field fills it.
     */
    @Test
    void theRouteFieldReachesItsRowsButton(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#windows-0-remove").tryQuery().isPresent());
        Node route = robot.lookup("#windows-0-route").query();
        Node remove = robot.lookup("#windows-0-remove").query();
        WaitForAsyncUtils.waitForFxEvents();
        double gap = remove.localToScene(remove.getLayoutBounds()).getMinX() - route.localToScene(route.getLayoutBounds()).getMaxX();
        assertThat(gap).as("between the route's field and Remove: the grid's gap alone").isCloseTo(10, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aWindowAddedInTheFormIsOnTheServerOnceApplied(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#windows-5-limit").tryQuery().isPresent());
        robot.clickOn("#windows-add");
        robot.clickOn("#windows-6-limit").write("3");
        robot.clickOn("#windows-6-windowSeconds").write("10");
        robot.clickOn("#windows-6-route").write("/api/cart");
        @SuppressWarnings("unchecked")
        ChoiceBox<String> scope = robot.lookup("#windows-6-scope").queryAs(ChoiceBox.class);
        robot.interact(() -> scope.setValue("ip"));
        robot.clickOn("#windows-apply");
        waitUntil(() -> shows(robot, "#windows-message", "Applied 7 rate windows; in force now."));
        assertThat(onServer()).hasSize(7);
        assertThat(onServer().get(6).toString()).isEqualTo("{\"scope\":\"ip\",\"limit\":3,\"windowSeconds\":10,\"route\":\"/api/cart\"}");
    }

    @Test
    void aRefusedLimitIsMarkedAtItsFieldAndKeptAsTyped(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#windows-2-limit").tryQuery().isPresent());
        robot.doubleClickOn("#windows-2-limit").write("0");
        robot.clickOn("#windows-apply");
        waitUntil(() -> shows(robot, "#windows-2-limit-error", "must be between 1 and 1000000"));
        assertThat(robot.lookup("#windows-2-limit").queryAs(TextField.class).getText()).isEqualTo("0");
        assertThat(robot.lookup("#windows-2-limit").query().getPseudoClassStates())
                .anyMatch(p -> p.getPseudoClassName().equals("danger"));
        assertThat(robot.lookup("#windows-1-limit-error").query().isVisible()).isFalse();
        assertThat(onServer().get(2).get("limit").asInt()).isEqualTo(50);
    }

    @Test
    void editAsJsonShowsTheFormAndReadsAPastedDocumentBack(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#windows-5-limit").tryQuery().isPresent());
        robot.clickOn("#windows-json");
        TextArea json = robot.lookup("#json-text").queryAs(TextArea.class);
        assertThat(json.getText()).contains("\"windows\"").contains("\"limit\" : 1200");

        robot.interact(() -> json.setText("{\"windows\": [ {\"scope\": \"ip\", "));
        robot.clickOn("Read into the form");
        waitUntil(() -> robot.lookup("#json-error").queryAs(Label.class).getText().startsWith("Not JSON"));
        assertThat(robot.lookup("#json-text").tryQuery()).as("the dialog stays open with the text").isPresent();
        assertThat(robot.lookup("#windows-5-limit").tryQuery()).as("the form as it was").isPresent();

        robot.interact(() -> json.setText("{\"windows\": [ {\"scope\": \"ip\", \"limit\": 7, \"windowSeconds\": 2, \"route\": \"/api/x\"} ]}"));
        robot.clickOn("Read into the form");
        waitUntil(() -> robot.lookup("#json-text").tryQuery().isEmpty());
        Node route = robot.lookup("#windows-0-route").query();
        assertThat(((TextField) route).getText()).isEqualTo("/api/x");
        assertThat(robot.lookup("#windows-1-limit").tryQuery()).isEmpty();
        assertThat(onServer()).as("read, not applied").hasSize(6);
    }

    /*
     * ux44 D6: a pasted window with the scope "planet" had its limit and window marked first, the scope only a
     * round later, and meanwhile the choice box showed "planet" as if it were a choice. Every field is marked
     * as the document is read, the scope's box in the error style.
     */
    @Test
    void aPastedUnknownScopeIsMarkedAtOnceWithTheOtherBadFields(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#windows-5-limit").tryQuery().isPresent());
        robot.clickOn("#windows-json");
        TextArea json = robot.lookup("#json-text").queryAs(TextArea.class);
        robot.interact(() -> json.setText("{\"windows\":[{\"scope\":\"planet\",\"limit\":\"many\",\"windowSeconds\":1.5}]}"));
        robot.clickOn("Read into the form");
        waitUntil(() -> robot.lookup("#json-text").tryQuery().isEmpty());
        waitUntil(() -> shows(robot, "#windows-0-scope-error", "must be session, ip or apikey"));
        assertThat(shows(robot, "#windows-0-limit-error", "a whole number")).isTrue();
        assertThat(shows(robot, "#windows-0-windowSeconds-error", "a whole number")).isTrue();
        assertThat(robot.lookup("#windows-0-scope").query().getPseudoClassStates()).as("the scope not shown as a valid choice")
                .anyMatch(p -> p.getPseudoClassName().equals("danger"));
        assertThat(onServer()).as("read, not applied").hasSize(6);
    }

    @Test
    void previewShowsWhatTheFormWouldHaveDoneBeforeItIsApplied(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        for (int i = 0; i < 4; i++) assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        waitUntil(() -> robot.lookup("#windows-5-limit").tryQuery().isPresent());
        JsonNode before = onServer();
        robot.clickOn("#windows-add");
        robot.clickOn("#windows-6-limit").write("2");
        robot.clickOn("#windows-6-windowSeconds").write("60");
        robot.clickOn("#windows-preview");
        waitUntil(() -> robot.lookup("#windows-preview-text").tryQuery()
                .map(n -> n.isVisible() && ((Label) n).getText().contains("would have refused 2 that were let through")).orElse(false));
        assertThat(onServer()).as("nothing applied").isEqualTo(before);
    }
}
