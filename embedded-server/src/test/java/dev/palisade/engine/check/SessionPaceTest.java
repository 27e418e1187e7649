package dev.palisade.engine.check;

import dev.palisade.engine.config.Settings;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;
import dev.palisade.engine.session.BootstrapCost;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sessions are slowed (DESIGN's L5): a driven browser the policy lets through, and no one else. */
class SessionPaceTest {

    private final AtomicReference<FingerprintPolicy> policy = new AtomicReference<>(FingerprintPolicy.defaults());
    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.defaults());
    private final SessionPace pace = new SessionPace(policy::get, settings::get);

    private static Session session(String automation, BootstrapCost bootstrap) {
        return new Session(new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 1, 0, 0,
                new byte[32], null, automation, null, bootstrap));
    }

    private static FingerprintPolicy automation(String action) {
        return FingerprintPolicy.of(Map.of("userAgent", "reauth", "automation", action), 24, 64, List.of());
    }

    @Test
    void aDrivenBrowsersSessionIsHeldToTheSettingsShareUnderAlert() {
        Session driven = session("webdriver", new BootstrapCost(14, 40));
        assertThat(pace.percentOf(driven)).as("the default").isEqualTo(50);
        assertThat(pace.percentOf(session("headless,no_languages", new BootstrapCost(14, 40)))).isEqualTo(50);
        settings.set(Settings.defaults().with(Map.of("automatedSessionRatePercent", 20L)));
        assertThat(pace.percentOf(driven)).as("changed live").isEqualTo(20);
    }

    @Test
    void everyOtherSessionHasItsWholeWindows() {
        assertThat(pace.percentOf(null)).as("no session").isEqualTo(100);
        assertThat(pace.percentOf(session("", new BootstrapCost(14, 900)))).as("a clean browser").isEqualTo(100);
        assertThat(pace.percentOf(session("no_client_hints,no_sec_fetch", new BootstrapCost(14, 900))))
                .as("only signs that people's browsers give too (Firefox sends no client hints)").isEqualTo(100);
        assertThat(pace.percentOf(session("webdriver", BootstrapCost.waived(30)))).as("a debug token's tool").isEqualTo(100);
        policy.set(automation("ignore"));
        assertThat(pace.percentOf(session("webdriver", new BootstrapCost(14, 40)))).as("the operator asked for nothing").isEqualTo(100);
        policy.set(automation("alert"));
        assertThat(pace.percentOf(session("webdriver", new BootstrapCost(14, 40)))).isEqualTo(50);
        assertThat(SessionPace.whole().percentOf(session("webdriver", new BootstrapCost(14, 40)))).isEqualTo(100);
    }

    /* The session list said "50" with no session window to cut, or only windows of 1 call (review 61, I1). */
    @Test
    void theShareToldIsTheWholeWindowsWhenNoSessionWindowIsCut() {
        Session driven = session("webdriver", new BootstrapCost(14, 40));
        var session4 = new RateWindow(Scope.SESSION, 4, 60, null);
        var ip2 = new RateWindow(Scope.IP, 2, 60, null);
        assertThat(pace.percentInForce(driven, List.of(session4, ip2))).isEqualTo(50);
        assertThat(pace.percentInForce(driven, List.of(ip2))).as("no session window").isEqualTo(100);
        assertThat(pace.percentInForce(driven, List.of(new RateWindow(Scope.SESSION, 1, 1, null), ip2)))
                .as("half of 1 call is still 1").isEqualTo(100);
        assertThat(pace.percentInForce(session("", new BootstrapCost(14, 900)), List.of(session4))).isEqualTo(100);
    }
}
