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
            new ConsoleApp().stop(); // JavaFX calls it on the FX thread
            Thread stopping = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("palisade-console-stop")).findFirst().orElse(null);
            // stopping Jetty and draining the events takes far longer than stop() took to return
            assertThat(stopping).as("stop() returned while the server still stops").isNotNull();
            assertThat(stopping.isDaemon()).as("the process lives until the server has stopped").isFalse();
            stopping.join();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                    .isInstanceOf(ConnectException.class);
            ConsoleApp.prepare(null, null);
        });
    }
}
