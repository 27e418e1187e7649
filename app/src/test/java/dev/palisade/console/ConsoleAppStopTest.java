package dev.palisade.console;

import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Closing the console stops its server without holding the FX thread while the server drains its events. */
class ConsoleAppStopTest {

    @TempDir
    Path dir;

    @Test
    void theServerIsStoppedOnAThreadOfItsOwnThatKeepsTheProcessUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            BundledServer bundled = BundledServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                    .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
            int port = bundled.server().port();
            ConsoleApp.prepare(bundled.context(), bundled);
            ConsoleApp app = new ConsoleApp();
            app.stop(); // JavaFX calls it on the FX thread
            // the thread itself, not looked up by name among the live ones: a quick stop may have ended it already
            Thread stopping = app.stopping();
            assertThat(stopping).as("the server is stopped on a thread of its own").isNotNull();
            assertThat(stopping).isNotSameAs(Thread.currentThread());
            assertThat(stopping.isDaemon()).as("the process lives until the server has stopped").isFalse();
            stopping.join();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                    .isInstanceOf(ConnectException.class);
            ConsoleApp.prepare(null, null);
        });
    }
}
