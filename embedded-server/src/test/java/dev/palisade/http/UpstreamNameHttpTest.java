package dev.palisade.http;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.PalisadeMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream named by a name that resolves to several addresses, only a later one answering, as
 * {@code http://localhost:…} does for an app listening on {@code ::1} alone. The server runs as its own
 * process, whose resolver reads a hosts file made here ({@code jdk.net.hosts.file}); this JVM's stays as it is.
 */
class UpstreamNameHttpTest {

    @TempDir
    Path dir;
    private HttpServer upstream;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
        }
        if (upstream != null) upstream.stop(0);
    }

    /* A review's find: calls passed (Jetty's client tries each address) while the client page was a 502 (the JDK's tried the first). */
    @Test
    void theClientPageAndCallsReachAnUpstreamOnTheSecondAddressItsNameResolvesTo() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            boolean page = exchange.getRequestURI().getPath().equals("/");
            byte[] body = (page ? "<!doctype html><html><head><title>My app</title></head><body>app</body></html>"
                    : "{\"open\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", page ? "text/html; charset=utf-8" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        // nothing listens on 127.0.0.2 at the upstream's port: a connection there is refused at once
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.2 app.palisade.test\n"
                + "127.0.0.1 app.palisade.test\n");
        int port = freePort();
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), PalisadeMain.class.getName(),
                "--data-dir", dir.resolve("data").toString(), "--port", Integer.toString(port), "--admin-port", "0",
                "--upstream", "http://app.palisade.test:" + upstream.getAddress().getPort(), "--public-path", "/open/*")
                .redirectErrorStream(true).start();
        List<String> said = waitForStart(server);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(String.join("\n", said)).isEqualTo(200);
        assertThat(page.body()).contains("<title>My app</title>").contains("<script src=\"/assets/palisade.js\"></script>");
        HttpResponse<String> call = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/open/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).isEqualTo("{\"open\":true}");
    }

    /** The server's lines up to the banner's last, or all it said before it ended. */
    private static List<String> waitForStart(Process server) throws Exception {
        List<String> said = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            said.add(line);
            if (line.startsWith("Stop with Ctrl+C")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) { /* the denial log: not read here */ }
                    } catch (java.io.IOException ended) { // the process is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return said;
            }
        }
        throw new AssertionError("the server ended before it started:\n" + String.join("\n", said));
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
