package dev.palisade.console;

import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window watching a server that takes connections and never answers (hung, or behind a stuck
 * proxy): the operator can still choose another server at once, though every request to this one
 * waits out its timeout (headless).
 */
@ExtendWith(ApplicationExtension.class)
class StuckServerWindowTest {

    private final java.util.prefs.Preferences prefs = new TestProfiles.MemoryPreferences(null, "");
    private ServerSocket stuck;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        stuck = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            try {
                while (true) held.add(stuck.accept()); // read nothing, answer nothing
            } catch (IOException closed) {
                // the test is over
            }
        }, "stuck-server");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (window != null) window.close();
        stuck.close();
        for (Socket s : held) s.close();
    }

    @Test
    void anotherServerCanBeChosenAtOnceWhileEveryRequestToTheWatchedOneHangs(FxRobot robot) throws Exception {
        String url = "http://127.0.0.1:" + stuck.getLocalPort();
        AtomicReference<ConsoleContext> switched = new AtomicReference<>();
        robot.interact(() -> {
            window = ConsoleWindow.open(stage, new ConsoleContext(url, "token", null, "a hung server"), u -> { },
                    switched::set,
                    dev.palisade.console.TestProfiles.over(prefs));
            stage.show();
        });
        // every view's first load is sent, and each of the console's request threads is waiting on the server
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> held.size() >= 4);

        robot.clickOn("#connectButton");
        // the saved profiles are this machine's: read at once, not behind the hung server's requests (15 s each;
        // 10 s here leaves room for a loaded machine). By id: the window's views have combo boxes of their own,
        // and which one a lookup by class finds first depends on the order of the windows
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#savedProfiles").tryQuery()
                .map(n -> "no saved profiles".equals(((ComboBox<?>) n).getPromptText())).orElse(false));

        // another server, which answers: the dialog asks it before the window switches
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        String otherUrl = "http://127.0.0.1:" + other.getAddress().getPort();
        try {
            robot.clickOn("#profileName").write("unreachable");
            robot.clickOn("#profileUrl").write("http://127.0.0.1:9");
            robot.clickOn("#profileToken").write("another-token");
            robot.clickOn("Connect");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Label l
                    && l.getText() != null && l.getText().startsWith("Cannot reach http://127.0.0.1:9")).tryQuery().isPresent());
            assertThat(switched.get()).as("not switched to a server that does not answer").isNull();
            javafx.scene.control.TextField urlField = robot.lookup("#profileUrl").queryAs(javafx.scene.control.TextField.class);
            robot.interact(urlField::clear);
            robot.clickOn(urlField).write(otherUrl);
            robot.clickOn("Connect");
            try {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> switched.get() != null);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("not switched; the dialog says: " + robot.lookup(".error-text").queryAllAs(javafx.scene.control.Label.class)
                        .stream().map(javafx.scene.control.Label::getText).toList(), e);
            }
            assertThat(switched.get().adminUrl()).isEqualTo(otherUrl);
            assertThat(robot.lookup("#profileName").tryQuery()).as("the dialog closed").isEmpty();
        } finally {
            other.stop(0);
        }
    }
}
