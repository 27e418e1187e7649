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
        assertThat(alerts.loginsPerUser().get()).isEqualTo("50");
        alerts.deniedPerMinute().set(" 120 ");
        alerts.ipAutoBlocked().set(false);
        alerts.loginsPerUser().set(" 20 ");
        assertThat(alerts.unapplied()).isTrue();
        alerts.apply();
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(120, true, false, 20));
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: over 120 refusals a minute, automated browsers,"
                + " over 20 logins of one user in 10 minutes.");
        assertThat(alerts.fieldInError().get()).isEmpty();
        assertThat(alerts.deniedPerMinute().get()).isEqualTo("120");
        assertThat(alerts.loginsPerUser().get()).isEqualTo("20");
        assertThat(alerts.unapplied()).isFalse();
    }

    @Test
    void aLoginThresholdThatIsNotAWholeNumberIsRefusedHereAndTheServersRefusalLandsOnItsField() {
        alerts.loginsPerUser().set("many");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("loginsPerUserPer10Minutes");
        assertThat(alerts.message().get()).isEqualTo("Logins of one user in 10 minutes: a whole number, 0 to turn this"
                + " alert off (not \"many\").");
        assertThat(admin.alerts().loginsPerUserPer10Minutes()).as("nothing sent").isEqualTo(50);
        alerts.loginsPerUser().set("20000000");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("loginsPerUserPer10Minutes");
        assertThat(alerts.message().get()).startsWith("Logins of one user in 10 minutes: ").contains("10000000");
        alerts.loginsPerUser().set("0");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEmpty();
        assertThat(admin.alerts().loginsPerUserPer10Minutes()).as("off").isZero();
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: no count of refusals, automated browsers, auto-blocks.");
    }

    @Test
    void oneRefusalAMinuteIsSaidInTheSingular() {
        assertThat(AlertsSection.describe(new AlertSettingsView(1, false, false, 0))).isEqualTo("over 1 refusal a minute");
        assertThat(AlertsSection.describe(new AlertSettingsView(2, false, false, 0))).isEqualTo("over 2 refusals a minute");
        assertThat(AlertsSection.describe(new AlertSettingsView(2, false, false, 1)))
                .isEqualTo("over 2 refusals a minute, over 1 login of one user in 10 minutes");
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
        assertThat(admin.alerts()).as("nothing sent").isEqualTo(new AlertSettingsView(0, true, true, 50));
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

    @Test
    void afterALoadThatFailedApplySendsNothing() throws Exception {
        AlertsSection[] form = new AlertsSection[1];
        server = server.awayDuring(() -> {
            form[0] = new ConfigurationViewModel(admin, Background.direct()).alerts();
            form[0].load();
        });
        alerts = form[0];
        assertThat(alerts.automationSuspected().get()).as("unknown, shown unset").isFalse();
        alerts.deniedPerMinute().set("100");
        alerts.apply();
        assertThat(alerts.message().get()).isEqualTo("Not applied: the alert settings were never loaded from the server."
                + " Reload them first.");
        assertThat(admin.alerts()).as("the server's switches stay on").isEqualTo(new AlertSettingsView(0, true, true, 50));

        alerts.load();
        alerts.deniedPerMinute().set("100");
        alerts.apply();
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(100, true, true, 50));
    }

    @Test
    void aFormLoadedBeforeAnotherOperatorsChangeSendsOnlyWhatItChanged() {
        // another console turns the automation alert off after this form was loaded
        admin.updateAlerts(java.util.Map.of("deniedPerMinute", 0, "automationSuspected", false, "ipAutoBlocked", true));
        alerts.deniedPerMinute().set("75");
        alerts.apply();
        assertThat(admin.alerts()).as("the other operator's change stays").isEqualTo(new AlertSettingsView(75, false, true, 50));
        assertThat(alerts.automationSuspected().get()).as("the form shows what is in force now").isFalse();
    }
}
