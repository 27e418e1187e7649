package dev.palisade.console.client;

import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.SessionFilter;
import dev.palisade.engine.EngineOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's client against a real server: every admin resource it will use. */
class AdminClientTest {

    @TempDir
    Path dir;
    private PalisadeServer server;
    private AdminClient client;
    private final okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        client = new AdminClient(server.adminUri().toString(), server.adminToken(), http);
    }

    @AfterEach
    void stop() {
        http.connectionPool().evictAll(); // so the server's graceful stop need not wait for idle connections
        server.close();
    }

    @Test
    void usersAndTheirSessions() {
        client.createUser("alice", "long enough");
        assertThat(client.users()).extracting(Dtos.UserView::username).containsExactly("alice");
        assertThat(client.sessions(SessionFilter.first(10)).total()).isZero();
        client.deleteUser("alice");
        assertThat(client.users()).isEmpty();
        assertThatThrownBy(() -> client.deleteUser("alice"))
                .isInstanceOfSatisfying(AdminApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                });
    }

    @Test
    void configErrorsComeBackPerField() {
        assertThat(client.config()).containsEntry("bootstrapWindowSeconds", 30L);
        assertThat(client.configSchema()).anySatisfy(f -> assertThat(f.name()).isEqualTo("maxSessions"));
        assertThat(client.updateConfig(Map.of("bootstrapWindowSeconds", 12L))).containsEntry("bootstrapWindowSeconds", 12L);
        assertThatThrownBy(() -> client.updateConfig(Map.of("bootstrapWindowSeconds", 0L)))
                .isInstanceOfSatisfying(AdminApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_config");
                    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("bootstrapWindowSeconds"));
                });
    }

    @Test
    void keysApiKeysEventsAndStats() {
        String firstKid = client.keys("jwt").get(0).kid();
        assertThat(client.rotate("jwt").kid()).isNotEqualTo(firstKid);
        assertThat(client.keys("jwt")).extracting(Dtos.SigningKeyView::state).containsExactly("grace", "current");

        Dtos.CreatedApiKey key = client.createApiKey("ci", List.of("/api/notes"));
        assertThat(key.key()).startsWith("pal.");
        assertThat(key.toString()).doesNotContain(key.key());
        client.revokeApiKey(key.id());
        assertThat(client.apiKeys()).singleElement().satisfies(k -> assertThat(k.state()).isEqualTo("revoked"));

        assertThat(client.events(EventFilter.latest(50)).items()).extracting(Dtos.EventView::code)
                .contains("signing_key_rotated", "api_key_created", "api_key_revoked");
        Dtos.Stats stats = client.stats(60);
        assertThat(stats.seconds()).hasSize(60);
        assertThat(stats.events().dropped()).isZero();
    }

    @Test
    void aWrongTokenOrADeadServerIsAClearError() {
        AdminClient wrong = new AdminClient(server.adminUri().toString(), "wrong-token", http);
        assertThatThrownBy(wrong::users).isInstanceOfSatisfying(AdminApiException.class,
                e -> assertThat(e.code()).isEqualTo("admin_unauthorized"));
        AdminClient dead = new AdminClient("http://127.0.0.1:1", "x");
        assertThatThrownBy(dead::users).isInstanceOfSatisfying(AdminApiException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.code()).isEqualTo("unreachable");
        });
        assertThat(client.toString()).doesNotContain(server.adminToken());
    }

    @Test
    void closedItKeepsNoConnectionOrThreadAlive() {
        client.users();
        assertThat(http.connectionPool().connectionCount()).as("kept alive between calls").isEqualTo(1);
        client.close();
        assertThat(http.connectionPool().connectionCount()).isZero();
        assertThat(http.dispatcher().executorService().isShutdown()).isTrue();
    }
}
