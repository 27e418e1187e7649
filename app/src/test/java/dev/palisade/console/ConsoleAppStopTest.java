package dev.palisade.console;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the console stops its server without holding the FX thread while the server drains its events. */
class ConsoleAppStopTest {

    @Test
    void theServerIsStoppedOnAThreadOfItsOwnThatKeepsTheProcessUp() throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        AtomicReference<Thread> stoppedOn = new AtomicReference<>();
        ConsoleApp.prepare(null, () -> {
            stoppedOn.set(Thread.currentThread());
            drained.await(10, TimeUnit.SECONDS); // a server writing a backlog of events
        });
        long start = System.nanoTime();
        new ConsoleApp().stop(); // JavaFX calls it on the FX thread
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("stop() did not wait for the drain")
                .isLessThan(5_000);
        for (long end = System.nanoTime() + 5_000_000_000L; stoppedOn.get() == null && System.nanoTime() < end; ) Thread.sleep(10);
        assertThat(stoppedOn.get()).isNotNull().isNotEqualTo(Thread.currentThread());
        assertThat(stoppedOn.get().isDaemon()).as("the process lives until the server has stopped").isFalse();
        drained.countDown();
        ConsoleApp.prepare(null, null);
    }
}
