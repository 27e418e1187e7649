package dev.palisade.console.ui.anomalies;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AnomaliesViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AnomaliesViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        model = new AnomaliesViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken()),
                Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void aBurstShowsWhoExceededWhichWindowAndCanBeBlacklisted() {
        TestServer.Login demo = server.loginDemo();
        for (int i = 0; i < 25; i++) server.get(demo, "/api/notes");
        model.load();
        assertThat(model.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.scope()).isEqualTo("session");
            assertThat(a.key()).isEqualTo(demo.sessionId());
            assertThat(a.limit()).isEqualTo(20);
            assertThat(a.windowSeconds()).isEqualTo(1);
            assertThat(a.observed()).isGreaterThan(20);
            assertThat(a.user()).isEqualTo("demo");
        });
        assertThat(model.perMinute()).hasSize(AnomaliesViewModel.MINUTES);
        assertThat(model.perMinute().get(AnomaliesViewModel.MINUTES - 1).getYValue().longValue()).isEqualTo(1);
        model.blacklist(model.anomalies().get(0));
        assertThat(model.message().get()).isEqualTo("session " + demo.sessionId() + " is blacklisted.");
        assertThat(server.get(demo, "/api/cart")).isEqualTo(403);
    }
}
