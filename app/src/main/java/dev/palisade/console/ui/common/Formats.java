package dev.palisade.console.ui.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and counts look in the console: local time, month and day to the second; "1 event", "2 events". */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Formats() {}

    public static String time(long epochMillis) {
        return epochMillis <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * A time of today as the clock shows it ("15:51:11"), one of another day with its date ("12-04 15:51:11"):
     * a table's times are mostly today's, and the date took the room that cut the minute at 1024 px (ux44 D5).
     */
    public static String time(long epochMillis, Clock clock) {
        if (epochMillis <= 0) return "—";
        var at = Instant.ofEpochMilli(epochMillis).atZone(clock.getZone());
        return at.toLocalDate().equals(LocalDate.now(clock)) ? CLOCK.format(at) : DATED.format(at);
    }

    /** The time with its year, for a tooltip: "2026-12-05 15:51:11". */
    public static String fullTime(long epochMillis, ZoneId zone) {
        return epochMillis <= 0 ? "—" : FULL.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** {@code n} and the noun, singular for 1: "1 event", "0 events", "2 events". */
    public static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** Names as a sentence says them: "alice", "alice and bob", "alice, bob and carol", "alice, bob and 2 more". */
    public static String names(java.util.List<String> names) {
        int n = names.size();
        if (n <= 2) return String.join(" and ", names);
        return names.get(0) + ", " + names.get(1) + " and " + (n == 3 ? names.get(2) : (n - 2) + " more");
    }

    /** {@code n} and the noun, singular for 1: "1 entry", "2 entries". */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
