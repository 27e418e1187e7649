package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the password work running at once. PBKDF2 at OWASP's iteration count costs a large part of
 * a core per login; without a bound, a dozen guessers make every real login wait many times longer.
 * At most {@code permits} hashes run at once and a few more logins wait in line; beyond that a login
 * is refused at once with {@code login_busy} and a {@code Retry-After}, costing no password work.
 */
public final class KdfGate {

    private final Semaphore running;
    private final int queue;
    private final AtomicInteger waiting = new AtomicInteger();

    public KdfGate(int permits, int queue) {
        this.running = new Semaphore(permits, true);
        this.queue = queue;
    }

    /** Runs {@code work} when a permit is free; waits in line at most a few seconds. */
    public <T> T run(Supplier<T> work) {
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw busy();
        }
        boolean acquired;
        try {
            acquired = running.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (!acquired) throw busy();
        try {
            return work.get();
        } finally {
            running.release();
        }
    }

    private static Denial busy() {
        return new Denial(Reason.LOGIN_BUSY, "too many logins are being checked at once; try again in a moment", 1);
    }
}
