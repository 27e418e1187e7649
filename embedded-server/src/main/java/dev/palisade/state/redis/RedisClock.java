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
    /** A reading whose round trip took longer says little about the offset (half of it is the error). */
    private static final long TRUSTED_ROUND_TRIP_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(RedisClock.class.getName());

    private final RedisLink link;
    private final LongSupplier wall;
    private volatile long offset;
    private volatile boolean measured;
    private boolean warned;

    RedisClock(RedisLink link, LongSupplier wall) {
        this.link = link;
        this.wall = wall;
    }

    /** {@code now}, a time of this node's, on the cluster's clock. */
    long shared(long now) { return now + offset; }

    /** How far Redis's clock is ahead of this node's, in ms (negative when behind). */
    long offsetMillis() { return offset; }

    /** Reads Redis's clock; the offset moves only on a reading with a short round trip (or the first). */
    synchronized void measure() {
        long before = wall.getAsLong();
        List<String> time = link.call("read Redis's clock", r -> r.time());
        long after = wall.getAsLong();
        if (measured && after - before > TRUSTED_ROUND_TRIP_MILLIS) return;
        long redis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        long measuredOffset = redis - (before + after) / 2;
        offset = Math.abs(measuredOffset) <= AGREED_MILLIS ? 0 : measuredOffset;
        measured = true;
        boolean off = Math.abs(offset) > WARN_MILLIS;
        if (off && !warned) {
            LOG.log(System.Logger.Level.WARNING, "This node's clock is " + Math.abs(offset) + " ms " + (offset > 0 ? "behind"
                    : "ahead of") + " Redis's at " + link.where() + ": the shared windows follow Redis's, but each node judges a"
                    + " signature's created and a token's expiry by its own; keep the nodes' clocks in step (NTP)");
        }
        warned = off;
    }

    /** Measures, unless Redis does not answer (the offset stays as it was). */
    void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException away) {
            // the hot state's watch reports it
        }
    }
}
