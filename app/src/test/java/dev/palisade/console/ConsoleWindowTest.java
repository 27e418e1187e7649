package dev.palisade.console;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console window, headless (Monocle), against a real bundled server. */
@ExtendWith(ApplicationExtension.class)
class ConsoleWindowTest {

    private TestServer server;
    private ConsoleWindow window;
    private Stage stage;
    private Profiles profiles;
    private final java.util.concurrent.atomic.AtomicReference<ConsoleContext> switched = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<java.net.URI> protectRequested = new java.util.concurrent.atomic.AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        server = new TestServer(Files.createTempDirectory("palisade-console-test"));
        this.stage = stage;
        profiles = new Profiles(java.util.prefs.Preferences.userRoot().node("dev/palisade/console/test-" + System.nanoTime()));
        window = ConsoleWindow.open(stage, server.context(), url -> { }, next -> switched.set(next), profiles,
                protectRequested::set);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        server.close();
        profiles.list().forEach(p -> profiles.remove(p.name()));
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    @Test
    void theOverviewShowsTheBundledServerAndLiveTraffic(FxRobot robot) throws Exception {
        assertThat(stage.getIcons()).hasSize(5);
        assertThat(stage.getTitle()).startsWith("Palisade console");
        Label info = robot.lookup(".server-box .label").queryAs(Label.class);
        assertThat(info.getText()).contains("demo").contains(server.bundled.demoPassword());
        server.anonymous("/api/notes");
        waitUntil(() -> robot.lookup("1  missing_credentials").tryQuery().isPresent());
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());
    }

    @Test
    void aLoginAppearsInSessionsAndRevokingItMakesTheNextCall401(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        robot.clickOn("Sessions");
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup(".table-view").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);
        waitUntil(() -> robot.lookup(".table-row-cell .table-cell").lookup("demo").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".table-row-cell .table-cell").lookup("demo").queryAs(Node.class));
        waitUntil(() -> robot.lookup("/api/notes").tryQuery().isPresent());
        robot.clickOn("Revoke…");
        robot.clickOn("OK");
        waitUntil(() -> robot.lookup("revoked").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(server.get(demo, "/api/notes")).isEqualTo(401);
    }

    @Test
    void keyboardShortcutsSwitchViews(FxRobot robot) throws Exception {
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT2)
                .release(javafx.scene.input.KeyCode.DIGIT2, javafx.scene.input.KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("Live updates").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT5)
                .release(javafx.scene.input.KeyCode.DIGIT5, javafx.scene.input.KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("Load older").tryQuery().isPresent());
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT1)
                .release(javafx.scene.input.KeyCode.DIGIT1, javafx.scene.input.KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("Denials by reason").tryQuery().isPresent());
    }

    @Test
    void aFingerprintChangeAppearsWithTheChangedComponentHighlighted(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(401);
        robot.clickOn("Fingerprints");
        waitUntil(() -> robot.lookup("re-auth required").tryQuery().isPresent());
        robot.clickOn("re-auth required");
        waitUntil(() -> robot.lookup("Mozilla/5.0 (Macintosh) Safari/605.1.15").tryQuery().isPresent());
        Node changedRow = robot.lookup(".table-row-cell").match(n -> n.getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("changed"))).query();
        assertThat(changedRow).isNotNull();
        robot.clickOn("Accept (re-bind)");
        waitUntil(() -> robot.lookup("The session is bound to its new fingerprint.").tryQuery().isPresent());
        assertThat(server.getAs(demo, "/api/notes", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).isEqualTo(200);
    }

    @Test
    void aBurstAppearsInRateAnomalies(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        int refused = 0;
        for (int i = 0; i < 30; i++) if (server.get(demo, "/api/notes") == 429) refused++;
        assertThat(refused).isPositive();
        robot.clickOn("Rate anomalies");
        waitUntil(() -> robot.lookup("20 / 1 s").tryQuery().isPresent());
        assertThat(robot.lookup(demo.sessionId()).tryQuery()).isPresent();
    }

    @Test
    void aBlacklistEntryAddedInConfigurationRefusesThatAgent(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        assertThat(server.getAs(demo, "/api/notes", "okhttp/4.12.0")).isEqualTo(200);
        robot.clickOn("Configuration");
        robot.clickOn("Blacklist");
        robot.clickOn("#blValue").write("^okhttp/");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> kind = robot.lookup("#blKind").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> kind.setValue("user_agent"));
        robot.clickOn("Add");
        waitUntil(() -> robot.lookup("^okhttp/ is blacklisted.").tryQuery().isPresent());
        assertThat(server.getAs(demo, "/api/notes", "okhttp/4.12.0")).isEqualTo(403);
    }

    @Test
    void rotatingTheSigningKeyLeavesTheLiveSessionWorking(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        robot.clickOn("Configuration");
        robot.clickOn("Keys and salts");
        robot.clickOn(robot.lookup("Rotate now").queryAs(Node.class));
        waitUntil(() -> robot.lookup("grace").tryQuery().isPresent());
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
    }

    @Test
    void aRemoteServerIsConnectedThroughADialogAndRememberedAsAProfile(FxRobot robot) throws Exception {
        robot.clickOn("Connect…");
        robot.clickOn("#profileName").write("staging");
        robot.clickOn("#profileUrl").write("not a url");
        robot.clickOn("#profileToken").write("secret-token");
        robot.clickOn("Connect");
        waitUntil(() -> robot.lookup("Needs an http(s) admin URL").tryQuery().isPresent());
        robot.doubleClickOn("#profileUrl").eraseText(20).write("http://127.0.0.1:9");
        robot.clickOn("Connect");
        waitUntil(() -> switched.get() != null);
        assertThat(switched.get().adminUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(switched.get().adminToken()).isEqualTo("secret-token");
        assertThat(profiles.find("staging")).isPresent();
    }

    @Test
    void aScenarioRunFromTheConsoleIsCaughtAndLightsUpTheOtherViews(FxRobot robot) throws Exception {
        robot.clickOn("Scenarios");
        robot.clickOn("Replay");
        robot.clickOn("Run selected");
        waitUntil(() -> robot.lookup("All 1 behaved as expected: every attack caught or flagged.").tryQuery().isPresent());
        waitUntil(() -> robot.lookup("caught").tryQuery().isPresent());
        assertThat(robot.lookup("L1 replay").tryQuery()).as("the level column").isPresent();
        assertThat(robot.lookup("nonce").tryQuery()).as("the check column").isPresent();
        waitUntil(() -> robot.lookup("401 replayed").tryQuery().isPresent());
        robot.clickOn("401 replayed");
        robot.clickOn("Show the step's event");
        waitUntil(() -> robot.lookup("Load older").tryQuery().map(Node::isVisible).orElse(false));
        waitUntil(() -> robot.lookup(".table-row-cell .table-cell").lookup("replayed").tryQuery().isPresent());
    }

    @Test
    void protectAnApiAsksForTheUpstreamUrl(FxRobot robot) throws Exception {
        robot.clickOn("Protect an API…");
        robot.doubleClickOn("#upstreamUrl").eraseText(40).write("not a url");
        robot.clickOn("Protect");
        waitUntil(() -> robot.lookup("An http(s) URL with a host, e.g. http://localhost:3000").tryQuery().isPresent());
        robot.doubleClickOn("#upstreamUrl").eraseText(40).write("http://localhost:3000");
        robot.clickOn("Protect");
        waitUntil(() -> protectRequested.get() != null);
        assertThat(protectRequested.get()).hasToString("http://localhost:3000");
    }

    @Test
    void theBannerAppearsWhenTheServerGoesAway(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());
        server.bundled.close();
        waitUntil(() -> robot.lookup(".banner").queryAs(Label.class).isVisible());
        assertThat(robot.lookup(".banner").queryAs(Label.class).getText()).contains("reconnecting");
    }

}
