package dev.palisade.engine.fingerprint;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fingerprint as two arrays: the order, the map view, the canonical text and equality as before. */
class FingerprintValueTest {

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    @Test
    void keepsTheOrderItWasGiven() {
        Fingerprint f = new Fingerprint(ordered("userAgent", "UA 1", "ip", "10.1.2.0/24", "acceptLanguage", "en"));
        assertThat(f.components()).containsExactly(Map.entry("userAgent", "UA 1"), Map.entry("ip", "10.1.2.0/24"),
                Map.entry("acceptLanguage", "en"));
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.name(1)).isEqualTo("ip");
        assertThat(f.value(2)).isEqualTo("en");
        assertThat(f.canonical()).isEqualTo("userAgent=UA 1\nip=10.1.2.0/24\nacceptLanguage=en\n");
    }

    @Test
    void equalWhenEveryNameAndValueIsInTheSameOrder() {
        Fingerprint a = new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24"));
        assertThat(a).isEqualTo(new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24")))
                .hasSameHashCodeAs(new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24")));
        assertThat(a).isNotEqualTo(new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.3.0/24")));
        assertThat(a).isNotEqualTo(new Fingerprint(ordered("userAgent", "UA", "network", "10.1.2.0/24")));
        assertThat(a).isNotEqualTo(new Fingerprint(ordered("userAgent", "UA")));
        assertThat(Fingerprint.NONE.components()).isEmpty();
    }

    @Test
    void theMapViewCannotChangeIt() {
        Fingerprint f = new Fingerprint(ordered("ip", "10.0.0.0/24"));
        assertThatThrownBy(() -> f.components().put("ip", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(f.value(0)).isEqualTo("10.0.0.0/24");
    }

    @Test
    void aCaptureIsTheSameValueAsItsMap() {
        FingerprintPolicy p = FingerprintPolicy.defaults();
        Fingerprint captured = p.capture("10.1.2.3", h -> h.equals("user-agent") ? " UA 2 " : null);
        assertThat(new Fingerprint(captured.components())).isEqualTo(captured);
        assertThat(captured.components()).containsEntry("userAgent", "UA 2");
    }

    @Test
    void fingerprintsOfTwoPoliciesInTurnKeepTheirOwnNames() {
        FingerprintPolicy three = FingerprintPolicy.defaults();
        FingerprintPolicy one = FingerprintPolicy.of(Map.of("userAgent", "reauth", "ip", "ignore", "acceptLanguage", "ignore"),
                24, 64, java.util.List.of());
        java.util.function.UnaryOperator<String> headers = h -> h.equals("user-agent") ? "UA" : "en";
        Fingerprint a = three.capture("10.1.2.3", headers);
        Fingerprint b = one.capture("10.1.2.3", headers);
        Fingerprint c = three.capture("10.1.2.4", headers);
        Fingerprint d = new Fingerprint(ordered("userAgent", "UA", "ip", "10.9.9.0/24"));
        assertThat(a.components()).containsOnlyKeys("userAgent", "ip", "acceptLanguage");
        assertThat(b.components()).containsExactly(Map.entry("userAgent", "UA"));
        assertThat(c.components()).containsExactly(Map.entry("userAgent", "UA"), Map.entry("ip", "10.1.2.0/24"),
                Map.entry("acceptLanguage", "en"));
        assertThat(d.components()).containsExactly(Map.entry("userAgent", "UA"), Map.entry("ip", "10.9.9.0/24"));
        assertThat(a).isEqualTo(c).isNotEqualTo(b);
    }

    @Test
    void valuesBeyondTheThirdReadCompareAndPrintLikeTheFirst() {
        Fingerprint five = new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24", "acceptLanguage", "en",
                "header:x-a", "a", "header:x-b", "b\nc"));
        assertThat(five.size()).isEqualTo(5);
        assertThat(five.value(3)).isEqualTo("a");
        assertThat(five.value(4)).isEqualTo("b\nc");
        assertThat(five.components()).containsExactly(Map.entry("userAgent", "UA"), Map.entry("ip", "10.1.2.0/24"),
                Map.entry("acceptLanguage", "en"), Map.entry("header:x-a", "a"), Map.entry("header:x-b", "b\nc"));
        assertThat(five.canonical()).endsWith("header:x-a=a\nheader:x-b=b c\n");
        Fingerprint same = new Fingerprint(five.components());
        Fingerprint fifthDiffers = new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24", "acceptLanguage", "en",
                "header:x-a", "a", "header:x-b", "other"));
        assertThat(same).isEqualTo(five).hasSameHashCodeAs(five);
        assertThat(fifthDiffers).isNotEqualTo(five);
        for (int i = 0; i < 3; i++) {
            Map<String, String> m = new LinkedHashMap<>(five.components());
            String name = five.name(i);
            m.put(name, "changed");
            assertThat(new Fingerprint(m)).as("value %d differs", i).isNotEqualTo(five);
        }
        assertThatThrownBy(() -> five.value(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Fingerprint(ordered("ip", "x")).value(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> five.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Fingerprint.NONE.size()).isZero();
        assertThat(Fingerprint.NONE.components()).isEmpty();
    }

    @Test
    void aPolicyThatComparesNothingCapturesAnEmptyFingerprint() {
        FingerprintPolicy nothing = FingerprintPolicy.of(Map.of("userAgent", "ignore", "ip", "ignore", "acceptLanguage", "ignore"),
                24, 64, java.util.List.of());
        Fingerprint empty = nothing.capture("10.1.2.3", h -> "anything");
        assertThat(empty.size()).isZero();
        assertThat(empty.components()).isEmpty();
        assertThat(empty.canonical()).isEmpty();
        assertThat(empty).isEqualTo(Fingerprint.NONE);
        Fingerprint one = new Fingerprint(ordered("userAgent", "UA"));
        assertThat(one.value(0)).isEqualTo("UA");
        Fingerprint two = new Fingerprint(ordered("userAgent", "UA", "ip", "10.1.2.0/24"));
        assertThat(two.value(1)).isEqualTo("10.1.2.0/24");
    }
}
