package dev.palisade.http.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong admin tokens are counted per caller: an IPv4 address, or an IPv6 caller's /64. */
class AdminThrottleTest {

    private static final long NOW = 1_000_000;

    @Test
    void anIpv6CallerCannotGuessOnByMovingWithinItsSlash64() {
        AdminThrottle throttle = new AdminThrottle();
        for (int i = 1; i <= AdminThrottle.LIMIT; i++) throttle.failed("2001:db8:5:6::" + Integer.toHexString(i), NOW);

        assertThat(throttle.retryAfter("2001:db8:5:6::ffff", NOW + 1_000)).as("another address in the same /64").isEqualTo(59);
        assertThat(throttle.retryAfter("2001:db8:5:7::1", NOW + 1_000)).as("the next /64").isZero();
    }

    @Test
    void ipv4AddressesAreCountedOneByOne() {
        AdminThrottle throttle = new AdminThrottle();
        for (int i = 0; i < AdminThrottle.LIMIT; i++) throttle.failed("203.0.113.9", NOW);

        assertThat(throttle.retryAfter("203.0.113.9", NOW)).isEqualTo(60);
        assertThat(throttle.retryAfter("203.0.113.10", NOW)).isZero();
        assertThat(throttle.retryAfter("203.0.113.9", NOW + AdminThrottle.WINDOW_MILLIS)).as("the minute is over").isZero();
    }
}
