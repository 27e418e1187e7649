package dev.palisade.engine.rate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sliding-window estimate and the Retry-After it gives, worked out by hand for a 10 s window
 * and a limit of 5: the wait is exactly when one more call fits again, rounded up to whole seconds.
 */
class WindowCountsTest {

    private static final RateWindow TEN_SECONDS = new RateWindow(Scope.SESSION, 5, 10, null);
    private static final WindowCounts.Layout ONE = new WindowCounts.Layout(new RateWindow[] {TEN_SECONDS}, new Object[] {"ten"});

    /** One window, as a test reads it: the counts of slot 0 under layout {@link #ONE}. */
    private record Counter(WindowCounts counts) {
        double rateWith(long now) { return counts.rateWith(ONE, 0, now); }
        void count(long now) { counts.count(ONE, 0, now); }
        long retryAfterSeconds(long now, int limit) { return counts.retryAfterSeconds(ONE, 0, now, limit); }
        boolean firstReport(long now) { return counts.firstReport(ONE, 0, now); }
        boolean idleSince(long now) { return counts.idleSince(now); }
    }

    private static Counter counted(int calls, long at) {
        Counter c = new Counter(new WindowCounts());
        c.rateWith(0);
        for (int i = 0; i < calls; i++) c.count(at);
        return c;
    }

    /* Session 49's review: a call taken back after a new window began came out of the new one. */
    @Test
    void aCallTakenBackComesOutOfTheWindowItWasCountedIn() {
        Counter c = counted(3, 9_000);
        c.count(11_000); // another call begins the next window: the three are the previous one's now
        c.counts().uncountAll(ONE, 1L, 9_000);
        assertThat(c.rateWith(11_000)).as("2 × 0.9 of the previous, 1 of this, and the call asked about")
                .isCloseTo(2 * 0.9 + 1 + 1, within(1e-9));
        c.counts().uncountAll(ONE, 1L, 11_000);
        assertThat(c.rateWith(11_000)).isCloseTo(2 * 0.9 + 1, within(1e-9));
        c.count(31_000); // two windows on: the first's calls are gone, and so is what could be taken from them
        c.counts().uncountAll(ONE, 1L, 9_000);
        assertThat(c.rateWith(31_000)).isCloseTo(1 + 1, within(1e-9));
    }

    @Test
    void thePreviousWindowWeighsByHowMuchOfItStillOverlaps() {
        Counter c = counted(8, 1_000);
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
        Counter both = counted(8, 1_000);
        both.count(12_000);
        both.count(12_000);
        // 8 × overlap + 2 + 1 ≤ 5 at overlap 0.25 (t = 17.5 s)
        assertThat(both.retryAfterSeconds(12_000, 5)).isEqualTo(6);
        assertThat(counted(0, 0).retryAfterSeconds(5_000, 5)).as("an empty counter").isEqualTo(1);
        assertThat(new Counter(new WindowCounts()).retryAfterSeconds(5_000, 5)).as("counts never used").isEqualTo(1);
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
        Counter c = counted(1, 0);
        assertThat(c.firstReport(0)).isTrue();
        assertThat(c.firstReport(9_999)).isFalse();
        c.count(10_000);
        assertThat(c.firstReport(10_000)).as("a new window").isTrue();
        assertThat(c.firstReport(30_000)).as("a later window, asked before anything else").isTrue();
        assertThat(new Counter(new WindowCounts()).firstReport(0)).as("counts never used").isTrue();
    }

    @Test
    void aCounterIsIdleTwoWindowsAfterItsWindowBegan() {
        Counter c = counted(1, 3_000);
        assertThat(c.idleSince(19_999)).isFalse();
        assertThat(c.idleSince(20_000)).isTrue();
        Counter asked = new Counter(new WindowCounts());
        asked.rateWith(25_000);
        assertThat(asked.idleSince(39_999)).as("its window began at 20 s").isFalse();
        assertThat(asked.idleSince(40_000)).isTrue();
        assertThat(new WindowCounts().idleSince(0)).as("never used").isTrue();
    }

    @Test
    void windowsThatStayKeepTheirCountsInTheirNewSlotAndNewOnesStartEmpty() {
        RateWindow minute = new RateWindow(Scope.SESSION, 100, 60, null);
        Object ten = ONE.incarnations()[0];
        WindowCounts counts = new WindowCounts();
        for (int i = 0; i < 3; i++) counts.count(ONE, 0, 1_000);
        WindowCounts.Layout swapped = new WindowCounts.Layout(new RateWindow[] {minute, TEN_SECONDS}, new Object[] {"minute", ten});
        assertThat(counts.rateWith(swapped, 1, 1_000)).as("the ten-second window moved to slot 1").isEqualTo(4.0);
        assertThat(counts.rateWith(swapped, 0, 1_000)).as("the new window").isEqualTo(1.0);
        WindowCounts.Layout again = new WindowCounts.Layout(new RateWindow[] {TEN_SECONDS}, new Object[] {"ten again"});
        assertThat(counts.rateWith(again, 0, 1_000)).as("an equal window of another incarnation starts afresh").isEqualTo(1.0);
    }

    @Test
    void windowsBeyondTheTwoHeldInFieldsCountApartAndMoveBetweenFieldsAndArray() {
        RateWindow[] four = new RateWindow[4];
        Object[] who = {"w0", "w1", "w2", "w3"};
        for (int i = 0; i < 4; i++) four[i] = new RateWindow(Scope.SESSION, 100, 10 * (i + 1), null);
        WindowCounts.Layout layout = new WindowCounts.Layout(four, who);
        WindowCounts counts = new WindowCounts();
        for (int slot = 0; slot < 4; slot++) {
            for (int calls = 0; calls <= slot; calls++) counts.count(layout, slot, 1_000); // slot i holds i + 1 calls
        }
        for (int slot = 0; slot < 4; slot++) {
            assertThat(counts.rateWith(layout, slot, 1_000)).as("slot " + slot).isEqualTo(slot + 2.0);
        }
        assertThat(counts.firstReport(layout, 3, 1_000)).isTrue();
        assertThat(counts.firstReport(layout, 3, 1_000)).isFalse();
        assertThat(counts.firstReport(layout, 2, 1_000)).as("its neighbour is reported apart").isTrue();
        assertThat(counts.rateWith(layout, 3, 1_000)).as("reporting leaves the count").isEqualTo(5.0);
        assertThat(counts.retryAfterSeconds(layout, 3, 1_000, 4)).as("slot 3: 39 s to its end + 40 s × (1 - 3/4)").isEqualTo(49);
        // reversed: the array's windows move into the fields and the fields' into the array
        WindowCounts.Layout reversed = new WindowCounts.Layout(new RateWindow[] {four[3], four[2], four[1], four[0]},
                new Object[] {"w3", "w2", "w1", "w0"});
        for (int slot = 0; slot < 4; slot++) {
            assertThat(counts.rateWith(reversed, slot, 1_000)).as("slot " + slot).isEqualTo(5.0 - slot);
        }
        assertThat(counts.firstReport(reversed, 0, 1_000)).as("w3 was reported in this window").isFalse();
        assertThat(counts.idleSince(79_999)).as("w3 (40 s) began at 0: idle two lengths on").isFalse();
        assertThat(counts.idleSince(80_000)).isTrue();
        WindowCounts.Layout fewer = new WindowCounts.Layout(new RateWindow[] {four[2]}, new Object[] {"w2"});
        assertThat(counts.rateWith(fewer, 0, 1_000)).as("w2 alone").isEqualTo(4.0);
    }

    /** Today's clock, a multiple of the window: a window's start is kept in seconds modulo 2^22 (see WindowCounts.state). */
    private static final long TODAY = 1_764_547_200_000L;

    @Test
    void atTodaysTimeTheWindowsSlideAsNearTheEpoch() {
        Counter c = new Counter(new WindowCounts());
        c.rateWith(TODAY);
        for (int i = 0; i < 8; i++) c.count(TODAY + 1_000);
        assertThat(c.rateWith(TODAY + 1_000)).isEqualTo(9.0);
        assertThat(c.rateWith(TODAY + 12_000)).isCloseTo(7.4, within(1e-9));
        assertThat(c.retryAfterSeconds(TODAY + 12_000, 5)).isEqualTo(3);
        c.count(TODAY + 12_000);
        assertThat(c.rateWith(TODAY + 25_000)).as("two windows on").isCloseTo(1.5, within(1e-9));
        assertThat(c.idleSince(TODAY + 39_999)).isFalse();
        assertThat(c.idleSince(TODAY + 40_000)).isTrue();
    }

    @Test
    void countsLeftFor30DaysAreGoneAndAClockThatStepsBackKeepsCountingItsWindow() {
        Counter c = new Counter(new WindowCounts());
        c.rateWith(TODAY);
        for (int i = 0; i < 4; i++) c.count(TODAY + 5_000);
        long month = 30L * 86_400_000;
        assertThat(c.idleSince(TODAY + month)).isTrue();
        assertThat(c.rateWith(TODAY + month)).as("a session's longest life later: nothing weighs").isEqualTo(1.0);
        Counter back = new Counter(new WindowCounts());
        back.rateWith(TODAY + 20_000);
        for (int i = 0; i < 4; i++) back.count(TODAY + 25_000);
        assertThat(back.rateWith(TODAY + 15_000)).as("a step back of one window: the same counts").isGreaterThanOrEqualTo(5.0);
        back.count(TODAY + 15_000);
        assertThat(back.rateWith(TODAY + 25_000)).as("counted in the window it stepped back from").isEqualTo(6.0);
        assertThat(back.idleSince(TODAY + 15_000)).isFalse();
        // the furthest step back still read as one: 4 096 s (BACK) before the window began
        Counter far = new Counter(new WindowCounts());
        far.rateWith(TODAY + 20_000);
        for (int i = 0; i < 4; i++) far.count(TODAY + 25_000);
        assertThat(far.rateWith(TODAY + 20_000 - 4_096_000)).as("stepped back 4 096 s: the same counts").isEqualTo(5.0);
        assertThat(far.rateWith(TODAY + 20_000 - 4_097_000)).as("a second more reads as a window long gone").isEqualTo(1.0);
    }

    @Test
    void aWindowsCountStopsAtItsWidthWithoutSpillingIntoItsNeighbours() {
        Counter c = counted(0, 0);
        int most = (1 << 20) - 1;
        for (int i = 0; i < most + 3; i++) c.count(1_000);
        assertThat(c.rateWith(1_000)).isEqualTo(most + 1.0);
        assertThat(c.firstReport(1_000)).as("the reported bit untouched").isTrue();
        assertThat(c.rateWith(11_000)).as("rolled whole into the previous window").isCloseTo(most * 0.9 + 1, within(1e-6));
    }
}
