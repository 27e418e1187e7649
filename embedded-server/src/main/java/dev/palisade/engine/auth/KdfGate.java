package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.bootstrap.LoginPressure;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the password work running at once. PBKDF2 at OWASP's iteration count costs a large part of
 * a core per login; without a bound, a dozen guessers make every real login wait many times longer.
 * At most {@code permits} hashes run at once and a few more logins wait in line; beyond that a login
 * is refused at once with {@code login_busy} and a {@code Retry-After}, costing no password work.
 * A login from a browser its user logged in from before has a lane of its own (one hash at a time,
 * a short line), so a flood of strangers' guesses can slow it but never lock it out. A user has one
 * place in that lane at a time, so one account's logins (a guesser who knows its browser, or its own
 * owner in a loop) cannot fill it for everyone else; their others, and any that find the lane's line
 * full, take the general lane as a stranger's would, rather than being refused while it has room.
 */
public final class KdfGate {

    private final Lane everyone;
    private final Lane ownBrowsers;
    /** the users with a login in the own browsers' lane, running or in line */
    private final ConcurrentHashMap<String, Boolean> inOwnLane = new ConcurrentHashMap<>();

    /**
     * @param pressure told when the general lane's line fills or a login finds it full, for the client page's price
     *                 (the own browsers' lane is returning users, and overflows into the general one)
     */
    public KdfGate(int permits, int queue, LoginPressure pressure) {
        this.everyone = new Lane(permits, queue, pressure);
        this.ownBrowsers = new Lane(1, 4, null);
    }

    /** Runs {@code work} in the general lane. */
    public <T> T run(Supplier<T> work) {
        return everyone.run(work);
    }

    /**
     * @param user       the account the login is for
     * @param ownBrowser the login comes from a browser that user logged in from before
     */
    public <T> T run(String user, boolean ownBrowser, Supplier<T> work) {
        if (!ownBrowser || inOwnLane.putIfAbsent(user, Boolean.TRUE) != null) return everyone.run(work);
        try {
            if (!ownBrowsers.admit()) return everyone.run(work);
            return ownBrowsers.runAdmitted(work);
        } finally {
            inOwnLane.remove(user);
        }
    }

    /** Logins waiting in the own browsers' lane (for tests). */
    int waitingInOwnLane() {
        return ownBrowsers.waiting.get();
    }

    /** Logins waiting in the general lane (for tests). */
    int waitingInGeneralLane() {
        return everyone.waiting.get();
    }

    /** Some hashes at once, and a line of a few. */
    private static final class Lane {
        private final Semaphore running;
        private final int queue;
        private final AtomicInteger waiting = new AtomicInteger();
        private final LoginPressure pressure; // null: not told

        Lane(int permits, int queue, LoginPressure pressure) {
            this.running = new Semaphore(permits, true);
            this.queue = queue;
            this.pressure = pressure;
        }

        <T> T run(Supplier<T> work) {
            if (!admit()) throw busy();
            return runAdmitted(work);
        }

        /** Takes a place in line, if there is one. */
        boolean admit() {
            int inLine = waiting.incrementAndGet();
            if (inLine > queue) {
                waiting.decrementAndGet();
                return false;
            }
            // this login fills the line behind busy checks (not one passing through it to a free check): a guesser who
            // keeps it exactly full is never refused (review 58, R1)
            if (inLine == queue && pressure != null && running.availablePermits() == 0) pressure.full();
            return true;
        }

        /** Runs {@code work} once a hash may start, for a login {@link #admit} let in line. */
        <T> T runAdmitted(Supplier<T> work) {
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

        private Denial busy() {
            if (pressure != null) pressure.full();
            return new Denial(Reason.LOGIN_BUSY, "too many logins are being checked at once; try again in a moment", 1);
        }
    }
}
