package dev.palisade.console;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the window does when the admin listener's door does not let it in (headless, a real bundled
 * server): a refused token, an address made to wait, a server with no room for another live listener.
 * The admin listener is loopback, so every console on the machine shares one address at the door.
 */
@ExtendWith(ApplicationExtension.class)
class AdminDoorWindowTest {

    private TestServer server;
    private Stage stage;
    private ConsoleWindow window;
    private final okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    private final List<okhttp3.Response> listeners = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-admin-door-test");
        this.stage = stage;
    }

    private void open(FxRobot robot, String token) {
        robot.interact(() -> {
            window = ConsoleWindow.open(stage, new ConsoleContext(server.context().adminUrl(), token, null, "test"),
                    url -> { }, ctx -> { },
                    dev.palisade.console.TestProfiles.fresh());
            stage.show();
        });
    }

    @AfterEach
    void stop() {
        if (window != null) window.close();
        listeners.forEach(okhttp3.Response::close);
        http.dispatcher().executorService().shutdown();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    private static String banner(FxRobot robot) {
        return robot.lookup("#banner").queryAs(Label.class).getText();
    }

    private static boolean bannerShown(FxRobot robot) {
        return robot.lookup(".banner").query().isVisible();
    }

    /*
     * Audit 52 (7): a console on a server it did not start had no Scenarios view and no word why; Ctrl+9 did nothing.
     * The Overview says where they are and how to run them against this server.
     */
    @Test
    void aServerStartedElsewhereHasNoScenariosViewAndTheOverviewSaysHowToRunThem(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window = ConsoleWindow.open(stage, ConsoleContext.remote(server.context().adminUrl(), server.context().adminToken(),
                    "remote"), url -> { }, ctx -> { }, dev.palisade.console.TestProfiles.fresh());
            stage.show();
        });
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());
        assertThat(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b && "Scenarios".equals(b.getText()))
                .tryQuery()).as("no Scenarios view").isEmpty();
        Label info = robot.lookup("#serverInfo").queryAs(Label.class);
        assertThat(info.isVisible()).isTrue();
        assertThat(info.getText()).contains("started elsewhere").contains("Scenarios (Ctrl+9) come with the bundled server")
                .contains("palisade-console.jar scenarios --target <its client page> --admin " + server.context().adminUrl());
        assertThat(robot.lookup("#openClient").query().isVisible()).as("no page known to open").isFalse();
    }

    @Test
    void aRevokedTokenStopsTheWindowWhichSaysSoAndTheOwnerIsStillLetIn(FxRobot robot) throws Exception {
        Dtos.CreatedOperator night = server.admin().createOperator("night shift", "operator");
        open(robot, night.token());
        waitUntil(() -> robot.lookup("● live").tryQuery().isPresent());

        server.admin().revokeOperator(night.id());
        waitUntil(() -> bannerShown(robot) && banner(robot).contains("The server refused this console's token"));
        assertThat(banner(robot)).doesNotContain("Connection to the server lost");
        assertThat(robot.lookup("○ token refused").tryQuery()).as("the status bar").isPresent();
        assertThat(robot.lookup("#retryButton").query().isVisible()).as("retrying the same token is no way out").isFalse();

        // ten wrong tokens a minute shut the door to every console on this address: the refused window
        // sends no more, so the owner is let in through several of its poller's periods (2 s)
        for (int second = 0; second < 12; second++) {
            assertThat(server.admin().stats(1)).as("the owner's call after %d s", second).isNotNull();
            Thread.sleep(1_000);
        }

        Node connect = robot.lookup("#bannerConnect").query();
        assertThat(connect.isVisible()).isTrue();
        robot.clickOn(connect);
        waitUntil(() -> robot.lookup("#profileToken").tryQuery().isPresent());
        robot.clickOn("Cancel");
    }

    @Test
    void anAddressMadeToWaitWaitsAsLongAsTheServerSays(FxRobot robot) throws Exception {
        // ten guessers (a client that was refused once sends its token no more)
        for (int i = 0; i < 10; i++) {
            AdminClient guesser = new AdminClient(server.context().adminUrl(), "wrong token " + i);
            assertThatThrownBy(() -> guesser.stats(1)).isInstanceOf(AdminApiException.class);
        }
        assertThat(server.admin().stats(1)).as("a right token never waits: guesses cannot lock the owner out").isNotNull();

        // a console given a wrong token on that address is told to wait, and until when
        LocalTime opened = LocalTime.now();
        open(robot, "yet another wrong token");
        waitUntil(() -> bannerShown(robot) && banner(robot).contains("next attempt at"));
        assertThat(banner(robot)).contains("too many wrong admin tokens").doesNotContain("Connection to the server lost");
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("next attempt at (\\d\\d:\\d\\d:\\d\\d)").matcher(banner(robot));
        assertThat(at.find()).isTrue();
        long ahead = java.time.Duration.between(opened, LocalTime.parse(at.group(1))).toSeconds();
        if (ahead < -12 * 3600) ahead += 24 * 3600; // across midnight
        assertThat(ahead).as("Retry-After is most of the minute, not the half-second backoff").isGreaterThan(30);
    }

    @Test
    void aServerWithNoRoomForAnotherListenerIsNotALostConnection(FxRobot robot) throws Exception {
        // live listeners until the server has no room for another (its own alert watch holds one place too)
        for (int status = 200; status == 200; ) {
            okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.context().adminUrl() + "/admin/events/stream")
                    .header("Authorization", "Bearer " + server.context().adminToken()).build()).execute();
            status = r.code();
            if (status == 200) listeners.add(r);
            else r.close();
            assertThat(status).isIn(200, 503);
        }

        open(robot, server.context().adminToken());
        waitUntil(() -> bannerShown(robot) && banner(robot).contains("next attempt at"));
        assertThat(banner(robot)).contains("too many live listeners").doesNotContain("Connection to the server lost");

        // a place freed (the server notices a listener gone at its next write): the window comes in
        listeners.remove(0).close();
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> {
            robot.lookup("#retryButton").match(Node::isVisible).tryQuery().ifPresent(robot::clickOn);
            Thread.sleep(500);
            return robot.lookup("● live").tryQuery().isPresent();
        });
        assertThat(bannerShown(robot)).isFalse();
    }
}
