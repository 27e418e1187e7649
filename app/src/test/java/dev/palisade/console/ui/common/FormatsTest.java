package dev.palisade.console.ui.common;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Times as tables show them: today's as the clock does, others with their date (ux44 D5). */
class FormatsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T14:51:11Z"), ZONE);

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aTimeOfTodayIsShownAsTheClockShowsIt() {
        assertThat(Formats.time(at("2026-12-05T14:51:11Z"), NOW)).isEqualTo("15:51:11");
        assertThat(Formats.time(at("2026-12-04T23:00:00Z"), NOW)).as("past midnight in Zurich").isEqualTo("00:00:00");
    }

    @Test
    void aTimeOfAnotherDayKeepsItsDate() {
        assertThat(Formats.time(at("2026-12-04T22:59:59Z"), NOW)).isEqualTo("12-04 23:59:59");
        assertThat(Formats.time(0, NOW)).isEqualTo("—");
        assertThat(Formats.fullTime(at("2026-12-04T22:59:59Z"), ZONE)).isEqualTo("2026-12-04 23:59:59");
    }

    @Test
    void momentsSortByTimeNotByText() {
        Moment yesterday = new Moment(at("2026-12-04T22:00:00Z"), Formats.time(at("2026-12-04T22:00:00Z"), NOW));
        Moment morning = new Moment(at("2026-12-05T08:00:00Z"), Formats.time(at("2026-12-05T08:00:00Z"), NOW));
        List<Moment> moments = new ArrayList<>(List.of(morning, yesterday));
        Collections.sort(moments);
        assertThat(moments).containsExactly(yesterday, morning);
        assertThat(morning.toString()).isEqualTo("09:00:00");
    }
}
