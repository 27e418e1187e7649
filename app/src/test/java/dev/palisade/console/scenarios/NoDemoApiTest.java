package dev.palisade.console.scenarios;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.console.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run against a server that serves no demo API (it protects another, down or up) is refused before any
 * scenario, in one sentence: it was twelve scenarios failing with a regular expression and
 * {@code NoSuchElementException} as their notes.
 */
class NoDemoApiTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort(); // closed: nothing listens there
        }
    }

    private static List<Outcome> run(TestServer server, List<Outcome> seen) {
        ScenarioContext context = new ScenarioContext(server.api(""), server.admin());
        return new ScenarioRunner(context).run(List.of(Scenarios.number(4), Scenarios.number(12)), (s, step) -> { }, seen::add);
    }

    @Test
    void aServerProtectingAnApiThatIsDownRunsNoScenarioAndSaysWhy() throws Exception {
        URI down = URI.create("http://127.0.0.1:" + freePort());
        try (TestServer server = new TestServer(dir.resolve("data"), c -> c.withUpstream(down, Duration.ofSeconds(2)))) {
            List<Outcome> seen = new ArrayList<>();
            assertThatThrownBy(() -> run(server, seen)).isInstanceOf(ScenarioRunner.NotRunnable.class)
                    .hasMessageStartingWith("The client page " + server.api("/") + " answered 502 upstream_unavailable")
                    .hasMessageContaining("protects another API, which does not answer")
                    .hasMessageContaining("\"Stop protecting\"");
            assertThat(seen).as("no scenario ran").isEmpty();
            assertThat(server.admin().debugTokens()).as("nor made a debug token").isEmpty();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            java.nio.file.Path token = dir.resolve("data").resolve("admin.token");
            int exit = ScenarioCommand.run(new String[]{"--target", server.api(""), "--admin", server.context().adminUrl(),
                    "--admin-token-file", token.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("scenarios: none run. The client page " + server.api("/")
                    + " answered 502 upstream_unavailable").contains("The scenarios attack the bundled demo API");
            assertThat(out.toString(StandardCharsets.UTF_8)).as("no table without rows").isEmpty();
        }
    }

    @Test
    void aServerProtectingAnotherApiThatAnswersRunsNoScenarioEither() throws Exception {
        HttpServer mine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mine.createContext("/", x -> {
            byte[] page = "<html><head><title>Mine</title></head><body>my app</body></html>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        mine.start();
        URI url = URI.create("http://127.0.0.1:" + mine.getAddress().getPort());
        try (TestServer server = new TestServer(dir.resolve("data"), c -> c.withUpstream(url, Duration.ofSeconds(2)))) {
            List<Outcome> seen = new ArrayList<>();
            assertThatThrownBy(() -> run(server, seen)).isInstanceOf(ScenarioRunner.NotRunnable.class)
                    .hasMessageStartingWith("The client page " + server.api("/") + " is not the demo shop's");
            assertThat(seen).isEmpty();
        } finally {
            mine.stop(0);
        }
    }

    @Test
    void noServerAtTheTargetIsSaidSo() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            String nowhere = "http://127.0.0.1:" + freePort();
            ScenarioContext context = new ScenarioContext(nowhere, server.admin());
            assertThatThrownBy(() -> new ScenarioRunner(context).run(List.of(Scenarios.number(4)), (s, step) -> { }, o -> { }))
                    .isInstanceOf(ScenarioRunner.NotRunnable.class)
                    .hasMessageStartingWith("The client page " + nowhere + "/ could not be fetched (").hasMessageEndingWith(").");
        }
    }

    /** Another server than Palisade's, or one in front of a stopped Palisade: said as it is, with no talk of protecting. */
    @Test
    void aPageThatIsNoPalisadesIsToldAsSuchWithoutTheProtectAdvice() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", x -> {
            x.sendResponseHeaders(502, -1); // a gateway whose Palisade is down
            x.close();
        });
        other.start();
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            String target = "http://127.0.0.1:" + other.getAddress().getPort();
            ScenarioContext context = new ScenarioContext(target, server.admin());
            assertThatThrownBy(() -> new ScenarioRunner(context).run(List.of(Scenarios.number(4)), (s, step) -> { }, o -> { }))
                    .isInstanceOf(ScenarioRunner.NotRunnable.class)
                    .hasMessage("The client page " + target + "/ answered 502 http_502, not the demo shop's page: is it a"
                            + " Palisade server's client page?");
        } finally {
            other.stop(0);
        }
    }
}
