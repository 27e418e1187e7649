package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.NonceStoreContract;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The nonce store contract against a real redis-server, and what only a shared store must do. */
class RedisNonceStoreTest extends NonceStoreContract {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TwoNodes NODES = new TwoNodes();



    @Override
    protected NonceStore store(IntSupplier perSecond, IntSupplier perSession) {
        NODES.flush();
        return NODES.nodeA().nonces(perSecond, perSession);
    }

    @Test
    void aNonceRecordedOnOneNodeIsAReplayOnAnother() {
        NonceStore a = store(() -> 100, () -> 2);
        NonceStore b = NODES.nodeB().nonces(() -> 100, () -> 2);
        assertThat(a.record(5, 42, T)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(b.record(5, 42, T)).isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(b.record(5, 43, T)).as("the session's share counts across nodes").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(a.record(5, 44, T)).isEqualTo(NonceStore.Outcome.SESSION_FULL);
        assertThat(b.size(T)).isEqualTo(2);
    }

    @Test
    void aSecondsNoncesExpireAfterTheWidestSkewWindowWhateverTheClocksSay() throws Exception {
        NonceStore s = store(() -> 100, () -> 100);
        long now = 1_000_000_000L; // a node whose clock is years behind Redis's must still keep its nonces
        s.record(1, 2, now);
        String ttl = NODES.redis().command("TTL palisade:nonce:{" + now + "}");
        assertThat(Long.parseLong(ttl.substring(1))).isBetween(RedisNonceStore.KEEP_SECONDS - 5, RedisNonceStore.KEEP_SECONDS);
        String sessionsTtl = NODES.redis().command("TTL palisade:nonce:{" + now + "}:sessions");
        assertThat(Long.parseLong(sessionsTtl.substring(1))).isBetween(RedisNonceStore.KEEP_SECONDS - 5, RedisNonceStore.KEEP_SECONDS);
    }
}
