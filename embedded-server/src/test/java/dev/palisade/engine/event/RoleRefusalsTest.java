package dev.palisade.engine.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How often the trail tells of refused changes: once a minute per actor, the next one counting the rest. */
class RoleRefusalsTest {

    @Test
    void theFirstOfAMinuteIsToldPerActorAndTheNextOneCountsTheRest() {
        RoleRefusals refusals = new RoleRefusals();
        assertThat(refusals.refused("victor", 0)).isZero();
        assertThat(refusals.refused("victor", 1)).as("counted").isEqualTo(-1);
        assertThat(refusals.refused("walt", 2)).as("another actor's own minute").isZero();
        assertThat(refusals.refused("victor", 59_999)).isEqualTo(-1);
        assertThat(refusals.refused("victor", 60_000)).as("told, with the two untold").isEqualTo(2);
        assertThat(refusals.refused("victor", 60_001)).isEqualTo(-1);
        assertThat(refusals.refused("walt", 60_002)).as("none untold").isZero();
    }
}
