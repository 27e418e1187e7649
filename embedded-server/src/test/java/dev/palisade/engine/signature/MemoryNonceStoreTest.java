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
    void forgottenSecondsGiveBackTheirTablesAndTheirNoncesAreRefusedNeverRecordedAfresh() {
        MemoryNonceStore s = new MemoryNonceStore(() -> 100_000, () -> 100_000);
        int empty = s.heldSlots();
        // the later seconds first, so they are not sized after T's burst
        assertThat(s.record(1, 1, T + 1)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 1, T + 30)).isEqualTo(NonceStore.Outcome.FRESH);
        for (int i = 1; i <= 5_000; i++) assertThat(s.record(1, i, T)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.heldSlots()).as("a busy second's table grew").isGreaterThan(empty + 8_000);

        s.forgetBefore(T + 1);
        assertThat(s.heldSlots()).as("given back").isEqualTo(empty);
        assertThat(s.size(T)).isZero();
        assertThat(s.record(1, 1, T)).as("a replay of a forgotten second").isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(s.record(1, 5_001, T)).as("nor is a new nonce of that second recorded").isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(s.record(1, 1, T + 1)).as("the second at the horizon is kept").isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(s.record(1, 1, T + 30)).as("and every later one").isEqualTo(NonceStore.Outcome.REPLAYED);

        s.forgetBefore(T - 100);
        assertThat(s.record(1, 2, T)).as("a forget with an earlier horizon brings nothing back").isEqualTo(NonceStore.Outcome.FORGOTTEN);
    }

    @Test
    void aSecondAfterABusyOneStartsWithRoomForAsManyAndOneAfterAQuietOneStartsSmall() {
        MemoryNonceStore s = new MemoryNonceStore(() -> 100_000, () -> 100_000);
        int empty = s.heldSlots();
        for (int i = 1; i <= 5_000; i++) s.record(1, i, T);
        int busy = s.heldSlots();
        assertThat(s.record(1, 1, T + 1)).isEqualTo(NonceStore.Outcome.FRESH);
        int next = s.heldSlots();
        assertThat(next - busy).as("the next second's first nonce finds room for 5 000").isGreaterThanOrEqualTo(10_000 - 256);
        for (int i = 2; i <= 5_000; i++) assertThat(s.record(1, i, T + 1)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.heldSlots()).as("and its table did not grow").isEqualTo(next);
        assertThat(s.record(1, 1, T + 1)).isEqualTo(NonceStore.Outcome.REPLAYED);

        for (int i = 1; i <= 3; i++) s.record(1, i, T + 3);
        int quiet = s.heldSlots();
        assertThat(s.record(1, 1, T + 4)).as("after a second of three nonces").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.heldSlots()).as("the least room, whatever came before that second").isEqualTo(quiet);

        s.forgetBefore(T + 2);
        assertThat(s.record(1, 1, T + 2)).as("a second after a busy one that was let go").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.heldSlots()).as("sized by what the second before holds now: nothing").isEqualTo(empty);
    }

    @Test
    void aSecondThatHeldNoNonceWhenForgottenIsTakenAsUsual() {
        MemoryNonceStore s = new MemoryNonceStore(() -> 1_000, () -> 1_000);
        assertThat(s.record(1, 7, T + 1)).isEqualTo(NonceStore.Outcome.FRESH); // the second after T held one, T none
        s.forgetBefore(T + 1_000); // e.g. a server clock that ran ahead
        assertThat(s.record(1, 7, T)).as("nothing was used in that second: nothing to replay").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 8, T - 5)).as("a second never used").isEqualTo(NonceStore.Outcome.FRESH);
    }

    @Test
    void aForgottenSlotTakenByALaterSecondServesItNormally() {
        MemoryNonceStore s = new MemoryNonceStore(() -> 1_000, () -> 1_000);
        assertThat(s.record(1, 7, T)).isEqualTo(NonceStore.Outcome.FRESH);
        s.forgetBefore(T + 1);
        long sameSlotLater = T + MemoryNonceStore.SECONDS;
        assertThat(s.record(1, 7, sameSlotLater)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(s.record(1, 7, sameSlotLater)).isEqualTo(NonceStore.Outcome.REPLAYED);
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
