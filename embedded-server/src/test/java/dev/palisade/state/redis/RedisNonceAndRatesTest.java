package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceAndRates;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.SharedRates.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The nonce and the rate windows decided in one script, against a real redis-server. */
class RedisNonceAndRatesTest {

    @RegisterExtension
    static final TwoNodes NODES = new TwoNodes();
    private static final long T = System.currentTimeMillis() / 1000 + 86_400; // after the store's life began
    private static final long NOW = T * 1000;
    /**
     * Each test's nodes begin anew: a node keeps the nonces it recorded ahead of its clock (T is a day ahead) and spends
     * them into the store's next life, which the next test's empty Redis would be.
     */
    private static final java.time.Clock NODE_CLOCK = java.time.Clock.systemUTC();

    @BeforeEach
    void empty() { NODES.flush(); }

    @Test
    void aFreshNonceIsRecordedAndTheCallCountedInItsWindowsUnlessOneIsFull() {
        NonceAndRates a = NODES.nodeA().nonceAndRates(() -> 100, () -> 100, NODE_CLOCK);
        NonceAndRates b = NODES.nodeB().nonceAndRates(() -> 100, () -> 100, NODE_CLOCK);
        List<Slot> window = List.of(new Slot("w:s1", 2, 10_000));
        assertThat(a.decide("", 1, 101, T, window, NOW)).isEqualTo(new NonceAndRates.Decided(NonceStore.Outcome.FRESH, null));
        assertThat(b.decide("", 1, 101, T, window, NOW + 1).nonce()).as("the same nonce on another node").isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(b.decide("", 1, 102, T, window, NOW + 2).refused()).as("the replay counted nothing: room for one more").isNull();
        NonceAndRates.Decided full = a.decide("", 1, 103, T, window, NOW + 3);
        assertThat(full.nonce()).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(full.refused()).isNotNull();
        assertThat(full.refused().observed()).isEqualTo(3.0);
        assertThat(full.refused().firstInWindow()).isTrue();
        // given back, the refused request could be sent again once the window had room: the call made twice
        assertThat(NODES.nodeB().nonces(() -> 100, () -> 100, NODE_CLOCK).record(1, 103, T))
                .as("a call refused by its window spent its nonce all the same").isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(b.decide("", 1, 103, T, window, NOW + 20_001).nonce()).as("also once the window has room")
                .isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(a.decide("", 1, 105, T, window, NOW + 5).refused().observed()).as("the refused calls counted in no window")
                .isEqualTo(3.0);
        assertThat(a.decide("", 1, 104, T, List.of(), NOW + 4).nonce()).as("no window applies: the nonce alone")
                .isEqualTo(NonceStore.Outcome.FRESH);
    }

    @Test
    void aSessionRevokedOnAnyNodeIsRefusedBeforeItsNonceIsRecordedOrItsCallCounted() throws Exception {
        NonceAndRates a = NODES.nodeA().nonceAndRates(() -> 100, () -> 100, NODE_CLOCK);
        List<Slot> window = List.of(new Slot("w:s1", 1, 10_000));
        // a logout on node B stores its revocation so (SharedSessions), before B answers
        assertThat(NODES.redis().commandArgs("HSET", "palisade:sessions:revoked", "sess-1", "1234")).isEqualTo(":1");

        assertThat(a.decide("sess-1", 1, 201, T, window, NOW)).isEqualTo(NonceAndRates.Decided.revoked(1234));
        assertThat(NODES.nodeA().nonces(() -> 100, () -> 100).size(T)).as("its nonce was not recorded").isZero();
        assertThat(a.decide("sess-2", 2, 202, T, window, NOW + 1))
                .as("another session: fresh, and counted in a window the refused call left empty")
                .isEqualTo(new NonceAndRates.Decided(NonceStore.Outcome.FRESH, null));
        assertThat(a.decide("", 1, 201, T, List.of(), NOW + 2).nonce())
                .as("no session named (a nonce spent for a refusal): no revocation looked up")
                .isEqualTo(NonceStore.Outcome.FRESH);
    }
}
