package dev.palisade.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock a test sets, read from any thread: the console's day can pass midnight in a test. */
final class MovableClock extends Clock {

    private final ZoneId zone;
    private volatile Instant now;

    MovableClock(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    void set(Instant at) { now = at; }

    @Override public ZoneId getZone() { return zone; }
    @Override public Clock withZone(ZoneId other) { return new MovableClock(now, other); }
    @Override public Instant instant() { return now; }
}
