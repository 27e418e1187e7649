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

    /**
     * A Redis restarted from its append-only file a second old keeps the store's life key but not the
     * last second's nonces: the instance changed, so the nodes begin a new life rather than take a
     * captured signature of that second again.
     */
    @Test
    void aRedisRestartedFromItsFileWithoutItsLastSecondBeginsANewLifeAndTheSecondsSignaturesAreStale() throws Exception {
        long start = System.currentTimeMillis() / 1000;
        java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong(start);
        java.time.Clock clock = new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return java.time.Instant.ofEpochSecond(second.get()); }
        };
        try (RedisServer redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "a", clock);
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "b", clock)) {
            NonceStore onA = a.nonces(() -> 100, () -> 100);
            NonceStore onB = b.nonces(() -> 100, () -> 100);
            assertThat(onA.record(1, 1, start)).isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(onB.record(1, 1, start)).isEqualTo(NonceStore.Outcome.REPLAYED);

            List<String> seenByB = new CopyOnWriteArrayList<>();
            b.watch(problem -> seenByB.add(problem == null ? "back" : problem));
            List<String> seenByA = new CopyOnWriteArrayList<>();
            a.watch(problem -> seenByA.add(problem == null ? "back" : problem));
            redis.stop();
            redis.start();
            awaitOrFail(() -> seenByB.contains("back"), "B hears that Redis answers again");
            awaitOrFail(() -> seenByA.contains("back"), "A too, before its heartbeat below"); // else its beat met no link
            // what the file did not have: the last second's nonces (the life key is older, and kept)
            redis.command("DEL palisade:nonce:{" + start + "} palisade:nonce:{" + start + "}:sessions");
            assertThat(redis.command("EXISTS palisade:nonce:epoch")).isEqualTo(":1");
            second.set(start + 1);
            assertThat(onB.record(1, 1, start)).as("replayed through a node that reconnected")
                    .isEqualTo(NonceStore.Outcome.FORGOTTEN);
            a.beat(new dev.palisade.engine.state.NodeBeat("a", "", "", "test", 0, 0, 0, "ok", 0));
            assertThat(onA.record(1, 1, start)).isEqualTo(NonceStore.Outcome.FORGOTTEN);
            assertThat(onA.record(1, 2, start + 2)).as("signed after the restart").isEqualTo(NonceStore.Outcome.FRESH);
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
            // an ACL that refuses INFO: the store's life then does without the instance, and calls still pass
            assertThat(redis.command("ACL SETUSER palisade -info")).isEqualTo("+OK");
            try (RedisHotState state = RedisHotState.connect(redis.uri(), "palisade", "node-pass".toCharArray())) {
                NonceStore nonces = state.nonces(() -> 10, () -> 10);
                assertThat(nonces.record(1, 2, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
                state.beat(new dev.palisade.engine.state.NodeBeat("n", "", "", "test", 0, 0, 0, "ok", 0));
                assertThat(nonces.record(1, 3, SOON)).isEqualTo(NonceStore.Outcome.FRESH);
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
