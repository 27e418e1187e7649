package dev.palisade.engine.event;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.Reason;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.config.Setting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an allowed call leaves behind under each {@code allowedEvents} setting: by default no event
 * (no database row), but a place in the ring of recent calls and a count in its minute's rollup.
 */
class AllowedEventsTest extends EngineTestBase {

    private List<Event> decisions() throws InterruptedException {
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        return f.store.queryEvents(new EventQuery(null, null, EventType.DECISION, null, null, null, 0, 100));
    }

    private void mode(int allowedEvents, long every) {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("allowedEvents", (long) allowedEvents, "allowedSampleEvery", every));
    }

    @Test
    void byDefaultAnAllowedCallIsRememberedAndCountedButNotStored() throws Exception {
        assertThat(f.engine.settings().allowedEvents()).isEqualTo(Setting.ALLOWED_ROLLUP);
        LoginResult login = f.login("alice");
        assertThat(f.call("GET", "/api/notes", login.token().token(), null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", null, null).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(decisions()).extracting(Event::code).as("the denial only").containsExactly("missing_credentials");
        assertThat(f.engine.recentCalls().newest(c -> true, 10)).singleElement().satisfies(c -> {
            assertThat(c.sessionId()).isEqualTo(login.sessionId());
            assertThat(c.principal()).isEqualTo("alice");
            assertThat(c.ip()).isEqualTo("127.0.0.1");
            assertThat(c.method()).isEqualTo("GET");
            assertThat(c.path()).isEqualTo("/api/notes");
            assertThat(c.at()).isEqualTo(f.clock.millis());
        });
        long second = f.clock.millis();
        assertThat(f.engine.stats().window(second, 1).get(0).allowed()).as("the bootstrap, the login and the call")
                .isEqualTo(3);
    }

    /** An attacker's session can send paths of several KB: each memory that keeps calls keeps a bounded piece. */
    @Test
    void aLongPathIsKeptCutToItsFirst512CharactersWhereverACallIsRemembered() throws Exception {
        LoginResult login = f.login("alice");
        mode(Setting.ALLOWED_ALL, 2);
        String path = "/api/notes/" + "x".repeat(8_000);
        assertThat(f.call("GET", path, login.token().token(), null).allowed()).isTrue();
        assertThat(f.call("GET", path, null, null).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        java.util.function.Consumer<String> cut = kept -> { // lengths, not the texts: a failure would print 8 000 x
            assertThat(kept.length()).isEqualTo(512);
            assertThat(kept.startsWith("/api/notes/xxx") && kept.endsWith("x…")).isTrue();
        };

        assertThat(f.engine.recentCalls().newest(c -> true, 10)).singleElement().satisfies(c -> cut.accept(c.path()));
        assertThat(f.engine.sessions().get(login.sessionId()).lastCalls()).last().satisfies(c -> cut.accept(c.path()));
        assertThat(decisions()).extracting(Event::path).hasSize(2).allSatisfy(cut);
        String emoji = "/api/notes/" + "y".repeat(499) + "\uD83D\uDE00" + "z".repeat(100);
        assertThat(f.call("GET", emoji, null, null).allowed()).isFalse();
        assertThat(decisions()).extracting(Event::path).filteredOn(p -> p.contains("y"))
                .as("a character made of two is not cut in half").singleElement()
                .isEqualTo("/api/notes/" + "y".repeat(499) + "…");
    }

    @Test
    void sampledStoresEveryNthAllowedCallAndAllStoresEachOne() throws Exception {
        LoginResult login = f.login("alice");
        mode(Setting.ALLOWED_SAMPLED, 3);
        for (int i = 0; i < 7; i++) f.call("GET", "/api/notes/" + i, login.token().token(), null);
        assertThat(decisions()).extracting(Event::path).containsExactlyInAnyOrder("/api/notes/2", "/api/notes/5");
        mode(Setting.ALLOWED_ALL, 3);
        for (int i = 0; i < 2; i++) f.call("GET", "/api/cart", login.token().token(), null);
        assertThat(decisions()).filteredOn(e -> e.path().equals("/api/cart")).hasSize(2)
                .allSatisfy(e -> assertThat(e.code()).isEqualTo("allowed"));
        assertThat(f.engine.recentCalls().added()).as("every allowed call is in the ring, whatever is stored").isEqualTo(9);
    }

    @Test
    void rollupsCountAllowedCallsPerMinuteAndSurviveARestart() {
        LoginResult login = f.login("alice");
        long minute = f.clock.millis() - f.clock.millis() % 60_000;
        for (int i = 0; i < 3; i++) f.call("GET", "/api/notes", login.token().token(), null);
        f.call("POST", "/api/cart", login.token().token(), null);
        f.call("GET", "/api/notes", null, null); // a denial is an event, not a rollup
        f.restart(); // a clean stop writes the minute in progress
        assertThat(f.store.topRollups(Rollup.Dimension.ROUTE, minute, minute + 60_000, 10)).containsExactly(
                new Rollup.Total("/api/notes", 3), new Rollup.Total("/api/cart", 1));
        assertThat(f.store.topRollups(Rollup.Dimension.USER, minute, minute + 60_000, 10))
                .containsExactly(new Rollup.Total("alice", 4));
        assertThat(f.store.topRollups(Rollup.Dimension.ALL, minute, minute + 60_000, 10))
                .containsExactly(new Rollup.Total("", 4));
        f.clock.advance(Duration.ofMinutes(2));
        LoginResult again = f.login("bob");
        f.call("GET", "/api/notes", again.token().token(), null);
        f.clock.advance(Duration.ofSeconds(65));
        f.engine.maintain(); // the timer writes a minute once it has settled
        assertThat(f.store.topRollups(Rollup.Dimension.USER, minute, minute + 600_000, 10))
                .containsExactly(new Rollup.Total("alice", 4), new Rollup.Total("bob", 1));
    }

    @Test
    void theChoiceIsNamedInTheSettingsAndItsChangeInTheAudit() throws Exception {
        assertThat(f.engine.settings().shown()).containsEntry("allowedEvents", "rollup").containsEntry("allowedSampleEvery", 100L);
        mode(Setting.ALLOWED_SAMPLED, 10);
        assertThat(f.engine.settings().shown()).containsEntry("allowedEvents", "sampled");
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(new EventQuery(null, null, EventType.ADMIN, "settings_changed", null, null, 0, 10)))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("(allowedEvents) to sampled").doesNotContain("{"));
        f.restart();
        assertThat(f.engine.settings().allowedEvents()).isEqualTo(Setting.ALLOWED_SAMPLED);
    }

    /* A PUT that changed nothing was told as "changed " and nothing; one value set to what it was as a change. */
    @Test
    void aSettingSetToWhatItWasIsNoChangeInTheAudit() throws Exception {
        long ttl = f.engine.settings().asMap().get("accessTokenTtlSeconds");
        f.engine.operator(dev.palisade.engine.admin.Actor.OWNER).updateSettings(java.util.Map.of("accessTokenTtlSeconds", ttl));
        f.engine.operator(dev.palisade.engine.admin.Actor.OWNER).updateSettings(java.util.Map.of());
        f.engine.operator(dev.palisade.engine.admin.Actor.OWNER).updateSettings(java.util.Map.of("accessTokenTtlSeconds", ttl + 60));
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(new EventQuery(null, null, EventType.ADMIN, "settings_changed", null, null, 0, 10)))
                .extracting(dev.palisade.engine.event.Event::detail)
                .containsExactly("changed Access token lifetime (accessTokenTtlSeconds) to " + (ttl + 60) + " s",
                        "settings saved unchanged", "settings saved unchanged");
    }
}
