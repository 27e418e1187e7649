package dev.palisade.console.ui.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountAxisTest {

    @Test
    void anEmptyOrQuietChartStillHasWholeTicksFromZeroToFive() {
        assertThat(CountAxis.scale(0)).isEqualTo(new CountAxis.Scale(5, 1));
        assertThat(CountAxis.scale(0.25)).isEqualTo(new CountAxis.Scale(5, 1));
        assertThat(CountAxis.scale(5)).isEqualTo(new CountAxis.Scale(5, 1));
    }

    @Test
    void busierChartsStepByOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(CountAxis.scale(7)).isEqualTo(new CountAxis.Scale(8, 2));
        assertThat(CountAxis.scale(21)).isEqualTo(new CountAxis.Scale(25, 5));
        assertThat(CountAxis.scale(50)).isEqualTo(new CountAxis.Scale(50, 10));
        assertThat(CountAxis.scale(1_234)).isEqualTo(new CountAxis.Scale(1_500, 500));
        assertThat(CountAxis.scale(40_001)).isEqualTo(new CountAxis.Scale(50_000, 10_000));
    }

    @Test
    void labelsAreWholeNumbersAndSecondsReadAsMinutes() {
        assertThat(CountAxis.WHOLE.toString(21.0)).isEqualTo("21");
        assertThat(CountAxis.WHOLE.toString(0.0)).isEqualTo("0");
        assertThat(CountAxis.minutes().toString(-840)).isEqualTo("-14");
        assertThat(CountAxis.minutes().toString(0)).isEqualTo("0");
    }
}
