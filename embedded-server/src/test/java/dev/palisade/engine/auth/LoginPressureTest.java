package dev.palisade.engine.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The busy logins the page's price reads: this window's or the last one's, whichever had more. */
class LoginPressureTest {

    private static final long T0 = 1_800_000_000_000L; // a window's start
    private final AtomicLong now = new AtomicLong(T0);
    private final LoginPressure pressure = new LoginPressure(now::get);

    @Test
    void aBusyLoginCountsForItsWindowAndTheNextThenNoMore() {
        assertThat(pressure.recentBusy(T0)).isZero();
        pressure.busy();
        pressure.busy();
        assertThat(pressure.recentBusy(T0 + 59_999)).isEqualTo(2);
        assertThat(pressure.recentBusy(T0 + 60_000)).as("the next window: the last one's count").isEqualTo(2);
        now.set(T0 + 60_001);
        pressure.busy();
        assertThat(pressure.recentBusy(T0 + 60_002)).as("the larger of the two").isEqualTo(2);
        assertThat(pressure.recentBusy(T0 + 120_000)).as("a window later, this one's").isEqualTo(1);
        assertThat(pressure.recentBusy(T0 + 180_000)).isZero();
    }

    @Test
    void aWindowSkippedLeavesNothingOfTheOneBefore() {
        pressure.busy();
        now.set(T0 + 125_000);
        pressure.busy(); // nothing read in between: the busy itself moves to its window
        assertThat(pressure.recentBusy(T0 + 125_000)).isEqualTo(1);
        assertThat(pressure.recentBusy(T0 + 185_000)).as("the last window's").isEqualTo(1);
    }
}
