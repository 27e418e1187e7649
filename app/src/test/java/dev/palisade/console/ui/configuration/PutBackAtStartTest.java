package dev.palisade.console.ui.configuration;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.PalisadeMainAccess;
import dev.palisade.PalisadeServer;
import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * Durability audit 61, L3: a single server started with --config puts back the file's sections at each start, so a
 * window tightened in the Configuration view during an incident was undone by the next routine restart, and the
 * console said nothing when it was made. Each form a start puts back says so above it.
 */
class PutBackAtStartTest {

    @TempDir
    Path dir;

    private static final String FILE = """
            settings:
              autoBlockDenials: 7
              accessTokenTtlSeconds: 600
            windows:
              - {scope: session, limit: 20, windowSeconds: 1}
            fingerprint:
              components: {userAgent: reauth}
            """;

    private PalisadeServer startedWith(Path config, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--data-dir", dir.resolve("data").toString(),
                "--port", "0", "--admin-port", "0", "--config", config.toString()));
        args.addAll(java.util.List.of(more));
        return PalisadeMainAccess.open(args.toArray(String[]::new));
    }

    private static ConfigurationViewModel loaded(AdminClient admin) {
        ConfigurationViewModel model = new ConfigurationViewModel(admin, Background.direct());
        model.load();
        return model;
    }

    @Test
    void eachFormTheFilePutsBackSaysSoAndTheSettingsAreNamedAsTheFormNamesThem() throws Exception {
        Path config = Files.writeString(dir.resolve("palisade.yaml"), FILE);
        String by = "--config " + config.toAbsolutePath();
        try (PalisadeServer server = startedWith(config, "--decide-port", "0", "--public-path", "/health")) {
            ConfigurationViewModel model = loaded(new AdminClient(server.adminUri().toString(), server.adminToken()));

            assertThat(model.settings().putBack().get()).as("in the form's order, by their labels, not the file's keys")
                    .isEqualTo("Put back at each start by " + by + ": Access token lifetime and Auto-block after denials."
                            + " A change to them here lasts until the next start; change the file to keep it.");
            assertThat(model.windows().putBack().get()).isEqualTo("Put back at each start by " + by
                    + ": a change here lasts until the next start; change the file to keep it.");
            assertThat(model.fingerprintPolicy().putBack().get()).isEqualTo("Put back at each start by " + by
                    + ": a change here lasts until the next start; change the file to keep it.");
            assertThat(model.rules().putBack().get()).as("the file has no rules: a change to them stays").isEmpty();
        }
    }

    @Test
    void oneSettingIsTheOneNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("palisade.yaml"), "settings:\n  clockLeewaySeconds: 10\n");
        try (PalisadeServer server = startedWith(config)) {
            ConfigurationViewModel model = loaded(new AdminClient(server.adminUri().toString(), server.adminToken()));
            assertThat(model.settings().putBack().get()).isEqualTo("Put back at each start by --config " + config.toAbsolutePath()
                    + ": Token clock leeway. A change to it here lasts until the next start; change the file to keep it.");
            assertThat(model.windows().putBack().get()).isEmpty();
            assertThat(model.fingerprintPolicy().putBack().get()).isEmpty();
        }
    }

    /** A cluster node given {@code --config-overwrite} applies its file again at each start: the file keeps a change too. */
    @Test
    void aFileGivenWithConfigOverwriteIsTheFileToChange() {
        var parts = java.util.List.of(new dev.palisade.console.client.Dtos.SetAtStartView("windows", null,
                "--config-overwrite /etc/palisade/palisade.yaml"));
        assertThat(PutBackAtStart.notice("windows", parts)).isEqualTo("Put back at each start by --config-overwrite"
                + " /etc/palisade/palisade.yaml: a change here lasts until the next start; change the file to keep it.");
    }

    @Test
    void aServerThatPutsNothingBackShowsNoNotice() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            ConfigurationViewModel model = loaded(server.admin());
            for (var notice : java.util.List.of(model.settings().putBack(), model.windows().putBack(), model.rules().putBack(),
                    model.fingerprintPolicy().putBack())) {
                assertThat(notice.get()).isEmpty();
            }
        }
    }

    /** A server from before {@code /admin/config/governed} answers 404 there: no notice, and no complaint anywhere. */
    @Test
    void anOlderServerShowsNoNoticeAndNoError() throws Exception {
        Path config = Files.writeString(dir.resolve("palisade.yaml"), FILE);
        try (PalisadeServer server = startedWith(config)) {
            HttpServer older = olderServerBefore(server);
            try {
                ConfigurationViewModel model = loaded(new AdminClient("http://127.0.0.1:" + older.getAddress().getPort(),
                        server.adminToken()));
                assertThat(model.settings().rows()).as("the form itself is read").isNotEmpty();
                for (var notice : java.util.List.of(model.settings().putBack(), model.windows().putBack(),
                        model.rules().putBack(), model.fingerprintPolicy().putBack())) {
                    assertThat(notice.get()).isEmpty();
                }
                assertThat(model.settings().message().get()).isEmpty();
                assertThat(model.windows().message().get()).isEmpty();
                assertThat(model.fingerprintPolicy().message().get()).isEmpty();
            } finally {
                older.stop(0);
            }
        }
    }

    /** {@code server}'s admin API, but 404 at {@code /admin/config/governed}, as a server from before it answers. */
    private static HttpServer olderServerBefore(PalisadeServer server) throws Exception {
        HttpServer older = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        older.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().toString();
                if (exchange.getRequestURI().getPath().equals("/admin/config/governed")) {
                    byte[] body = "{\"code\":\"not_found\",\"detail\":\"no such resource\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                byte[] sent = exchange.getRequestBody().readAllBytes();
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(server.adminUri() + path))
                        .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                        .method(exchange.getRequestMethod(), sent.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(sent))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        older.start();
        return older;
    }
}
