package dev.palisade.console;

import com.sun.net.httpserver.HttpServer;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window when the server drops live events for it (it fell behind): a server whose stream says
 * {@code event: dropped}, as Palisade's does for a slow listener (headless).
 */
@ExtendWith(ApplicationExtension.class)
class DroppedEventsWindowTest {

    private HttpServer server;
    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/events/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            // the server's count is this connection's total so far: 42 in all, not 12 + 42
            body.write(": palisade event stream\n\nevent: dropped\ndata: {\"dropped\":12}\n\nevent: dropped\ndata: {\"dropped\":42}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            body.flush(); // held open until the test ends
        });
        server.createContext("/admin/events", exchange -> { // no stored event yet
            byte[] page = "{\"offset\":0,\"limit\":200,\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (window != null) window.close();
        server.stop(0);
    }

    @Test
    void eventsTheServerDroppedForThisConsoleAreCountedInTheStatusBarAndTheEventsView(FxRobot robot) throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        robot.interact(() -> {
            window = ConsoleWindow.open(stage, new ConsoleContext(url, "token", null, "a slow listener"), u -> { }, c -> { },
                    dev.palisade.console.TestProfiles.fresh());
            stage.show();
        });
        Label rate = robot.lookup("#rate").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rate.getText().contains("42 missed"));
        robot.clickOn("Events");
        assertThat(robot.lookup("#message").queryAs(Label.class).getText())
                .startsWith("42 live events did not reach this console").contains("not complete");
    }
}
