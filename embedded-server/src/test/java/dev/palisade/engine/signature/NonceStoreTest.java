package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import static dev.palisade.engine.signature.NonceStore.Outcome.FRESH;
import static dev.palisade.engine.signature.NonceStore.Outcome.FULL;
import static dev.palisade.engine.signature.NonceStore.Outcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

class NonceStoreTest {

    private static final long T = 1_800_000_000L;

    @Test
    void aNonceIsFreshOnceThenReplayed() {
        NonceStore store = new NonceStore(() -> 1_000);
        assertThat(store.record(42, T)).isEqualTo(FRESH);
        assertThat(store.record(42, T)).isEqualTo(REPLAYED);
        assertThat(store.record(43, T)).isEqualTo(FRESH);
        assertThat(store.record(0, T)).isEqualTo(FRESH);
        assertThat(store.record(0, T)).isEqualTo(REPLAYED);
    }

    @Test
    void aFullSecondFailsClosedAndKeepsWhatItHas() {
        NonceStore store = new NonceStore(() -> 3);
        assertThat(store.record(1, T)).isEqualTo(FRESH);
        assertThat(store.record(2, T)).isEqualTo(FRESH);
        assertThat(store.record(3, T)).isEqualTo(FRESH);
        assertThat(store.record(4, T)).isEqualTo(FULL);
        assertThat(store.record(1, T)).as("live nonces are never evicted").isEqualTo(REPLAYED);
        assertThat(store.record(4, T + 1)).as("the next second has room").isEqualTo(FRESH);
    }

    @Test
    void growsPastItsFirstTableAndDropsASecondWhenItsSlotIsReused() {
        NonceStore store = new NonceStore(() -> 100_000);
        for (long i = 1; i <= 10_000; i++) assertThat(store.record(i * 7919, T)).isEqualTo(FRESH);
        for (long i = 1; i <= 10_000; i++) assertThat(store.record(i * 7919, T)).isEqualTo(REPLAYED);
        assertThat(store.size(T)).isEqualTo(10_000);
        long sameSlotLater = T + NonceStore.SECONDS;
        assertThat(store.record(7919, sameSlotLater)).isEqualTo(FRESH);
        assertThat(store.size(T)).isZero();
    }
}
