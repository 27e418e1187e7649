package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
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
        KdfGate gate = new KdfGate(1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> gate.run(() -> {
                running.countDown();
                await(release);
                return "first";
            }));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> gate.run(() -> "second")); // waits in line
            Thread.sleep(200);
            assertThat(second.isDone()).as("the second waits while the first runs").isFalse();
            assertThatThrownBy(() -> gate.run(() -> "third")).isInstanceOfSatisfying(Denial.class, d -> {
                assertThat(d.reason()).isEqualTo(Reason.LOGIN_BUSY);
                assertThat(d.retryAfterSeconds()).isEqualTo(1);
            });
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(gate.run(() -> "again")).isEqualTo("again");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoginFromItsUsersOwnBrowserHasALaneTheFloodCannotFill() throws Exception {
        KdfGate gate = new KdfGate(1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.submit(() -> gate.run(false, () -> {
                running.countDown();
                await(release);
                return "a stranger's guess";
            }));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            pool.submit(() -> gate.run(false, () -> "a guess in line"));
            Thread.sleep(200);
            assertThatThrownBy(() -> gate.run(false, () -> "one guess too many")).isInstanceOf(Denial.class);
            assertThat(gate.run(true, () -> "the user's own browser")).isEqualTo("the user's own browser");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
