package dev.palisade.console;

import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/*
 * Audit 51: the window closed while "Protect an API…" restarted the bundled server either cut the old server's stop
 * short or left the new one running in a process without a window, holding the ports and the data folder.
 */
class RunningServerTest {

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
    }

    /** Nothing listens here: the restart starts in front of an API that is down, as Palisade may. */
    private static final URI DOWN = URI.create("http://127.0.0.1:9");

    @Test
    void closedDuringARestartItStopsTheServerTheRestartStarted() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            BundledServer first = BundledServer.start(config());
            int port = first.server().port();
            RunningServer servers = new RunningServer(first, Runnable::run);
            List<BundledServer> told = new CopyOnWriteArrayList<>();
            assertThat(servers.protect(DOWN, Duration.ofSeconds(5), told::add, e -> { })).isTrue();
            servers.close(); // the window closed at once: the restart is under way
            // whatever the restart was doing is over by now; had close() not waited for it, it would go on and start
            for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals("palisade-protect")) t.join();
            assertThat(servers.current()).isNull();
            assertThat(told).as("no window to show the new server in").isEmpty();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1_000))
                    .as("nothing listens on the API's port").isInstanceOf(ConnectException.class);
            // the data folder's lock is free: the next console starts on it
            try (BundledServer next = BundledServer.start(config())) {
                assertThat(next.server().port()).isPositive();
            }
        });
    }

    /* Review 51 L5: a close() between the restart's end and the FX thread's turn showed the window a stopped server. */
    @Test
    void aRestartThatEndsAsTheWindowClosesIsNotShown() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            BlockingQueue<Runnable> fxTurns = new LinkedBlockingQueue<>();
            RunningServer servers = new RunningServer(BundledServer.start(config()), fxTurns::add);
            List<Object> told = new CopyOnWriteArrayList<>();
            assertThat(servers.protect(DOWN, Duration.ofSeconds(5), told::add, told::add)).isTrue();
            Runnable turn = fxTurns.poll(60, TimeUnit.SECONDS);
            assertThat(turn).as("the restart's end, waiting for the FX thread").isNotNull();
            servers.close(); // the window closes before the FX thread comes to it
            turn.run();
            assertThat(told).as("no window shown a server that is stopped").isEmpty();
        });
    }

    @Test
    void aSecondRestartWhileOneIsUnderWayIsNotStarted() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            RunningServer servers = new RunningServer(BundledServer.start(config()), Runnable::run);
            List<BundledServer> told = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch over = new java.util.concurrent.CountDownLatch(1);
            java.util.function.Consumer<BundledServer> running = s -> {
                told.add(s);
                over.countDown();
            };
            try {
                assertThat(servers.protect(DOWN, Duration.ofSeconds(5), running, e -> over.countDown())).isTrue();
                assertThat(servers.protect(null, Duration.ofSeconds(5), running, e -> over.countDown()))
                        .as("a second click while the first restart runs").isFalse();
                assertThat(over.await(60, TimeUnit.SECONDS)).as("the restart told its end").isTrue();
                assertThat(told).singleElement().satisfies(s -> assertThat(s.upstream()).isEqualTo(DOWN));
                assertThat(servers.current()).isSameAs(told.get(0));
                assertThat(servers.restarting()).isFalse();
            } finally {
                servers.close();
            }
        });
    }
}
