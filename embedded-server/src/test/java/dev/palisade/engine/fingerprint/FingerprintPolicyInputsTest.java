package dev.palisade.engine.fingerprint;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a call's fingerprint is compared on: the components each policy compares, in its order. */
class FingerprintPolicyInputsTest {

    private static final Map<String, String> HEADERS = Map.of("user-agent", "UA 1", "accept-language", "fr",
            "x-device", "d-7");

    private static String[] inputs(FingerprintPolicy policy) {
        return policy.inputs("10.1.2.3", HEADERS::get);
    }

    /** "must be ignore, alert, reauth or deny" offered deny where it is then refused: each says what it takes. */
    @Test
    void anUnknownActionIsRefusedNamingTheActionsThatComponentTakes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("userAgent", "off"), 24, 64, List.of()))
                .isInstanceOfSatisfying(dev.palisade.engine.InvalidInputException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("must be ignore, alert or reauth")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("automation", "block"), 24, 64, List.of()))
                .isInstanceOfSatisfying(dev.palisade.engine.InvalidInputException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("must be ignore, alert or deny")));
    }

    @Test
    void eachPolicyReadsItsOwnComponentsWhenPoliciesAlternate() {
        FingerprintPolicy defaults = FingerprintPolicy.defaults();
        FingerprintPolicy device = FingerprintPolicy.of(Map.of("header:x-device", "alert", "ip", "ignore",
                "userAgent", "ignore", "acceptLanguage", "ignore"), 24, 64, List.of());
        FingerprintPolicy addressOnly = FingerprintPolicy.of(Map.of("ip", "reauth"), 24, 64, List.of());
        for (int round = 0; round < 2; round++) {
            assertThat(inputs(defaults)).containsExactly("UA 1", "10.1.2.3", "fr");
            assertThat(inputs(device)).containsExactly("d-7");
            assertThat(inputs(addressOnly)).containsExactly("10.1.2.3");
        }
    }

    @Test
    void eachPolicyAnswersItsOwnAutomationActionWhenPoliciesAlternate() {
        FingerprintPolicy denies = FingerprintPolicy.of(Map.of("automation", "deny"), 24, 64, List.of());
        FingerprintPolicy alerts = FingerprintPolicy.of(Map.of("automation", "alert"), 24, 64, List.of());
        FingerprintPolicy silent = FingerprintPolicy.of(Map.of("ip", "reauth"), 24, 64, List.of());
        for (int round = 0; round < 2; round++) {
            assertThat(denies.automationAction()).isEqualTo(Action.DENY);
            assertThat(alerts.automationAction()).isEqualTo(Action.ALERT);
            assertThat(silent.automationAction()).as("not named: ignored").isEqualTo(Action.IGNORE);
            assertThat(inputs(silent)).as("the same worked-out reads").containsExactly("10.1.2.3");
        }
    }
}
