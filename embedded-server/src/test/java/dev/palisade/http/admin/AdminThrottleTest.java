package dev.palisade.http.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong admin tokens are counted per caller (an IPv4 address, or an IPv6 caller's /64), in a bounded table. */
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
    void aFloodOfCallersDoesNotFreeOneOverTheLimit() {
        AdminThrottle throttle = new AdminThrottle();
        for (int i = 0; i < AdminThrottle.LIMIT; i++) throttle.failed("203.0.113.9", NOW);

        flood(throttle, AdminThrottle.MAX_TRACKED + 10_000, NOW + 1_000);

        assertThat(throttle.retryAfter("203.0.113.9", NOW + 2_000)).as("still over the limit").isEqualTo(58);
    }

    @Test
    void whileFullANewCallerIsNotTrackedUntilExpiredWindowsAreSwept() {
        AdminThrottle throttle = new AdminThrottle();
        flood(throttle, AdminThrottle.MAX_TRACKED, NOW);

        for (int i = 0; i < AdminThrottle.LIMIT; i++) throttle.failed("203.0.113.9", NOW + 1_000);
        assertThat(throttle.retryAfter("203.0.113.9", NOW + 1_000)).as("not tracked: the table is full of live windows")
                .isZero();

        long later = NOW + AdminThrottle.WINDOW_MILLIS;
        for (int i = 0; i < AdminThrottle.LIMIT; i++) throttle.failed("203.0.113.9", later);
        assertThat(throttle.retryAfter("203.0.113.9", later)).as("tracked again once the flood's minute is over")
                .isEqualTo(60);
    }

    /** One wrong token from each of {@code callers} IPv6 networks (a /64 each). */
    private static void flood(AdminThrottle throttle, int callers, long at) {
        for (int i = 0; i < callers; i++) {
            throttle.failed("2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1", at);
        }
    }

    @Test
    void ipv4AddressesAreCountedOneByOne() {
        AdminThrottle throttle = new AdminThrottle();
        for (int i = 0; i < AdminThrottle.LIMIT; i++) throttle.failed("203.0.113.9", NOW);

        assertThat(throttle.retryAfter("203.0.113.9", NOW)).isEqualTo(60);
        assertThat(throttle.retryAfter("203.0.113.10", NOW)).isZero();
        assertThat(throttle.retryAfter("203.0.113.9", NOW + AdminThrottle.WINDOW_MILLIS)).as("the minute is over").isZero();
    }

    /*
     * Audit conc55 L8: whether a wrong token reached the limit was read after its count was let go, so the tenth and
     * the eleventh counted together both read eleven, and the admin_throttled event was never raised.
     */
    @Test
    void theWrongTokenThatReachesTheLimitIsToldSoWhenTheNextIsCountedBeforeItLooks() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            java.util.concurrent.CountDownLatch nextCounted = new java.util.concurrent.CountDownLatch(1);
            AdminThrottle throttle = new AdminThrottle(new java.util.concurrent.ConcurrentHashMap<>() {
                @Override
                public long[] compute(String key, java.util.function.BiFunction<? super String, ? super long[], ? extends long[]> f) {
                    long[] counted = super.compute(key, f);
                    // the tenth waits, its count made, until the eleventh is counted too
                    if (Thread.currentThread().getName().equals("tenth")) {
                        try {
                            nextCounted.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return counted;
                }
            });
            for (int i = 1; i < AdminThrottle.LIMIT; i++) assertThat(throttle.failed("203.0.113.9", NOW)).isFalse();
            java.util.concurrent.FutureTask<Boolean> tenth = new java.util.concurrent.FutureTask<>(() -> throttle.failed("203.0.113.9", NOW));
            new Thread(tenth, "tenth").start();
            while (throttle.retryAfter("203.0.113.9", NOW) == 0) Thread.sleep(1); // the tenth is counted
            boolean eleventh = throttle.failed("203.0.113.9", NOW);
            nextCounted.countDown();

            assertThat(tenth.get()).as("the tenth reached the limit").isTrue();
            assertThat(eleventh).isFalse();
        });
    }
}
