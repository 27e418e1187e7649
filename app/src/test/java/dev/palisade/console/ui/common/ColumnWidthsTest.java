package dev.palisade.console.ui.common;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnWidthsTest {

    private static final boolean[] NONE_FIXED = {false, false, false};

    @Test
    void roomToSpareIsSharedSoTheColumnsFillTheTableAndKeepTheirProportions() {
        double[] width = ColumnWidths.fit(new double[] {100, 200, 100}, new double[] {50, 50, 50}, NONE_FIXED, 800);
        assertThat(Arrays.stream(width).sum()).isCloseTo(800, within(0.001));
        assertThat(width[1]).isCloseTo(2 * width[0], within(0.001));
        assertThat(width[0]).isGreaterThan(100);
    }

    @Test
    void aTableThatFitsExactlyIsLeftAsItsContentWants() {
        assertThat(ColumnWidths.fit(new double[] {100, 200, 100}, new double[] {50, 50, 50}, NONE_FIXED, 400))
                .containsExactly(100, 200, 100);
    }

    @Test
    void tooNarrowTheWidestColumnGivesWayFirstAndShortOnesStayWhole() {
        // a time (120), a User-Agent (500), a code (150) in 620: only the User-Agent is cut
        double[] width = ColumnWidths.fit(new double[] {120, 500, 150}, new double[] {60, 100, 60}, NONE_FIXED, 620);
        assertThat(width[0]).isEqualTo(120);
        assertThat(width[2]).isEqualTo(150);
        assertThat(width[1]).isCloseTo(350, within(0.01));
    }

    @Test
    void narrowerStillTheTwoWidestShareTheCutButNoneGoesBelowItsHeading() {
        double[] width = ColumnWidths.fit(new double[] {120, 500, 400}, new double[] {60, 100, 200}, NONE_FIXED, 600);
        assertThat(Arrays.stream(width).sum()).isCloseTo(600, within(0.01));
        assertThat(width[0]).isEqualTo(120);
        assertThat(width[1]).isCloseTo(width[2], within(0.01));
        double[] tight = ColumnWidths.fit(new double[] {120, 500, 400}, new double[] {60, 100, 300}, NONE_FIXED, 520);
        assertThat(tight[2]).as("heading floor").isCloseTo(300, within(0.01));
        assertThat(Arrays.stream(tight).sum()).isCloseTo(520, within(0.01));
    }

    @Test
    void whenHeadingsAloneDoNotFitTheTableScrollsAndColumnsAreWholeUpToACap() {
        double[] width = ColumnWidths.fit(new double[] {120, 900, 150}, new double[] {100, 100, 100}, NONE_FIXED, 250);
        assertThat(width).containsExactly(120, ColumnWidths.SCROLLING_CAP, 150);
    }

    /* A session's times were cut to the width of its User-Agent ("12-04 20:2…") in a 1024 px window. */
    @Test
    void aColumnOfLongTextGivesWayFirstSoTimesStayWhole() {
        // user, User-Agent, created, last seen: the times need 125, the User-Agent 400
        double[] wanted = {90, 400, 125, 125};
        double[] floor = {50, 90, 70, 80};
        boolean[] text = {false, true, false, false};
        double[] width = ColumnWidths.fit(wanted, floor, NONE_FIXED4, text, 440);
        assertThat(width[2]).isEqualTo(125);
        assertThat(width[3]).isEqualTo(125);
        assertThat(width[1]).isCloseTo(100, within(0.001));
        assertThat(ColumnWidths.fit(wanted, floor, NONE_FIXED4, 440)[2]).as("without it, all are cut alike").isLessThan(125);
        // narrower than the text column's heading allows: it keeps its heading, the others share the cut
        double[] tight = ColumnWidths.fit(wanted, floor, NONE_FIXED4, text, 380);
        assertThat(tight[1]).isEqualTo(90);
        assertThat(tight[0] + tight[2] + tight[3]).isCloseTo(290, within(0.001));
    }

    private static final boolean[] NONE_FIXED4 = new boolean[4];

    @Test
    void aColumnSizedByHandKeepsItsWidthAndTheOthersShareTheRest() {
        double[] width = ColumnWidths.fit(new double[] {300, 100, 100}, new double[] {50, 50, 50},
                new boolean[] {true, false, false}, 700);
        assertThat(width[0]).isEqualTo(300);
        assertThat(width[1] + width[2]).isCloseTo(400, within(0.001));
    }
}
