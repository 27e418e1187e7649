package dev.palisade.console.ui.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times look in the console: local time, month and day to the second. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {}

    public static String time(long epochMillis) {
        return epochMillis <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
