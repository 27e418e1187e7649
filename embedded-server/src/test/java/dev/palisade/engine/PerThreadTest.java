package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerThreadTest {

    @Test
    void eachThreadHasItsOwnValueMadeOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        PerThread<int[]> counter = PerThread.withInitial(() -> {
            made.incrementAndGet();
            return new int[1];
        });
        counter.get()[0] = 7;
        int[] elsewhere = new int[1];
        Thread other = new Thread(() -> elsewhere[0] = ++counter.get()[0] + ++counter.get()[0]);
        other.start();
        other.join();

        assertThat(elsewhere[0]).as("the other thread started from its own zero").isEqualTo(1 + 2);
        assertThat(counter.get()[0]).isEqualTo(7);
        assertThat(made).hasValue(2);
    }

    @Test
    void manyValuesOnOneThreadStayApart() {
        List<PerThread<String>> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String v = "value " + i;
            values.add(PerThread.withInitial(() -> v));
        }
        for (int i = values.size() - 1; i >= 0; i--) assertThat(values.get(i).get()).isEqualTo("value " + i);
        for (int i = 0; i < values.size(); i++) assertThat(values.get(i).get()).isEqualTo("value " + i);
    }

    @Test
    void aValueMadeWhileMakingAnotherKeepsBoth() {
        List<PerThread<String>> later = new ArrayList<>();
        PerThread<String> first = PerThread.withInitial(() -> {
            // the values made here may grow the thread's array under the first one's feet
            for (PerThread<String> p : later) p.get();
            return "first";
        });
        for (int i = 0; i < 200; i++) {
            String v = "later " + i;
            later.add(PerThread.withInitial(() -> v));
        }
        Thread t = new Thread(() -> {
            assertThat(first.get()).isEqualTo("first");
            assertThat(later.get(199).get()).isEqualTo("later 199");
            assertThat(first.get()).isEqualTo("first");
        });
        List<Throwable> failed = new ArrayList<>();
        t.setUncaughtExceptionHandler((thread, e) -> failed.add(e));
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(failed).isEmpty();
    }
}
