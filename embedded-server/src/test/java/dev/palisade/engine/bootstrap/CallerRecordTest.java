package dev.palisade.engine.bootstrap;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class CallerRecordTest {

    private static String address(int i) {
        return "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /*
     * Audit conc55 M1: once a flood of addresses filled the table of denials (200 000 keys within a minute), every
     * refusal and page from anyone swept the whole table twice on its request thread, all threads at once: seconds of
     * CPU a second on two cores. A full table is swept once a second at most; a new address meanwhile is not tracked.
     */
    @Test
    void aFullTableIsSweptOnceASecondAtMostNotOnEveryRefusal() throws Exception {
        CallerRecord callers = new CallerRecord();
        long now = 10_000_000;
        for (int i = 0; i < 200_000; i++) callers.denied(address(i), now);
        long before = callers.fullSweeps.taken();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<Future<?>> refusals = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    refusals.add(pool.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            callers.denied("172.16." + thread + "." + i, now + 500);
                            callers.pageServed("172.16." + thread + "." + i, now + 500);
                        }
                    }));
                }
                for (Future<?> f : refusals) f.get();
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(callers.fullSweeps.taken() - before).as("sweeps of the full table, for 2 000 calls within a second")
                .isLessThanOrEqualTo(1);
        assertThat(callers.denials(address(7), now + 500)).as("the live counts kept").isEqualTo(1);
        // a minute on, the next refusal sweeps the lapsed flood away and is counted
        callers.denied("172.16.9.9", now + 61_000);
        assertThat(callers.denials("172.16.9.9", now + 61_000)).isEqualTo(1);
    }

    /* Audit conc55 L1: the page limit's look and its count are one step; a page the store refused does not count. */
    @Test
    void aPageIsHeldUpToTheLimitAndCountsForItsNetworkOnceServed() {
        CallerRecord callers = new CallerRecord();
        long now = 10_000_000;
        for (int i = 0; i < 5; i++) assertThat(callers.holdPage("10.1.2.3", now, 5)).as("page " + (i + 1)).isTrue();
        assertThat(callers.holdPage("10.1.2.3", now, 5)).as("the 6th of 5").isFalse();
        assertThat(callers.pageLoads("10.1.2.3", now)).isEqualTo(5);
        assertThat(callers.networkPageLoads("10.1.2.4", now)).as("held, not yet served: the /24 counts none").isZero();
        callers.pageHeldServed("10.1.2.3", now);
        assertThat(callers.networkPageLoads("10.1.2.4", now)).as("served: its /24 counts it").isEqualTo(1);
        callers.pageHeldNotServed("10.1.2.3", now);
        assertThat(callers.pageLoads("10.1.2.3", now)).as("a page not served is given back").isEqualTo(4);
        assertThat(callers.holdPage("10.1.2.3", now, 5)).isTrue();
        assertThat(callers.holdPage("10.1.2.3", now + 60_000, 5)).as("the next minute's window").isTrue();
        assertThat(callers.pageLoads("10.1.2.3", now + 60_000)).isEqualTo(1);
    }
}
