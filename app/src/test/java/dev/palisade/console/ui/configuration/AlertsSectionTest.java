package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.AlertSettingsView;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration › Alerts against a real server: shown as the server keeps them, applied live, errors by field. */
class AlertsSectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private AlertsSection alerts;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = server.admin();
        alerts = new ConfigurationViewModel(admin, Background.direct()).alerts();
        alerts.load();
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void theFormShowsTheServersSettingsAndAppliesChanges() {
        assertThat(alerts.deniedPerMinute().get()).isEqualTo("0");
        assertThat(alerts.automationSuspected().get()).isTrue();
        assertThat(alerts.ipAutoBlocked().get()).isTrue();
        alerts.deniedPerMinute().set(" 120 ");
        alerts.ipAutoBlocked().set(false);
        alerts.apply();
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(120, true, false));
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: over 120 refusals a minute, automated browsers.");
        assertThat(alerts.fieldInError().get()).isEmpty();
        assertThat(alerts.deniedPerMinute().get()).isEqualTo("120");
    }

    @Test
    void aThresholdThatIsNotAWholeNumberIsRefusedHereAndNothingIsSent() {
        alerts.deniedPerMinute().set("lots");
        alerts.automationSuspected().set(false);
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).contains("whole number").contains("0 to turn this alert off");
        alerts.deniedPerMinute().set("-5");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(admin.alerts()).as("nothing sent").isEqualTo(new AlertSettingsView(0, true, true));
    }

    @Test
    void theServersRefusalLandsOnItsField() {
        alerts.deniedPerMinute().set("20000000");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).startsWith("Refusals per minute: ").contains("10000000");
        alerts.deniedPerMinute().set("50");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).as("a corrected form loses its complaint").isEmpty();
        assertThat(admin.alerts().deniedPerMinute()).isEqualTo(50);
    }
}
