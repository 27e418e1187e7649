package dev.palisade;

import dev.palisade.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StartBannerTest {

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
    }

    /* Behind a gateway the app verifies Palisade's signature too, but the start never said where the key was. */
    @Test
    void aGatewaysDecisionsNameTheKeyTheAppVerifiesWith() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(config().withDecide(new ServerConfig.Decide("127.0.0.1", 0)))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("upstream.key:        " + dir.resolve(DataDirectory.UPSTREAM_KEY_FILE))
                    .contains("gateway decisions:");
        }
        try (PalisadeServer demo = PalisadeServer.start(config())) {
            assertThat(String.join("\n", PalisadeMain.banner(demo.config(), demo))).doesNotContain("upstream.key")
                    .doesNotContain("admin API listens");
        }
    }

    /* The admin listener on another interface sends the owner's token in clear, and the start said nothing. */
    @Test
    void anAdminListenerOffLoopbackIsWarnedOf() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(config().withAdminBind("0.0.0.0"))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("warning: the admin API listens on 0.0.0.0 over plain http").contains("SSH tunnel");
        }
    }
}
