package dev.palisade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start answers no call before its configuration file is in force: a call that arrives while the file
 * is applied waits and is decided under it, rather than slipping past its blacklist.
 */
class StartOrderTest {

    @TempDir
    Path dir;

    @Test
    void aCallArrivingWhileTheFileIsAppliedWaitsAndIsRefusedByItsBlacklist() throws Exception {
        Path file = dir.resolve("palisade.yaml");
        Files.writeString(file, "blacklist:\n  - {kind: user_agent, value: sqlmap}\n");
        HttpClient client = HttpClient.newHttpClient();
        AtomicReference<CompletableFuture<HttpResponse<String>>> early = new AtomicReference<>();
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("data")).withPorts(0, 0), s -> {
            early.set(client.sendAsync(HttpRequest.newBuilder(URI.create(s.apiUri() + "/api/products"))
                    .header("User-Agent", "sqlmap/1.7").build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(500);
            assertThat(early.get()).as("answered before the file was in force").isNotDone();
            PalisadeMainAccess.configure(s, file, false);
        })) {
            HttpResponse<String> answer = early.get().get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("blacklisted");
            assertThat(server.engine().blacklist().list(System.currentTimeMillis())).isNotEmpty();
        }
    }

    @Test
    void aStartRefusedWhileItIsPreparedLeavesItsPortsFree() throws Exception {
        int port;
        int adminPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            adminPort = b.getLocalPort();
        }
        assertThatThrownBy(() -> PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("data")).withPorts(port, adminPort),
                s -> { throw new IllegalArgumentException("--config: refused"); }))
                .hasMessageContaining("refused");
        try (ServerSocket again = new ServerSocket(port); ServerSocket adminAgain = new ServerSocket(adminPort)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
            assertThat(adminAgain.getLocalPort()).isEqualTo(adminPort);
        }
    }
}
