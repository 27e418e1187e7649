package dev.palisade.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A turn at most once per interval, whichever thread asks: the first to ask after the interval takes it. For what a
 * caller could otherwise make at line rate (a failure's log line, a store read that forged ids would ask for).
 */
public final class OncePer {

    private final long nanos;
    private final AtomicLong takenAt;

    public OncePer(Duration interval) {
        this.nanos = interval.toNanos();
        this.takenAt = new AtomicLong(System.nanoTime() - nanos); // the first ask takes a turn
    }

    /** Whether this caller takes the turn now. */
    public boolean take() {
        long last = takenAt.get();
        long now = System.nanoTime();
        return now - last >= nanos && takenAt.compareAndSet(last, now);
    }
}
