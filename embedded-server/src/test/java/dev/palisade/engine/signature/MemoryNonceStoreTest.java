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
}
