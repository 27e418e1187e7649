package dev.palisade.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it: every expiry is tested without sleeping. */
public final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final boolean realTime;
    private final AtomicLong reads = new AtomicLong();

    public MutableClock(Instant start) {
        this(start.toEpochMilli(), false);
    }

    private MutableClock(long millis, boolean realTime) {
        this.millis = new AtomicLong(millis);
        this.realTime = realTime;
    }

    /**
     * Follows the real time (plus whatever a test advances it by): for tests where a browser signs
     * with its own clock, so a slow machine never turns their requests stale.
     */
    public static MutableClock realTime() {
        return new MutableClock(0, true);
    }

    public static MutableClock at2026() {
        return new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    }

    /** Starts at the real time: for tests where a browser, with its own clock, signs requests. */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    public void advance(Duration d) { millis.addAndGet(d.toMillis()); }

    /**
     * Moves into the next second, as a restart does (a fixed clock by a second, the real time by waiting): a node
     * refuses signatures created in the second its last run accepted one in (StartFloor).
     */
    public void restartTakesASecond() {
        if (!realTime) {
            advance(Duration.ofSeconds(1));
            return;
        }
        try {
            Thread.sleep(1_001 - Math.floorMod(millis(), 1_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How often the time was read so far: a call reads it once, whatever number of checks ask (EngineTest). */
    public long reads() { return reads.get(); }

    @Override public long millis() {
        reads.incrementAndGet();
        return realTime ? System.currentTimeMillis() + millis.get() : millis.get();
    }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
}
