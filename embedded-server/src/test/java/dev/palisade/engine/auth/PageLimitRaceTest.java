package dev.palisade.engine.auth;

import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit conc55 L1: an address's page limit was looked at before its page was made and counted after, so pages asked
 * for at once all passed the look: 16 at once from one address were all served under a limit of 5.
 */
class PageLimitRaceTest extends EngineTestBase {

    @Test
    void pagesAskedForAtOnceAreServedUpToTheLimitAndNoMore() throws Exception {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("pagesPerMinuteMax", 5L));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String ip = "127.0.6." + (round + 1);
                CyclicBarrier together = new CyclicBarrier(threads);
                AtomicInteger served = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                List<Future<?>> asks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    asks.add(pool.submit(() -> {
                        together.await();
                        try {
                            f.engine.auth().servePage(ip);
                            served.incrementAndGet();
                        } catch (Denial d) {
                            assertThat(d.reason()).isEqualTo(Reason.RATE_LIMITED);
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> a : asks) a.get();
                assertThat(served.get()).as("pages served to " + ip + " of 16 asked for at once").isEqualTo(5);
                assertThat(refused.get()).isEqualTo(threads - 5);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
