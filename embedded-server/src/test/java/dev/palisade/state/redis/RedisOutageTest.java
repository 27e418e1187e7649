package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.StateUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a node sees when its Redis goes away and comes back, and when Redis wants a password. */
class RedisOutageTest {

    /** A second after the nonce store's life began. */
    private static final long SOON = System.currentTimeMillis() / 1000 + 60;

    @TempDir
    Path dir;

    @Test
    void callsFailAtOnceWhileRedisIsDownAndSucceedAgainWhenItReturnsWithoutAReconnectByHand() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState state = RedisHotState.connect(redis.uri(), null, null)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            state.watch(problem -> seen.add(problem == null ? "back" : problem));
            NonceStore nonces = state.nonces(() -> 100, () -> 100);
            assertThat(nonces.record(1, 1, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(state.problem()).isNull();

            redis.stop();
            awaitOrFail(() -> !seen.isEmpty(), "the watcher hears of the lost connection");
            assertThat(seen.get(0)).contains("lost").contains("127.0.0.1:" + redis.port());
            long start = System.nanoTime();
            assertThatThrownBy(() -> nonces.record(1, 2, SOON)).isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("Redis at 127.0.0.1:" + redis.port());
            assertThat((System.nanoTime() - start) / 1_000_000).as("refused at once, not after a timeout").isLessThan(1_500);
            assertThat(state.problem()).isNotNull();

            redis.start();
            awaitOrFail(() -> seen.contains("back"), "the watcher hears that Redis answers again");
            assertThat(nonces.record(1, 3, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(state.problem()).isNull();
        }
    }

    @Test
    void aRedisThatWantsAPasswordRefusesANodeWithoutItAndTheMessageNeverHoldsThePassword() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", "s3cret-pass")) {
            assertThatThrownBy(() -> RedisHotState.connect(redis.uri(), null, null).close())
                    .isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("cannot reach Redis at 127.0.0.1:" + redis.port());
            assertThatThrownBy(() -> RedisHotState.connect(redis.uri(), null, "wrong".toCharArray()).close())
                    .isInstanceOf(StateUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
            try (RedisHotState state = RedisHotState.connect(redis.uri(), null, "s3cret-pass".toCharArray())) {
                assertThat(state.nonces(() -> 10, () -> 10).record(1, 1, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
                assertThat(state.where()).doesNotContain("s3cret");
            }
        }
    }

    @Test
    void anAclUserNeedsItsOwnPassword() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            assertThat(redis.command("ACL SETUSER palisade on >node-pass ~palisade:* +@all")).isEqualTo("+OK");
            assertThatThrownBy(() -> RedisHotState.connect(redis.uri(), "palisade", "nope".toCharArray()).close())
                    .isInstanceOf(StateUnavailableException.class);
            try (RedisHotState state = RedisHotState.connect(redis.uri(), "palisade", "node-pass".toCharArray())) {
                assertThat(state.nonces(() -> 10, () -> 10).record(1, 1, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
            }
        }
    }

    private static void awaitOrFail(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("within 15 s: " + what);
            Thread.sleep(20);
        }
    }
}
