package dev.palisade.console.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A span of time a view shows: the last 15 minutes, hour, day or week up to now, any time, or a
 * custom range between two instants. Also how a chart of it is bucketed and labelled.
 *
 * @param label what the picker shows
 * @param span  how far back from now, for a range up to now (null for a custom range or any time)
 * @param from  a custom range's start (epoch ms), else 0
 * @param to    a custom range's end (epoch ms, exclusive), else 0
 */
public record TimeRange(String label, Duration span, long from, long to) {

    public static final TimeRange LAST_15_MINUTES = new TimeRange("Last 15 minutes", Duration.ofMinutes(15), 0, 0);
    public static final TimeRange LAST_HOUR = new TimeRange("Last hour", Duration.ofHours(1), 0, 0);
    public static final TimeRange LAST_DAY = new TimeRange("Last 24 hours", Duration.ofDays(1), 0, 0);
    public static final TimeRange LAST_WEEK = new TimeRange("Last 7 days", Duration.ofDays(7), 0, 0);
    public static final TimeRange ANY_TIME = new TimeRange("Any time", null, 0, 0);

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    public static TimeRange custom(long from, long to) {
        if (to <= from) throw new IllegalArgumentException("the end must come after the start");
        return new TimeRange(SHORT.format(Instant.ofEpochMilli(from)) + " – " + SHORT.format(Instant.ofEpochMilli(to)), null, from, to);
    }

    /** A custom range from dates and "HH:mm" times; a clear message for what does not make one. */
    public static TimeRange between(LocalDate fromDate, String fromTime, LocalDate toDate, String toTime, ZoneId zone) {
        if (fromDate == null || toDate == null) throw new IllegalArgumentException("Pick a start date and an end date.");
        long from = fromDate.atTime(time(fromTime, "start")).atZone(zone).toInstant().toEpochMilli();
        long to = toDate.atTime(time(toTime, "end")).atZone(zone).toInstant().toEpochMilli();
        if (to <= from) throw new IllegalArgumentException("The end must come after the start.");
        return custom(from, to);
    }

    private static LocalTime time(String text, String which) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The " + which + " time must read like 09:30 (hours and minutes).");
        }
    }

    public boolean isCustom() { return span == null && to > 0; }

    /** Whether the range ends now, so live events belong in it. */
    public boolean upToNow() { return !isCustom(); }

    /** The start at {@code now} (epoch ms), or null for any time. */
    public Long start(long now) {
        if (isCustom()) return from;
        return span == null ? null : now - span.toMillis();
    }

    /** The exclusive end at {@code now}, or null for "up to now". */
    public Long end() { return isCustom() ? to : null; }

    /** How long the range is at {@code now} (any time: a week, for charts). */
    public long millis() {
        if (isCustom()) return to - from;
        return span == null ? Duration.ofDays(7).toMillis() : span.toMillis();
    }

    /** Seconds per chart point: about 60 to 120 points, a whole number of minutes, on round steps. */
    public long stepSeconds() {
        long wanted = millis() / 1000 / 96;
        for (long step : new long[] {60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400}) {
            if (step >= wanted) return step;
        }
        return 86_400 * ((wanted + 86_399) / 86_400);
    }

    /** The unit a chart's time axis counts in: minutes up to two hours, hours up to three days, else days. */
    public TimeUnit axisUnit() {
        long m = millis();
        if (m <= Duration.ofHours(2).toMillis()) return TimeUnit.MINUTES;
        if (m <= Duration.ofDays(3).toMillis()) return TimeUnit.HOURS;
        return TimeUnit.DAYS;
    }

    /** Seconds between a time axis's ticks: whole units, ten or so of them across the range. */
    public long axisTickSeconds() {
        TimeUnit unit = axisUnit();
        long units = Math.max(1, millis() / 1000 / unit.seconds);
        long every = 1;
        for (long m : new long[] {1, 2, 3, 5, 6, 10, 12, 15, 20, 30}) {
            every = m;
            if (units / m <= 12) break;
        }
        return every * unit.seconds;
    }

    /** A unit of the time axis: its length in seconds, its name, and the ticks it spaces. */
    public enum TimeUnit {
        MINUTES(60, "minutes ago"), HOURS(3_600, "hours ago"), DAYS(86_400, "days ago");

        public final long seconds;
        public final String axisLabel;

        TimeUnit(long seconds, String axisLabel) {
            this.seconds = seconds;
            this.axisLabel = axisLabel;
        }
    }

    @Override
    public String toString() { return label; }
}
