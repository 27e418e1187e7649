package dev.palisade.engine.config;

import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.defaults();
        assertThat(s.bootstrapWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.asMap()).containsOnlyKeys(java.util.Arrays.stream(Setting.values()).map(Setting::key).toList());
    }

    @Test
    void aPartialChangeKeepsTheRest() {
        Settings s = Settings.defaults().with(Map.of("bootstrapWindowSeconds", 10L));
        assertThat(s.bootstrapWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.accessTokenTtl()).isEqualTo(Settings.defaults().accessTokenTtl());
    }

    @Test
    void everyBadFieldIsReportedAndNothingApplies() {
        Map<String, Long> changes = new LinkedHashMap<>();
        changes.put("bootstrapWindowSeconds", 0L);
        changes.put("accessTokenTtlSeconds", 10_000_000L);
        changes.put("colour", 3L);
        assertThatThrownBy(() -> Settings.defaults().with(changes))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
                    assertThat(e.errors()).extracting(f -> f.field())
                            .containsExactly("bootstrapWindowSeconds", "accessTokenTtlSeconds", "colour");
                    assertThat(e.errors().get(0).message()).contains("between 1 and 600 s");
                });
    }

    @Test
    void absoluteLifetimeMayNotBeShorterThanIdle() {
        assertThatThrownBy(() -> Settings.defaults().with(Map.of("sessionIdleTtlSeconds", 7_200L,
                "sessionAbsoluteTtlSeconds", 3_600L)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(f ->
                                assertThat(f.field()).isEqualTo("sessionAbsoluteTtlSeconds")));
    }

    @Test
    void storedValuesThatAreBrokenFallBackToDefaults() {
        Settings s = Settings.fromStored(Map.of("bootstrapWindowSeconds", "abc", "accessTokenTtlSeconds", "-5",
                "clockLeewaySeconds", " 12 ", "fromTheFuture", "1"));
        assertThat(s.bootstrapWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.clockLeeway()).isEqualTo(Duration.ofSeconds(12));
        assertThat(Settings.fromStored(s.asStored())).isEqualTo(s);
    }

    @Test
    void storedSettingsThatDisagreeFallBackAsAGroupAndTheRestStays() {
        Settings s = Settings.fromStored(Map.of("sessionIdleTtlSeconds", "20000", "sessionAbsoluteTtlSeconds", "10000",
                "powMinBits", "20", "powBits", "12", "maxSessions", "777"));
        assertThat(s.get(Setting.MAX_SESSIONS)).isEqualTo(777);
        assertThat(s.get(Setting.SESSION_IDLE_TTL)).isEqualTo(Setting.SESSION_IDLE_TTL.defaultValue());
        assertThat(s.get(Setting.SESSION_ABSOLUTE_TTL)).isEqualTo(Setting.SESSION_ABSOLUTE_TTL.defaultValue());
        assertThat(s.get(Setting.POW_MIN_BITS)).isEqualTo(Setting.POW_MIN_BITS.defaultValue());
        assertThat(s.get(Setting.POW_BITS)).isEqualTo(Setting.POW_BITS.defaultValue());

        Settings agreeing = Settings.fromStored(Map.of("sessionIdleTtlSeconds", "7200", "sessionAbsoluteTtlSeconds", "7200",
                "powMinBits", "12", "powBits", "12", "powMaxBits", "12"));
        assertThat(agreeing.get(Setting.SESSION_ABSOLUTE_TTL)).as("a lifetime as long as the idle timeout").isEqualTo(7200);
        assertThat(agreeing.get(Setting.POW_BITS)).isEqualTo(12);
    }

    @Test
    void aChangeIsStoredWithTheSettingsItMustAgreeWith() {
        Settings now = Settings.defaults();
        assertThat(now.storedWith(java.util.Set.of("sessionAbsoluteTtlSeconds", "maxSessions")).keySet())
                .containsExactlyInAnyOrder("sessionAbsoluteTtlSeconds", "sessionIdleTtlSeconds", "maxSessions");
        assertThat(now.storedWith(java.util.Set.of("powBits")).keySet()).containsExactlyInAnyOrder("powBits", "powMinBits", "powMaxBits");
    }

    /*
     * Durability audit 61, I1: a stored value out of this version's bounds (a hand edit, a newer version's wider bounds)
     * became the default with no word, and so did a group that disagreed: the operator's setting was gone, unsaid.
     */
    @Test
    void aStoredValueThisVersionCannotTakeIsToldOnceAsItFallsBackToTheDefault() {
        try (dev.palisade.engine.CapturedLog log = dev.palisade.engine.CapturedLog.of(Settings.class)) {
            Map<String, String> stored = Map.of("bootstrapWindowSeconds", "99999999", "accessTokenTtlSeconds", "ten",
                    "sessionIdleTtlSeconds", "20001", "sessionAbsoluteTtlSeconds", "10001"); // values of its own: told once per process
            Settings.fromStored(stored);
            Settings.fromStored(stored);
            assertThat(log.records()).extracting(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                    .as("each once, naming the setting and the value kept instead")
                    .anySatisfy(m -> assertThat(m).contains("bootstrapWindowSeconds").contains("99999999").contains("30"))
                    .anySatisfy(m -> assertThat(m).contains("accessTokenTtlSeconds").contains("ten"))
                    .anySatisfy(m -> assertThat(m).contains("sessionIdleTtlSeconds").contains("sessionAbsoluteTtlSeconds"))
                    .hasSize(3);
        }
    }
}
