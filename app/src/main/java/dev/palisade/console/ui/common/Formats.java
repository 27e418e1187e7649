package dev.palisade.console.ui.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and counts look in the console: local time, month and day to the second; "1 event", "2 events". */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {}

    public static String time(long epochMillis) {
        return epochMillis <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code n} and the noun, singular for 1: "1 event", "0 events", "2 events". */
    public static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** {@code n} and the noun, singular for 1: "1 entry", "2 entries". */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
