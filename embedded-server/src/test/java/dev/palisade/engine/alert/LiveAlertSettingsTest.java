package dev.palisade.engine.alert;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert settings as a settings store keeps them, across versions that know different settings. */
class LiveAlertSettingsTest {

    @TempDir
    Path dir;

    /*
     * Review farm56 L1: a change made by a version that did not know a setting wrote the text without it, and the
     * version that knew it read its default back (an alert turned off came back on at 50).
     */
    @Test
    void aChangeKeepsTheSettingsOfANewerVersionThatThisOneDoesNotKnow() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.saveSettings(Map.of(LiveAlertSettings.KEY,
                    "deniedPerMinute=0;automationSuspected=true;ipAutoBlocked=true;loginsPerUserPer10Minutes=50;"
                            + "signaturesPerHour=7"));
            LiveAlertSettings live = new LiveAlertSettings(store,
                    new Audit(e -> {}, new TrafficStats(), new RecentCalls(16), Settings::defaults, MutableClock.at2026()));

            live.update(s -> new AlertSettings(120, s.automationSuspected(), s.ipAutoBlocked(), s.loginsPerUserPer10Minutes(), s.loginsBusy()),
                    Actor.OWNER);

            String stored = store.loadSettings().get(LiveAlertSettings.KEY);
            assertThat(stored).as("the newer version's setting, as it was").contains(";signaturesPerHour=7");
            assertThat(AlertSettings.decode(stored).deniedPerMinute()).as("the change itself").isEqualTo(120);
            assertThat(stored.split(";")).as("each setting once").hasSize(6);
        }
    }

    @Test
    void theFirstChangeOfAStoreThatHeldNoneKeepsTheChangeAndTheDefaults() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            LiveAlertSettings live = new LiveAlertSettings(store,
                    new Audit(e -> {}, new TrafficStats(), new RecentCalls(16), Settings::defaults, MutableClock.at2026()));
            live.update(s -> new AlertSettings(s.deniedPerMinute(), false, s.ipAutoBlocked(), s.loginsPerUserPer10Minutes(), s.loginsBusy()),
                    Actor.OWNER);
            assertThat(store.loadSettings().get(LiveAlertSettings.KEY))
                    .isEqualTo("deniedPerMinute=0;automationSuspected=false;ipAutoBlocked=true;loginsPerUserPer10Minutes=50;"
                            + "loginsBusy=true");
        }
    }
}
