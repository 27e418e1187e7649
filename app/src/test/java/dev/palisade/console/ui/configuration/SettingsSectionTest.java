package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.HeldAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings › Apply against a real server, for what the audit of the console found (session 51). */
class SettingsSectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = server.admin();
    }

    @AfterEach
    void stop() { server.close(); }

    private static SettingRow row(SettingsSection settings, String name) {
        return settings.rows().stream().filter(r -> r.field().name().equals(name)).findFirst().orElseThrow();
    }

    /* A value ending in an ideographic or thin space passed the range check, then threw on the FX thread: nothing applied, nothing said. */
    @Test
    void aValueEndingInAUnicodeSpaceIsApplied() {
        SettingsSection settings = new SettingsSection(admin, Background.direct());
        settings.load();
        row(settings, "bootstrapWindowSeconds").value().set("45\u3000");
        row(settings, "clockLeewaySeconds").value().set("\u200920");
        settings.apply();
        assertThat(settings.message().get()).startsWith("Applied ");
        assertThat(admin.config()).containsEntry("bootstrapWindowSeconds", 45L).containsEntry("clockLeewaySeconds", 20L);
    }

    /* On its answer, Apply put the server's value in every field, also one typed in while it was on its way. */
    @Test
    void aFieldTypedInWhileApplyIsOnItsWayKeepsWhatWasTyped() {
        HeldAnswers held = new HeldAnswers();
        SettingsSection settings = new SettingsSection(admin, held);
        settings.load();
        held.deliverInOrder();
        row(settings, "bootstrapWindowSeconds").value().set("45");
        settings.apply();
        row(settings, "clockLeewaySeconds").value().set("12"); // typed while the answer travels
        held.deliverInOrder();
        assertThat(row(settings, "bootstrapWindowSeconds").value().get()).isEqualTo("45");
        assertThat(row(settings, "clockLeewaySeconds").value().get()).as("what was typed stays").isEqualTo("12");
        settings.apply();
        held.deliverInOrder();
        assertThat(admin.config()).containsEntry("clockLeewaySeconds", 12L);
    }
}
