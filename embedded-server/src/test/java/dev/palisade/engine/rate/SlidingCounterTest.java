package dev.palisade.engine.rate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sliding-window estimate and the Retry-After it gives, worked out by hand for a 10 s window
 * and a limit of 5: the wait is exactly when one more call fits again, rounded up to whole seconds.
 */
class SlidingCounterTest {

    private static final long W = 10_000;

    private static SlidingCounter counted(int calls, long at) {
        SlidingCounter c = new SlidingCounter(W, 0);
        for (int i = 0; i < calls; i++) c.count(at);
        return c;
    }

    @Test
    void thePreviousWindowWeighsByHowMuchOfItStillOverlaps() {
        SlidingCounter c = counted(8, 1_000);
        assertThat(c.rateWith(1_000)).isEqualTo(9.0);
        assertThat(c.rateWith(12_000)).as("8 × 0.8 + the call asked about").isCloseTo(7.4, within(1e-9));
        c.count(12_000);
        assertThat(c.rateWith(12_000)).isCloseTo(8.4, within(1e-9));
        assertThat(c.rateWith(25_000)).as("two windows on, the old calls are gone").isCloseTo(0.5 + 1, within(1e-9));
        assertThat(c.rateWith(50_000)).isEqualTo(1.0);
    }

    @Test
    void whenTheOldWindowHoldsTheExcessTheWaitEndsWhenEnoughOfItHasSlidOut() {
        // 8 old calls, none in this window, limit 5: fits when 8 × overlap + 1 ≤ 5, at overlap 0.5 (t = 15 s)
        assertThat(counted(8, 1_000).retryAfterSeconds(12_000, 5)).isEqualTo(3);
        assertThat(counted(8, 1_000).retryAfterSeconds(12_500, 5)).as("2.5 s rounds up").isEqualTo(3);
        assertThat(counted(8, 1_000).retryAfterSeconds(14_001, 5)).isEqualTo(1);
        assertThat(counted(8, 1_000).retryAfterSeconds(16_000, 5)).as("already fits: at least 1").isEqualTo(1);
        SlidingCounter both = counted(8, 1_000);
        both.count(12_000);
        both.count(12_000);
        // 8 × overlap + 2 + 1 ≤ 5 at overlap 0.25 (t = 17.5 s)
        assertThat(both.retryAfterSeconds(12_000, 5)).isEqualTo(6);
        assertThat(counted(0, 0).retryAfterSeconds(5_000, 5)).as("an empty counter").isEqualTo(1);
    }

    @Test
    void whenThisWindowAloneIsFullTheWaitRunsIntoTheNextWindow() {
        // 5 calls at 2 s, limit 5: fits at 10 s + 2 s, when 5 × 0.8 + 1 = 5
        assertThat(counted(5, 2_000).retryAfterSeconds(3_000, 5)).isEqualTo(9);
        assertThat(counted(5, 2_000).retryAfterSeconds(3_500, 5)).as("8.5 s rounds up").isEqualTo(9);
        assertThat(counted(10, 2_000).retryAfterSeconds(3_000, 5)).as("10 calls: fits at 10 s + 6 s").isEqualTo(13);
        assertThat(counted(5, 2_000).retryAfterSeconds(3_000, 1)).as("limit 1: the whole next window").isEqualTo(17);
    }

    @Test
    void eachExceededWindowIsReportedOnce() {
        SlidingCounter c = counted(1, 0);
        assertThat(c.firstReport()).isTrue();
        assertThat(c.firstReport()).isFalse();
        c.count(10_000);
        assertThat(c.firstReport()).as("a new window").isTrue();
    }

    @Test
    void aCounterIsIdleTwoWindowsAfterItsWindowBegan() {
        SlidingCounter c = counted(1, 3_000);
        assertThat(c.idleSince(19_999)).isFalse();
        assertThat(c.idleSince(20_000)).isTrue();
        assertThat(new SlidingCounter(W, 25_000).idleSince(39_999)).as("its window began at 20 s").isFalse();
        assertThat(new SlidingCounter(W, 25_000).idleSince(40_000)).isTrue();
    }
}
