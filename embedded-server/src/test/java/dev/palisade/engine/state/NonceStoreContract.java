package dev.palisade.engine.state;

import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static dev.palisade.engine.state.NonceStore.Outcome.FRESH;
import static dev.palisade.engine.state.NonceStore.Outcome.FULL;
import static dev.palisade.engine.state.NonceStore.Outcome.REPLAYED;
import static dev.palisade.engine.state.NonceStore.Outcome.SESSION_FULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link NonceStore} must do (STYLE 12): the embedded one passes it, and a shared one will
 * have to. A subclass says how to make a store with the given limits.
 */
public abstract class NonceStoreContract {

    /** A day ahead: a shared store refuses seconds before its life began (RedisNonceStore). */
    protected static final long T = System.currentTimeMillis() / 1000 + 86_400;
    private static final long ALICE = 11;
    private static final long BOB = 22;

    /** A fresh, empty store: at most {@code perSecond} nonces a second, {@code perSession} of them per session. */
    protected abstract NonceStore store(IntSupplier perSecond, IntSupplier perSession);

    @Test
    void aNonceIsFreshOnceThenReplayed() {
        NonceStore s = store(() -> 1_000, () -> 1_000);
        assertThat(s.record(ALICE, 42, T)).isEqualTo(FRESH);
        assertThat(s.record(ALICE, 42, T)).isEqualTo(REPLAYED);
        assertThat(s.record(ALICE, 43, T)).isEqualTo(FRESH);
        assertThat(s.record(ALICE, 0, T)).isEqualTo(FRESH);
        assertThat(s.record(ALICE, 0, T)).isEqualTo(REPLAYED);
        assertThat(s.size(T)).isEqualTo(3);
    }

    @Test
    void aFullSecondFailsClosedAndKeepsWhatItHas() {
        NonceStore s = store(() -> 3, () -> 3);
        assertThat(s.record(ALICE, 1, T)).isEqualTo(FRESH);
        assertThat(s.record(ALICE, 2, T)).isEqualTo(FRESH);
        assertThat(s.record(BOB, 3, T)).isEqualTo(FRESH);
        assertThat(s.record(BOB, 4, T)).isEqualTo(FULL);
        assertThat(s.record(ALICE, 1, T)).as("live nonces are never evicted").isEqualTo(REPLAYED);
        assertThat(s.record(BOB, 4, T + 1)).as("the next second has room").isEqualTo(FRESH);
    }

    @Test
    void oneSessionTakesOnlyItsShareAndOthersAreUnaffected() {
        NonceStore s = store(() -> 100, () -> 3);
        for (long n = 1; n <= 3; n++) assertThat(s.record(ALICE, n, T)).isEqualTo(FRESH);
        assertThat(s.record(ALICE, 4, T)).isEqualTo(SESSION_FULL);
        assertThat(s.record(BOB, 4, T)).as("another session has its own share").isEqualTo(FRESH);
        assertThat(s.record(ALICE, 5, T + 1)).as("the share is per second").isEqualTo(FRESH);
        assertThat(s.record(ALICE, 1, T)).as("a replay is still a replay").isEqualTo(REPLAYED);
    }

    @Test
    void manyNoncesGrowAndReplayCorrectly() {
        NonceStore s = store(() -> 100_000, () -> 100_000);
        for (long i = 1; i <= 10_000; i += 2) assertThat(s.record(ALICE, i * 7919, T)).isEqualTo(FRESH);
        assertThat(s.size(T)).isEqualTo(5_000);
        for (long i = 1; i <= 10_000; i++) {
            assertThat(s.record(ALICE, i * 7919, T)).as("nonce %d", i).isEqualTo(i % 2 == 0 ? FRESH : REPLAYED);
        }
    }
}
