package dev.palisade.console.ui.scenarios;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.scenarios.ScenarioContext;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenariosViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private ScenariosViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        AdminClient admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        model = new ScenariosViewModel(new ScenarioContext(server.api(""), admin), Background.direct(), Runnable::run);
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void runningAllShowsEveryStepAndASummary() {
        assertThat(model.rows()).hasSize(12).allSatisfy(r -> assertThat(r.result().get()).isEqualTo("not run"));
        model.runAll();
        assertThat(model.running().get()).isFalse();
        assertThat(model.progress().get()).isEqualTo(1.0);
        assertThat(model.summary().get()).startsWith("All 12 behaved as expected");
        assertThat(model.rows().subList(0, 11)).allSatisfy(r -> assertThat(r.result().get()).isEqualTo("caught"));
        assertThat(model.rows().get(11).result().get()).isEqualTo("ok");
        assertThat(model.rows().get(3).met().get()).isEqualTo("replayed");
        assertThat(model.steps()).anySatisfy(s -> {
            assertThat(s.scenario()).isEqualTo("Replay");
            assertThat(s.step().code()).isEqualTo("replayed");
            assertThat(s.step().check()).isEqualTo("nonce");
        });
    }

    @Test
    void oneScenarioCanRunAlone() {
        model.run(List.of(model.rows().get(4)));
        assertThat(model.rows().get(4).result().get()).isEqualTo("caught");
        assertThat(model.rows().get(0).result().get()).isEqualTo("not run");
        assertThat(model.summary().get()).isEqualTo("All 1 behaved as expected: every attack caught.");
    }
}
