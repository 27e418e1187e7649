package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a single node's signatures may begin after a start, from when it started and what its last run accepted. */
class StartFloorTest {

    private static final long SKEW = 30;

    @Test
    void aStartAfterEverySecondTheLastRunAcceptedBeginsAtItsOwnSecond() {
        assertThat(StartFloor.of(1_000_500, Long.MIN_VALUE, SKEW)).isEqualTo(new StartFloor(1_000, 0, false));
        assertThat(StartFloor.of(1_000_500, 999, SKEW)).isEqualTo(new StartFloor(1_000, 0, false));
    }

    @Test
    void aQuickStartBeginsAfterTheLastRunsNewestSecond() {
        assertThat(StartFloor.of(1_000_500, 1_000, SKEW)).isEqualTo(new StartFloor(1_001, 0, false));
        assertThat(StartFloor.of(1_000_500, 1_001, SKEW)).as("a second ahead of that run's clock")
                .isEqualTo(new StartFloor(1_002, 0, false));
    }

    @Test
    void aClockSetBackIsToldAndHeldToTheSkewWindow() {
        assertThat(StartFloor.of(1_000_500, 1_010, SKEW)).isEqualTo(new StartFloor(1_011, 9, false));
        assertThat(StartFloor.of(1_000_500, 1_040, SKEW)).as("no longer than the skew window of refusals")
                .isEqualTo(new StartFloor(1_030, 39, true));
    }
}
