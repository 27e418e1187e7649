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
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(120, true, false, 20, true));
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: over 120 refusals a minute, automated browsers,"
                + " over 20 logins of one user in 10 minutes, logins refused busy; off: auto-blocks.");
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
        assertThat(alerts.message().get()).isEqualTo("Logins of one user in 10 minutes: must be a whole number from 0 (off)"
                + " to 10000000.");
        assertThat(admin.alerts().loginsPerUserPer10Minutes()).as("nothing sent").isEqualTo(50);
        alerts.loginsPerUser().set("20000000");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("loginsPerUserPer10Minutes");
        assertThat(alerts.message().get()).as("the same words for a number too large").isEqualTo("Logins of one user in 10"
                + " minutes: must be a whole number from 0 (off) to 10000000.");
        alerts.loginsPerUser().set("0");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEmpty();
        assertThat(admin.alerts().loginsPerUserPer10Minutes()).as("off").isZero();
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: automated browsers, auto-blocks, logins refused"
                + " busy; off: refusals, logins of one user.");
    }

    @Test
    void oneRefusalAMinuteIsSaidInTheSingular() {
        assertThat(AlertsSection.describe(new AlertSettingsView(1, true, true, 0, true))).isEqualTo("over 1 refusal a minute,"
                + " automated browsers, auto-blocks, logins refused busy; off: logins of one user");
        assertThat(AlertsSection.describe(new AlertSettingsView(2, true, true, 0, true))).startsWith("over 2 refusals a minute,");
        assertThat(AlertsSection.describe(new AlertSettingsView(2, false, false, 1, true)))
                .isEqualTo("over 2 refusals a minute, over 1 login of one user in 10 minutes, logins refused busy; off:"
                        + " automated browsers, auto-blocks");
    }

    /* Look 56, item 5: the refusals alert turned off read "no count of refusals". What is off is said so, plainly. */
    @Test
    void alertsTurnedOffAreSaidToBeOff() {
        assertThat(AlertsSection.describe(new AlertSettingsView(0, true, true, 50, true))).isEqualTo("automated browsers,"
                + " auto-blocks, over 50 logins of one user in 10 minutes, logins refused busy; off: refusals");
        assertThat(AlertsSection.describe(new AlertSettingsView(0, false, false, 0, false))).isEqualTo("none; off: refusals,"
                + " automated browsers, auto-blocks, logins of one user, logins refused busy");
    }

    /* Session 58: the server's new alert on logins refused login_busy (a flood of guesses) is shown, applied and said. */
    @Test
    void theBusyLoginsAlertIsShownAppliedAndSaidOnAndOff() {
        assertThat(alerts.loginsBusy().get()).as("on by default").isTrue();
        alerts.loginsBusy().set(false);
        assertThat(alerts.unapplied()).isTrue();
        alerts.apply();
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(0, true, true, 50, false));
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: automated browsers, auto-blocks, over 50 logins of"
                + " one user in 10 minutes; off: refusals, logins refused busy.");
        assertThat(alerts.unapplied()).isFalse();
        alerts.loginsBusy().set(true);
        alerts.apply();
        assertThat(admin.alerts().loginsBusy()).isTrue();
        assertThat(alerts.message().get()).isEqualTo("Alerts applied: automated browsers, auto-blocks, over 50 logins of"
                + " one user in 10 minutes, logins refused busy; off: refusals.");
    }

    @Test
    void aThresholdThatIsNotAWholeNumberIsRefusedHereAndNothingIsSent() {
        alerts.deniedPerMinute().set("lots");
        alerts.automationSuspected().set(false);
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).isEqualTo("Refusals per minute: must be a whole number from 0 (off) to 10000000.");
        alerts.deniedPerMinute().set("-5");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).isEqualTo("Refusals per minute: must be a whole number from 0 (off) to 10000000.");
        assertThat(admin.alerts()).as("nothing sent").isEqualTo(new AlertSettingsView(0, true, true, 50, true));
    }

    /*
     * Look 56, item 5: -1 read "a whole number, 0 to turn this alert off (not "-1")." and 10000001 the server's "must be a
     * whole number from 0 (off) to 10000000", without its full stop. Both bounds are checked here, in the server's words.
     */
    @Test
    void aThresholdOverTheServersBoundIsRefusedInTheSameWordsAsABelowZeroOne() {
        alerts.deniedPerMinute().set("10000001");
        alerts.automationSuspected().set(false);
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).isEqualTo("Refusals per minute: must be a whole number from 0 (off) to 10000000.");
        assertThat(admin.alerts()).as("nothing sent").isEqualTo(new AlertSettingsView(0, true, true, 50, true));
        alerts.deniedPerMinute().set("10000000");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEmpty();
        assertThat(admin.alerts().deniedPerMinute()).as("the bound itself is taken").isEqualTo(10_000_000);
    }

    /** A server whose bound is lower than this console knows (another version): its refusal, a sentence like the console's. */
    @Test
    void theServersRefusalLandsOnItsField() {
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        okhttp3.OkHttpClient lower = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            okhttp3.Request r = chain.request();
            if (!r.method().equals("PUT") || !r.url().encodedPath().equals("/admin/alerts") || refused.getAndSet(true)) {
                return chain.proceed(r);
            }
            return new okhttp3.Response.Builder().request(r).protocol(okhttp3.Protocol.HTTP_1_1).code(400).message("Bad Request")
                    .body(okhttp3.ResponseBody.create("{\"code\":\"invalid_config\",\"detail\":\"invalid alert settings\","
                            + "\"errors\":[{\"field\":\"deniedPerMinute\",\"message\":\"must be a whole number from 0 (off) to 1000\"}]}",
                            okhttp3.MediaType.get("application/problem+json"))).build();
        }).build();
        alerts = new ConfigurationViewModel(new AdminClient(server.context().adminUrl(), server.context().adminToken(), lower),
                Background.direct()).alerts();
        alerts.load();
        alerts.deniedPerMinute().set("5000");
        alerts.apply();
        assertThat(alerts.fieldInError().get()).isEqualTo("deniedPerMinute");
        assertThat(alerts.message().get()).isEqualTo("Refusals per minute: must be a whole number from 0 (off) to 1000.");
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
        assertThat(admin.alerts()).as("the server's switches stay on").isEqualTo(new AlertSettingsView(0, true, true, 50, true));

        alerts.load();
        alerts.deniedPerMinute().set("100");
        alerts.apply();
        assertThat(admin.alerts()).isEqualTo(new AlertSettingsView(100, true, true, 50, true));
    }

    @Test
    void aFormLoadedBeforeAnotherOperatorsChangeSendsOnlyWhatItChanged() {
        // another console turns the automation and busy-logins alerts off after this form was loaded
        admin.updateAlerts(java.util.Map.of("deniedPerMinute", 0, "automationSuspected", false, "ipAutoBlocked", true,
                "loginsBusy", false));
        alerts.deniedPerMinute().set("75");
        alerts.apply();
        assertThat(admin.alerts()).as("the other operator's change stays").isEqualTo(new AlertSettingsView(75, false, true, 50, false));
        assertThat(alerts.automationSuspected().get()).as("the form shows what is in force now").isFalse();
        assertThat(alerts.loginsBusy().get()).isFalse();
    }
}
