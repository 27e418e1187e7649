package dev.palisade.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * When a full table may be swept on a caller's request: once a second at most. A sweep reads every entry, and a flood
 * that keeps a table full would otherwise have every request thread read it whole, on every call (audit conc55 M1).
 */
public final class SweepPace {

    private volatile long last = Long.MIN_VALUE / 2;
    private final LongAdder taken = new LongAdder();

    /** Whether a sweep is due at {@code now} (epoch ms); one that is, is counted as made. */
    public boolean due(long now) {
        if (now - last < 1_000) return false;
        last = now;
        taken.increment();
        return true;
    }

    /** The sweeps found due so far: what a test counts. */
    public long taken() { return taken.sum(); }
}
