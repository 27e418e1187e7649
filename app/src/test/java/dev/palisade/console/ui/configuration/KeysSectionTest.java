package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/* Audit 51: one failed read of the keys (the server away a moment) left "Cannot load the keys" over current lists. */
class KeysSectionTest {

    @TempDir
    Path dir;

    @Test
    void aFailedReadIsNoLongerToldOnceTheKeysAreReadAgain() throws Exception {
        TestServer server = new TestServer(dir.resolve("data"));
        KeysSection keys = new KeysSection(new AdminClient(server.context().adminUrl(), server.context().adminToken()),
                Background.direct());
        try {
            server = server.awayDuring(keys::load);
            assertThat(keys.message().get()).startsWith("Cannot load the keys");
            keys.load();
            assertThat(keys.message().get()).isEmpty();
            assertThat(keys.signingKeys()).isNotEmpty();
        } finally {
            server.close();
        }
    }
}
