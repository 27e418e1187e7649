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

    /* Review 55: a page the nonces' store refused (the address holds its share) is given back, not counted. */
    @Test
    void aPageTheStoreRefusedIsNotCountedAgainstTheLimit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path other) {
        // 1 000 outstanding page nonces at most, 64 an address
        try (dev.palisade.engine.EngineFixture small = new dev.palisade.engine.EngineFixture(other,
                dev.palisade.engine.EngineFixture.fastOptions().withBootstrapCapacity(1_000))) {
            small.engine.operator(Actor.OWNER).updateSettings(Map.of("pagesPerMinuteMax", 65L));
            List<dev.palisade.engine.bootstrap.ServedPage> pages = new ArrayList<>();
            for (int i = 0; i < 64; i++) pages.add(small.engine.auth().servePage("127.0.7.1"));
            for (int i = 0; i < 5; i++) {
                Denial held = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> small.engine.auth().servePage("127.0.7.1"), Denial.class);
                assertThat(held.getMessage()).as("refused by the store, not the limit").contains("holds its share");
            }
            // a page redeemed frees its place: the 65th page of the minute, the refused five not counted
            small.engine.auth().bootstrap(dev.palisade.engine.EngineFixture.solved(pages.get(0)), Map.of(), null,
                    dev.palisade.engine.EngineFixture.BROWSER);
            small.engine.auth().servePage("127.0.7.1");
            Denial over = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> small.engine.auth().servePage("127.0.7.1"), Denial.class);
            assertThat(over.getMessage()).startsWith("this address loaded 65 client pages within a minute");
        }
    }
}
