package dev.palisade.engine.signature;

import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.NonceStoreContract;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryNonceStoreTest extends NonceStoreContract {

    @Override
    protected NonceStore store(IntSupplier perSecond, IntSupplier perSession) {
        return new MemoryNonceStore(perSecond, perSession);
    }

    @Test
    void aSecondIsDroppedWhenItsSlotIsReused() {
        NonceStore s = store(() -> 1_000, () -> 1_000);
        assertThat(s.record(1, 7919, T)).isEqualTo(NonceStore.Outcome.FRESH);
        long sameSlotLater = T + MemoryNonceStore.SECONDS;
        assertThat(s.record(1, 7919, sameSlotLater)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.size(T)).isZero();
    }

    @Test
    void aReusedSlotGivesEachSessionItsWholeShareAgain() {
        NonceStore s = store(() -> 1_000, () -> 2);
        assertThat(s.record(1, 11, T)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 12, T)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 13, T)).isEqualTo(NonceStore.Outcome.SESSION_FULL);
        long sameSlotLater = T + MemoryNonceStore.SECONDS;
        assertThat(s.record(1, 21, sameSlotLater)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 22, sameSlotLater)).as("the old second's count is gone with it").isEqualTo(NonceStore.Outcome.FRESH);
    }
}
