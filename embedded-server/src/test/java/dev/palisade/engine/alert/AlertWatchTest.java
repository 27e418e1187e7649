package dev.palisade.engine.alert;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.TrafficStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The thresholds of {@link AlertWatch}, judged on events fed by hand with a fixed clock. */
class AlertWatchTest {

    private final MutableClock clock = MutableClock.at2026();
    private final List<Event> raised = new ArrayList<>();
    private final AtomicReference<AlertSettings> settings = new AtomicReference<>(new AlertSettings(3, true, true, 0, true));
    private final AlertWatch watch = AlertWatch.manual(settings::get,
            new Audit(raised::add, new TrafficStats(), new RecentCalls(16), Settings::defaults, clock));

    private Event denial() {
        return new Event(1, clock.millis(), EventType.DECISION, "missing_credentials", "credentials", "", "", "10.0.0.7",
                "GET", "/api/notes", 401, 0, "no credentials");
    }

    private void deny(int times) {
        for (int i = 0; i < times; i++) watch.accept(denial());
    }

    private List<Event> alerts(String kind) {
        return raised.stream().filter(e -> e.code().equals("alert") && e.check().equals(kind)).toList();
    }

    @Test
    void deniedPerMinuteAlertsOnceWhenTheCountGoesOverTheThresholdAndSaysTheCount() {
        deny(3);
        assertThat(raised).as("3 is the threshold, not over it").isEmpty();
        deny(1);
        assertThat(raised).hasSize(1);
        Event alert = raised.get(0);
        assertThat(alert.type()).isEqualTo(EventType.SYSTEM);
        assertThat(alert.code()).isEqualTo("alert");
        assertThat(alert.check()).isEqualTo(AlertWatch.DENIED_PER_MINUTE);
        assertThat(alert.detail()).startsWith("4 refused calls and logins within a minute, over the threshold of 3 per minute")
                .contains("missing_credentials GET /api/notes from 10.0.0.7");
        assertThat(alert.denied()).as("an alert is not itself a refusal").isFalse();
    }

    @Test
    void whileItStaysOverItAlertsAtMostOnceAMinute() {
        deny(10);
        clock.advance(Duration.ofSeconds(30));
        deny(10);
        assertThat(alerts(AlertWatch.DENIED_PER_MINUTE)).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
        deny(1);
        assertThat(alerts(AlertWatch.DENIED_PER_MINUTE)).as("a minute after the first, still over").hasSize(2);
        assertThat(alerts(AlertWatch.DENIED_PER_MINUTE).get(1).detail()).as("the first 10 left the window")
                .startsWith("11 refused calls");
    }

    @Test
    void denialsOlderThanAMinuteLeaveTheCount() {
        deny(3);
        clock.advance(Duration.ofSeconds(61));
        deny(3);
        assertThat(raised).isEmpty();
        clock.advance(Duration.ofMinutes(30));
        deny(3);
        assertThat(raised).as("after a long quiet spell the buckets are all cleared").isEmpty();
    }

    private Event busyLogin(String user) {
        return new Event(1, clock.millis(), EventType.AUTH, "login_busy", "auth", "", user, "10.0.0.9", "POST",
                "/auth/login", 503, 0, "too many logins are being checked at once; try again in a moment");
    }

    /* Audit ladder58 M1: a flood of guesses kept the password checks full and people out, and no alert said so. */
    @Test
    void loginsRefusedBusyAlertAtOnceThenAtMostOnceAMinuteWhileTheyGoOn() {
        settings.set(new AlertSettings(0, true, true, 0, true));
        watch.accept(busyLogin("guess1"));
        assertThat(alerts(AlertWatch.LOGINS_BUSY)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(EventType.SYSTEM);
            assertThat(a.detail()).startsWith("1 login refused login_busy within a minute: the password checks are full")
                    .contains("(the latest: \"guess1\" from 10.0.0.9)");
        });
        for (int i = 0; i < 20; i++) watch.accept(busyLogin("guess" + i));
        clock.advance(Duration.ofSeconds(59));
        watch.accept(busyLogin("guess21"));
        assertThat(alerts(AlertWatch.LOGINS_BUSY)).as("within the minute").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        watch.accept(busyLogin("guess22"));
        assertThat(alerts(AlertWatch.LOGINS_BUSY)).as("a minute after the first").hasSize(2);
        assertThat(alerts(AlertWatch.LOGINS_BUSY).get(1).detail()).as("the first 21 left the window")
                .startsWith("2 logins refused login_busy");
        assertThat(alerts(AlertWatch.DENIED_PER_MINUTE)).as("that one off").isEmpty();
    }

    @Test
    void theBusyLoginsAlertIsOffWhenItsSettingIsAndOtherRefusedLoginsDoNotRaiseIt() {
        settings.set(new AlertSettings(0, true, true, 0, true));
        watch.accept(new Event(1, clock.millis(), EventType.AUTH, "invalid_credentials", "auth", "", "alice", "10.0.0.9",
                "POST", "/auth/login", 401, 0, "wrong user name or password"));
        assertThat(raised).isEmpty();
        settings.set(new AlertSettings(0, true, true, 0, false));
        watch.accept(busyLogin("guess1"));
        assertThat(raised).isEmpty();
    }

    @Test
    void allowedCallsAndAdminEventsAreNotDenials() {
        for (int i = 0; i < 10; i++) {
            watch.accept(new Event(1, clock.millis(), EventType.DECISION, "allowed", "", "s1", "alice", "10.0.0.7", "GET",
                    "/api/notes", 200, 0, ""));
            watch.accept(Event.admin(clock.millis(), "settings_changed", "changed", "owner"));
        }
        assertThat(raised).isEmpty();
    }

    @Test
    void zeroTurnsTheDenialThresholdOff() {
        settings.set(new AlertSettings(0, true, true, 0, true));
        deny(100);
        assertThat(raised).isEmpty();
    }

    @Test
    void anAutomatedSessionAlertsOnceWithItsSignals() {
        Event flagged = new Event(1, clock.millis(), EventType.FINGERPRINT_MISMATCH, "automation_suspected", "fingerprint",
                "s-42", "alice", "10.0.0.8", "POST", "/auth/login", 200, 0,
                "{\"action\":\"alert\",\"signals\":[\"webdriver\",\"headless\"],\"changes\":[]}");
        watch.accept(flagged);
        watch.accept(flagged);
        watch.accept(new Event(1, clock.millis(), EventType.DECISION, "automation_suspected", "fingerprint", "s-42", "alice",
                "10.0.0.8", "GET", "/api/notes", 403, 0, "this session began in a browser that looked automated (webdriver)"));
        List<Event> alerts = alerts(AlertWatch.AUTOMATION_SUSPECTED);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).sessionId()).isEqualTo("s-42");
        assertThat(alerts.get(0).user()).isEqualTo("alice");
        assertThat(alerts.get(0).detail()).isEqualTo("new session s-42 of alice from 10.0.0.8 began in a browser that looks"
                + " automated (webdriver,headless)");
        watch.accept(new Event(1, clock.millis(), EventType.FINGERPRINT_MISMATCH, "automation_suspected", "fingerprint",
                "s-43", "bob", "10.0.0.9", "POST", "/auth/login", 200, 0, "{\"signals\":[\"webdriver\"]}"));
        assertThat(alerts(AlertWatch.AUTOMATION_SUSPECTED)).as("another session, another alert").hasSize(2);
    }

    @Test
    void anAutomationSessionIsNotAlertedWhenThatAlertIsOff() {
        settings.set(new AlertSettings(0, false, true, 0, true));
        watch.accept(new Event(1, clock.millis(), EventType.FINGERPRINT_MISMATCH, "automation_suspected", "fingerprint",
                "s-42", "alice", "10.0.0.8", "POST", "/auth/login", 200, 0, "{\"signals\":[\"webdriver\"]}"));
        assertThat(raised).isEmpty();
    }

    @Test
    void eachAutoBlockAlertsWithItsAddress() {
        Event block = new Event(7, clock.millis(), EventType.ADMIN, "ip_auto_blocked", "admin", "", "", "10.0.0.9", "", "", 0, 0,
                "10.0.0.9 blacklisted for 3600 s after 3 denials within 60 s", Actor.PALISADE.name());
        watch.accept(block);
        watch.accept(new Event(8, clock.millis(), EventType.ADMIN, "ip_auto_blocked", "admin", "", "", "10.0.0.10", "", "", 0, 0,
                "10.0.0.10 blacklisted for 3600 s after 3 denials within 60 s", Actor.PALISADE.name()));
        List<Event> alerts = alerts(AlertWatch.IP_AUTO_BLOCKED);
        assertThat(alerts).extracting(Event::ip).containsExactly("10.0.0.9", "10.0.0.10");
        assertThat(alerts.get(0).detail()).isEqualTo("auto-block: 10.0.0.9 blacklisted for 3600 s after 3 denials within 60 s");

        settings.set(new AlertSettings(0, true, false, 0, true));
        watch.accept(block);
        assertThat(alerts(AlertWatch.IP_AUTO_BLOCKED)).as("off").hasSize(2);
    }

    @Test
    void storedSettingsReadBackAndBadPartsKeepTheirDefaults() {
        AlertSettings s = new AlertSettings(250, false, true, 7, true);
        assertThat(AlertSettings.decode(s.encode())).isEqualTo(s);
        assertThat(AlertSettings.decode(null)).isEqualTo(AlertSettings.DEFAULTS);
        assertThat(AlertSettings.decode("deniedPerMinute=-4;automationSuspected=false;later=1"))
                .isEqualTo(new AlertSettings(0, false, true, 50, true));
        assertThat(AlertSettings.decode("deniedPerMinute=3;automationSuspected=true;ipAutoBlocked=false"))
                .as("stored before the login threshold was: its default").isEqualTo(new AlertSettings(3, true, false, 50, true));
        assertThat(AlertSettings.decode("loginsPerUserPer10Minutes=10000001").loginsPerUserPer10Minutes()).isEqualTo(50);
        assertThat(AlertSettings.decode(new AlertSettings(0, true, true, 0, true).encode()).loginsPerUserPer10Minutes())
                .as("off is kept as off").isZero();
        AlertSettings busyOff = new AlertSettings(0, true, true, 50, false);
        assertThat(AlertSettings.decode(busyOff.encode())).isEqualTo(busyOff);
        assertThat(AlertSettings.decode("deniedPerMinute=3;automationSuspected=true;ipAutoBlocked=false;loginsPerUserPer10Minutes=9")
                .loginsBusy()).as("stored before the busy logins alert was: its default, on").isTrue();
    }

    // --- loginsPerUserPer10Minutes

    private void login(String user, String ip) {
        watch.accept(new Event(1, clock.millis(), EventType.AUTH, "allowed", "auth", "s-" + user, user, ip, "POST",
                "/auth/login", 200, 0, "logged in after bootstrap"));
    }

    private void logins(String user, int times, String ip) {
        for (int i = 0; i < times; i++) login(user, ip);
    }

    @Test
    void oneUsersLoginsOverTheThresholdAlertOnceInTenMinutesNamingTheUserAndHowManyAddresses() {
        settings.set(new AlertSettings(0, true, true, 5, true));
        logins("alice", 3, "10.0.0.1");
        logins("bob", 5, "10.0.0.1");
        clock.advance(Duration.ofMinutes(4));
        logins("alice", 2, "10.0.0.2");
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).as("5 is the threshold, not over it").isEmpty();
        login("alice", "10.0.0.3");
        List<Event> alerts = alerts(AlertWatch.LOGINS_PER_USER);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(EventType.SYSTEM);
            assertThat(a.code()).isEqualTo("alert");
            assertThat(a.user()).isEqualTo("alice");
            assertThat(a.detail()).isEqualTo("6 logins of alice within 10 minutes from 3 addresses, over the threshold of 5");
        });
        clock.advance(Duration.ofMinutes(5)); // the first three are 9 minutes old: still counted
        logins("alice", 10, "10.0.0.1");
        clock.advance(Duration.ofMinutes(1)); // the first three left: 14 remain, still over
        login("alice", "10.0.0.1");
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).as("one alert in ten minutes while it stays over").hasSize(1);
        clock.advance(Duration.ofMinutes(4)); // ten minutes after the alert; the logins of its minute left the window
        login("alice", "10.0.0.1");
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).hasSize(2).last().extracting(Event::detail)
                .isEqualTo("12 logins of alice within 10 minutes from 1 address, over the threshold of 5");
    }

    /* Review 56: the counts made before the alert was turned off came back with it. */
    @Test
    void turnedOffTheLoginAlertKeepsNoCountsForWhenItIsTurnedOnAgain() {
        settings.set(new AlertSettings(0, true, true, 5, true));
        logins("alice", 5, "10.0.0.1");
        settings.set(new AlertSettings(0, true, true, 0, true));
        login("bob", "10.0.0.1"); // any event while off
        settings.set(new AlertSettings(0, true, true, 5, true));
        login("alice", "10.0.0.1");
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).as("one login counted since it was turned on again").isEmpty();
    }

    @Test
    void refusedLoginsOtherAuthEventsAndAnOffThresholdCountNothing() {
        settings.set(new AlertSettings(0, true, true, 2, true));
        for (int i = 0; i < 5; i++) {
            watch.accept(new Event(1, clock.millis(), EventType.AUTH, "invalid_credentials", "auth", "", "alice", "10.0.0.1",
                    "POST", "/auth/login", 401, 0, "unknown user or wrong password"));
            watch.accept(new Event(1, clock.millis(), EventType.AUTH, "allowed", "auth", "s1", "alice", "10.0.0.1", "POST",
                    "/auth/refresh", 200, 0, "token refreshed"));
        }
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).isEmpty();
        settings.set(new AlertSettings(0, true, true, 0, true));
        logins("alice", 10, "10.0.0.1");
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).isEmpty();
    }

    @Test
    void aLoginOlderThanTheWindowIsNotCountedAndAUserQuietForTenMinutesIsForgotten() {
        LoginsPerUser counts = new LoginsPerUser();
        long t0 = clock.millis();
        for (int i = 0; i < 3; i++) counts.login("alice", "10.0.0.1", t0);
        assertThat(counts.login("alice", "10.0.0.1", t0 - LoginsPerUser.WINDOW_MILLIS)).as("waited long in a queue").isNull();
        assertThat(counts.login("alice", "10.0.0.2", t0 - 60_000).count()).as("a minute late: counted").isEqualTo(4);
        counts.login("bob", "10.0.0.1", t0 + 60_000);
        assertThat(counts.users()).isEqualTo(2);
        assertThat(counts.login("carol", "10.0.0.1", t0 + LoginsPerUser.WINDOW_MILLIS).count()).isEqualTo(1);
        assertThat(counts.users()).as("alice's logins all left the window").isEqualTo(2);
        assertThat(counts.login("alice", "10.0.0.3", t0 + LoginsPerUser.WINDOW_MILLIS).addresses())
                .as("her old addresses left with them").isEqualTo(1);
    }

    @Test
    void theUsersAndTheAddressesKeptAreBounded() {
        LoginsPerUser counts = new LoginsPerUser();
        long t0 = clock.millis();
        for (int i = 0; i <= LoginsPerUser.USERS; i++) counts.login("user" + i, "10.0.0.1", t0);
        assertThat(counts.users()).isEqualTo(LoginsPerUser.USERS);
        LoginsPerUser.Logins alice = null;
        for (int i = 0; i < 3 * LoginsPerUser.ADDRESSES; i++) alice = counts.login("alice", "10.1." + (i / 256) + "." + (i % 256), t0);
        assertThat(alice.count()).isEqualTo(3L * LoginsPerUser.ADDRESSES);
        assertThat(alice.addresses()).isEqualTo(LoginsPerUser.ADDRESSES);
        assertThat(counts.users()).isEqualTo(LoginsPerUser.USERS);

        settings.set(new AlertSettings(0, true, true, 100, true));
        for (int i = 0; i <= 100; i++) login("mallory", "10.2." + (i / 256) + "." + (i % 256));
        assertThat(alerts(AlertWatch.LOGINS_PER_USER)).singleElement().extracting(Event::detail)
                .isEqualTo("101 logins of mallory within 10 minutes from 64 or more addresses, over the threshold of 100");
    }
}
