package dev.palisade.engine.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The seconds of a full line that the page's price reads: this window's or the last one's, whichever had more. */
class LoginPressureTest {

    private static final long T0 = 1_800_000_000_000L; // a window's start
    private final AtomicLong now = new AtomicLong(T0);
    private final LoginPressure pressure = new LoginPressure(now::get);

    @Test
    void aFullSecondCountsOnceForItsWindowAndTheNextThenNoMore() {
        assertThat(pressure.recentFullSeconds(T0)).isZero();
        pressure.full();
        now.set(T0 + 999);
        pressure.full();
        assertThat(pressure.recentFullSeconds(T0 + 999)).as("one second, however many moments in it").isEqualTo(1);
        now.set(T0 + 1_000);
        pressure.full();
        assertThat(pressure.recentFullSeconds(T0 + 59_999)).isEqualTo(2);
        assertThat(pressure.recentFullSeconds(T0 + 60_000)).as("the next window: the last one's count").isEqualTo(2);
        now.set(T0 + 60_001);
        pressure.full();
        assertThat(pressure.recentFullSeconds(T0 + 60_002)).as("the larger of the two").isEqualTo(2);
        assertThat(pressure.recentFullSeconds(T0 + 120_000)).as("a window later, this one's").isEqualTo(1);
        assertThat(pressure.recentFullSeconds(T0 + 180_000)).isZero();
    }

    @Test
    void aWindowSkippedLeavesNothingOfTheOneBefore() {
        pressure.full();
        now.set(T0 + 125_000);
        pressure.full(); // nothing read in between: the moment itself moves to its window
        assertThat(pressure.recentFullSeconds(T0 + 125_000)).isEqualTo(1);
        assertThat(pressure.recentFullSeconds(T0 + 185_000)).as("the last window's").isEqualTo(1);
    }

    /* Review 58 R3: a now read before another thread's moment crossed into the next window moved the window back. */
    @Test
    void aNowFromBeforeTheWindowMovedOnLeavesTheCountsAsTheyAre() {
        for (int i = 0; i < 5; i++) {
            now.set(T0 + i * 1_000L);
            pressure.full();
        }
        now.set(T0 + 60_000);
        pressure.full();
        assertThat(pressure.recentFullSeconds(T0 + 59_999)).as("a stale now").isEqualTo(5);
        assertThat(pressure.recentFullSeconds(T0 + 60_001)).isEqualTo(5);
    }
}
