package dev.palisade.state.redis;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The cluster's one clock: Redis's, as the offset of this node's wall clock from it. The shared rate
 * and auto-block windows and the heartbeats are timed by it, so nodes whose clocks disagree still count
 * a caller in the same window (with one node a second ahead, a burst of nearly twice a per-second
 * limit passed, half counted in each node's bucket). Measured at the start and at each heartbeat.
 * An offset within {@link #AGREED_MILLIS} is taken as none: clocks kept by NTP agree that well, and a
 * reading's own error (half its round trip) would only move every window back and forth a little.
 */
final class RedisClock {

    /** A clock this far from Redis's is warned of: the skew window and token times are each node's own. */
    static final long WARN_MILLIS = 1_000;
    /** Clocks this close are taken to agree. */
    static final long AGREED_MILLIS = 50;
    private static final System.Logger LOG = System.getLogger(RedisClock.class.getName());

    private final RedisLink link;
    private final LongSupplier wall;
    private volatile long offset;
    private boolean measured;
    private boolean warned;
    /** The offset as measured, before {@link #AGREED_MILLIS} is applied. */
    private long measuredOffset;

    RedisClock(RedisLink link, LongSupplier wall) {
        this.link = link;
        this.wall = wall;
    }

    /** {@code now}, a time of this node's, on the cluster's clock. */
    long shared(long now) { return now + offset; }

    /** A time on the cluster's clock as this node's. */
    long local(long shared) { return shared - offset; }

    /** How far Redis's clock is ahead of this node's, in ms: positive when this node's runs behind. */
    long offsetMillis() { return offset; }

    /**
     * Reads Redis's clock. Redis read it somewhere within the round trip, so the offset lies within half of
     * it of the midpoint's: the offset moves only as far as a reading shows it must (a slow reading says
     * little, but still follows a clock that was stepped).
     */
    synchronized void measure() {
        long before = wall.getAsLong();
        long sent = System.nanoTime();
        // a refusal (an ACL without TIME) is not a failure that could have hidden another node's change
        List<String> time = link.probe("read Redis's clock", r -> r.time());
        long answered = System.nanoTime();
        long after = wall.getAsLong();
        long redis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        link.heard(redis, sent, answered); // the writes' deadlines
        long mid = redis - (before + after) / 2;
        long error = (after - before + 1) / 2;
        measuredOffset = !measured ? mid : Math.max(mid - error, Math.min(mid + error, measuredOffset));
        measured = true;
        offset = Math.abs(measuredOffset) <= AGREED_MILLIS ? 0 : measuredOffset;
        boolean off = Math.abs(offset) > WARN_MILLIS;
        if (off && !warned) {
            LOG.log(System.Logger.Level.WARNING, "This node's clock is " + Math.abs(offset) + " ms " + (offset > 0 ? "behind"
                    : "ahead of") + " Redis's at " + link.where() + ": the shared windows follow Redis's, but each node judges a"
                    + " signature's created and a token's expiry by its own; keep the nodes' clocks in step (NTP)");
        }
        warned = off;
    }

    /** Measures, unless Redis does not answer or refuses (the offset stays as it was: none, until a reading). */
    void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException away) {
            // the hot state's watch reports it
        }
    }
}
