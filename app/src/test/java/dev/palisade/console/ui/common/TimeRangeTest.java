package dev.palisade.console.ui.common;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangeTest {

    @Test
    void presetsEndNowAndStepInRoundWholeMinutes() {
        assertThat(TimeRange.LAST_HOUR.start(10_000_000L)).isEqualTo(10_000_000L - 3_600_000L);
        assertThat(TimeRange.LAST_HOUR.end()).isNull();
        assertThat(TimeRange.ANY_TIME.start(10_000_000L)).isNull();
        assertThat(TimeRange.LAST_HOUR.stepSeconds()).isEqualTo(60);
        assertThat(TimeRange.LAST_DAY.stepSeconds()).isEqualTo(900);
        assertThat(TimeRange.LAST_WEEK.stepSeconds()).isEqualTo(7_200);
        assertThat(TimeRange.LAST_HOUR.axisUnit()).isEqualTo(TimeRange.TimeUnit.MINUTES);
        assertThat(TimeRange.LAST_DAY.axisUnit()).isEqualTo(TimeRange.TimeUnit.HOURS);
        assertThat(TimeRange.LAST_WEEK.axisUnit()).isEqualTo(TimeRange.TimeUnit.DAYS);
    }

    @Test
    void aCustomRangeIsItsTwoInstantsAndDoesNotEndNow() {
        TimeRange r = TimeRange.between(LocalDate.of(2026, 11, 29), "09:30", LocalDate.of(2026, 11, 30), " 17:00 ",
                ZoneOffset.UTC);
        assertThat(r.isCustom()).isTrue();
        assertThat(r.upToNow()).isFalse();
        assertThat(r.start(0)).isEqualTo(java.time.Instant.parse("2026-11-29T09:30:00Z").toEpochMilli());
        assertThat(r.end()).isEqualTo(java.time.Instant.parse("2026-11-30T17:00:00Z").toEpochMilli());
        assertThat(r.stepSeconds()).as("31½ hours in about a hundred steps").isEqualTo(1_800);
    }

    @Test
    void aCustomRangeThatDoesNotMakeSenseSaysWhy() {
        LocalDate day = LocalDate.of(2026, 11, 30);
        assertThatThrownBy(() -> TimeRange.between(day, "10:00", day, "09:00", ZoneOffset.UTC))
                .hasMessage("The end must come after the start.");
        assertThatThrownBy(() -> TimeRange.between(day, "9h", day, "10:00", ZoneOffset.UTC))
                .hasMessageContaining("start time must read like 09:30");
        assertThatThrownBy(() -> TimeRange.between(null, "09:00", day, "10:00", ZoneOffset.UTC))
                .hasMessage("Pick a start date and an end date.");
    }
}
