package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.bootstrap.LoginPressure;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KdfGateTest {

    @Test
    void atMostPermitsRunAndAFullLineIsRefusedAtOnce() throws Exception {
        LoginPressure pressure = new LoginPressure(() -> 0);
        KdfGate gate = new KdfGate(1, 1, pressure);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = holdTheCheck(pool, gate, release);
            assertThat(pressure.recentFullSeconds(0)).as("one running, the line empty").isZero();
            Future<String> second = pool.submit(() -> gate.run(() -> "second")); // waits in line
            awaitWaitingInGeneralLane(gate); // in line, not merely submitted: else the third may take its place
            assertThat(second.isDone()).as("the second waits while the first runs").isFalse();
            // review 58 R1: a guesser who keeps the line exactly full is never refused, yet keeps people out
            assertThat(pressure.recentFullSeconds(0)).as("the line of one filled, none refused").isEqualTo(1);
            assertThatThrownBy(() -> gate.run(() -> "third")).isInstanceOfSatisfying(Denial.class, d -> {
                assertThat(d.reason()).isEqualTo(Reason.LOGIN_BUSY);
                assertThat(d.retryAfterSeconds()).isEqualTo(1);
            });
            assertThat(pressure.recentFullSeconds(0)).as("the refusal in the same second: one second").isEqualTo(1);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(gate.run(() -> "again")).isEqualTo("again");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A login in {@code gate}'s general lane that holds its check until {@code release}; returns once it runs. */
    private static Future<String> holdTheCheck(ExecutorService pool, KdfGate gate, CountDownLatch release) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = pool.submit(() -> gate.run(() -> {
            running.countDown();
            await(release);
            return "first";
        }));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    @Test
    void aLoginFromItsUsersOwnBrowserHasALaneTheFloodCannotFill() throws Exception {
        KdfGate gate = new KdfGate(1, 1, new LoginPressure(() -> 0));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.submit(() -> gate.run("stranger", false, () -> {
                running.countDown();
                await(release);
                return "a stranger's guess";
            }));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            pool.submit(() -> gate.run("stranger", false, () -> "a guess in line"));
            awaitWaitingInGeneralLane(gate); // the line full before the next guess comes
            assertThatThrownBy(() -> gate.run("stranger", false, () -> "one guess too many")).isInstanceOf(Denial.class);
            assertThat(gate.run("alice", true, () -> "the user's own browser")).isEqualTo("the user's own browser");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * One account's logins from its own browser (a guesser who copied it, or its owner in a loop) take
     * one place in the own browsers' lane; the rest go to the general lane, where a flood is refused,
     * and another user's login from their own browser still gets in line there and through.
     */
    @Test
    void oneAccountCannotFillTheOwnBrowsersLane() throws Exception {
        KdfGate gate = new KdfGate(1, 1, new LoginPressure(() -> 0));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch strangerRuns = new CountDownLatch(1);
        CountDownLatch malloryRuns = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            pool.submit(() -> gate.run("stranger", false, () -> {
                strangerRuns.countDown();
                await(release);
                return "a stranger's guess";
            }));
            assertThat(strangerRuns.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> first = pool.submit(() -> gate.run("mallory", true, () -> {
                malloryRuns.countDown();
                await(release);
                return "mallory's first";
            }));
            assertThat(malloryRuns.await(5, TimeUnit.SECONDS)).as("mallory's first login runs in the own lane").isTrue();
            // mallory's next logins: one waits in the general lane's line, the rest find it full
            java.util.List<Future<String>> more = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) more.add(pool.submit(() -> gate.run("mallory", true, () -> "mallory again")));
            // one of them waits in the general lane's line; the other four are answered at once
            long answered = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (more.stream().filter(Future::isDone).count() < 4 && System.nanoTime() < answered) Thread.onSpinWait();
            long refused = more.stream().filter(Future::isDone).filter(f -> {
                try {
                    f.get();
                    return false;
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause() instanceof Denial d && d.reason() == Reason.LOGIN_BUSY;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }).count();
            assertThat(refused).as("mallory's logins beyond the general lane's line are refused at once").isEqualTo(4);
            assertThat(gate.waitingInOwnLane()).as("none of them waits in the own lane").isZero();
            Future<String> alice = pool.submit(() -> gate.run("alice", true, () -> "alice"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gate.waitingInOwnLane() == 0 && !alice.isDone() && System.nanoTime() < until) Thread.onSpinWait();
            assertThat(alice.isDone()).as("alice waits for mallory's first, in line").isFalse();
            release.countDown();
            assertThat(alice.get(10, TimeUnit.SECONDS)).isEqualTo("alice");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("mallory's first");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Own-browser logins that find their lane's line full go to the general lane, not to login_busy. */
    @Test
    void aFullOwnBrowsersLaneSendsTheNextToTheGeneralLane() throws Exception {
        KdfGate gate = new KdfGate(1, 1, new LoginPressure(() -> 0));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch oneRuns = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            pool.submit(() -> gate.run("u0", true, () -> {
                oneRuns.countDown();
                await(release);
                return "u0";
            }));
            assertThat(oneRuns.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 4; i++) {
                String user = "u" + i;
                pool.submit(() -> gate.run(user, true, () -> user));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gate.waitingInOwnLane() < 4 && System.nanoTime() < until) Thread.onSpinWait();
            assertThat(gate.waitingInOwnLane()).as("four in the own lane's line").isEqualTo(4);
            assertThat(gate.run("u5", true, () -> "u5, in the general lane")).isEqualTo("u5, in the general lane");
            assertThat(gate.run("stranger", false, () -> "a stranger's login")).isEqualTo("a stranger's login");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Until one login waits in the general lane's line (a slow machine may take a while to start its thread). */
    private static void awaitWaitingInGeneralLane(KdfGate gate) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.waitingInGeneralLane() < 1 && System.nanoTime() < until) Thread.sleep(5); // a spin could starve it
        assertThat(gate.waitingInGeneralLane()).as("one login waits in the general lane's line").isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
