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
    void aValueMadeWhileMakingAnotherIsKeptWithIt() throws Exception {
        // the values made inside first's supplier grow the thread's array under it; if first then
        // stored into the array it had read before, those values would be lost and made again
        List<PerThread<Object>> later = new ArrayList<>();
        AtomicInteger made = new AtomicInteger();
        PerThread<Object> first = PerThread.withInitial(() -> {
            for (PerThread<Object> p : later) p.get();
            made.incrementAndGet();
            return new Object();
        });
        for (int i = 0; i < 200; i++) {
            later.add(PerThread.withInitial(() -> {
                made.incrementAndGet();
                return new Object();
            }));
        }
        List<Throwable> failed = new ArrayList<>();
        Thread t = new Thread(() -> {
            Object firstValue = first.get();
            List<Object> laterValues = new ArrayList<>();
            for (PerThread<Object> p : later) laterValues.add(p.get());
            assertThat(first.get()).isSameAs(firstValue);
            for (int i = 0; i < later.size(); i++) assertThat(later.get(i).get()).isSameAs(laterValues.get(i));
            assertThat(made).as("each value made once").hasValue(201);
        });
        t.setUncaughtExceptionHandler((thread, e) -> failed.add(e));
        t.start();
        t.join();
        assertThat(failed).isEmpty();
    }
}
