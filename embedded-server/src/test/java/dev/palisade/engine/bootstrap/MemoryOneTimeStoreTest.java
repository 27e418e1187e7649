package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.OneTimeStore;
import dev.palisade.engine.state.OneTimeStoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryOneTimeStoreTest extends OneTimeStoreContract {

    @Override
    protected OneTimeStore<String> store(int capacity, int share) {
        return new MemoryOneTimeStore<>(capacity, share);
    }

    /*
     * A value taken while the sweep removed it was given back to its owner's count twice, and a
     * count emptied at the moment another value was minted lost that value: an address's count
     * fell below what it held, and it could hold more than its share of page nonces or tickets.
     */
    @Test
    void anOwnersCountStaysTrueWhileValuesAreTakenAndSweptAtOnce() throws Exception {
        MemoryOneTimeStore<String> store = new MemoryOneTimeStore<>(100_000, 5);
        long fresh = 1_000_000;
        store.mint("10.0.0.1", fresh, 1_000, null);
        store.mint("10.0.0.1", fresh, 1_000, null);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            AtomicBoolean churning = new AtomicBoolean(true);
            Future<?> sweeper = pool.submit(() -> {
                while (churning.get()) store.sweep(fresh); // takes the old values, keeps the two fresh ones
            });
            List<Future<?>> churn = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                churn.add(pool.submit(() -> {
                    for (int i = 0; i < 100_000; i++) store.take(store.mint("10.0.0.1", 0, 1_000, null));
                }));
            }
            for (Future<?> f : churn) f.get();
            churning.set(false);
            sweeper.get();
        } finally {
            pool.shutdownNow();
        }
        int more = 0;
        try {
            for (int i = 0; i < 10; i++) {
                store.mint("10.0.0.1", fresh, 1_000, null);
                more++;
            }
        } catch (OneTimeStore.RefusedException e) {
            assertThat(e.refusal()).isEqualTo(OneTimeStore.Refusal.OWNER_FULL);
        }
        assertThat(more).as("values the address may still mint beside the two it holds, of its share of 5").isEqualTo(3);
    }

    /*
     * Audit conc55 M1: a full store, or an owner at its share, swept every value on each mint, so a flood of pages
     * made every request thread read the whole store at once. Once a second at most now; maintenance sweeps too.
     */
    @Test
    void aFullStoreIsSweptOnceASecondAtMostNotOnEveryMint() {
        MemoryOneTimeStore<String> store = new MemoryOneTimeStore<>(1_000, 10);
        long now = 5_000_000;
        for (int i = 0; i < 1_000; i++) store.mint("10.0." + (i / 10) + ".1", now, 60_000, null);
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            try {
                store.mint(i % 2 == 0 ? "10.9.9." + (i % 200) : "10.0.0.1", now + i / 4, 60_000, null);
            } catch (OneTimeStore.RefusedException e) {
                refused++;
            }
        }
        assertThat(refused).as("full, and the owner at its share: every mint refused").isEqualTo(2_000);
        assertThat(store.fullSweeps.taken()).as("sweeps over the 500 ms the mints took").isEqualTo(1);
        // a second later, lapsed values make room again at once
        store.mint("10.9.9.9", now + 60_001 + 1_000, 60_000, null);
        // an owner at its share in a store with room: the same, once a second at most (review 55)
        MemoryOneTimeStore<String> roomy = new MemoryOneTimeStore<>(100_000, 5);
        for (int i = 0; i < 5; i++) roomy.mint("10.0.0.1", now, 60_000, null);
        for (int i = 0; i < 1_000; i++) {
            long at = now + i / 4;
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> roomy.mint("10.0.0.1", at, 60_000, null),
                    OneTimeStore.RefusedException.class).refusal()).isEqualTo(OneTimeStore.Refusal.OWNER_FULL);
        }
        assertThat(roomy.fullSweeps.taken()).isEqualTo(1);
    }
}
