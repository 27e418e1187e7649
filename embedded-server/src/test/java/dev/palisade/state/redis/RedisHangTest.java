package dev.palisade.state.redis;

import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.admin.Role;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.engine.store.StoreChange;
import dev.palisade.engine.store.StoreException;
import dev.palisade.store.sqlite.SqliteStore;
import io.lettuce.core.RedisURI;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A Redis that hangs with its connection open (stopped with SIGSTOP): what the link sent meanwhile
 * waits in the socket, and Redis runs it when it wakes.
 */
class RedisHangTest {

    @TempDir
    Path dir;
    private RedisServer redis;
    private RedisLink link;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir);
        link = RedisLink.open(RedisURI.create(redis.uri()));
        new RedisClock(link, System::currentTimeMillis).measure();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (redis != null) redis.resume(); // never left stopped: its kill would wait for nothing, but be sure
        } finally {
            if (link != null) link.close();
            if (redis != null) redis.close();
        }
    }

    /*
     * Found by an outside test (session 53, M1): an operator token added while Redis hung was answered 503
     * "could not add", but Redis added it when it woke, with no audit event: the name was taken by a token
     * whose secret nobody got. A write now carries a deadline on Redis's clock, which Redis checks.
     */
    @Test
    void aWriteThatTimedOutWhileRedisHungIsNotMadeWhenRedisWakes() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SharedRecords<OperatorToken> tokens = new SharedRecords<>(link, "operator-tokens", OperatorToken.class,
                    Comparator.comparing(OperatorToken::id), null, StoreChange.OPERATOR_TOKENS, new KeptCopies(() -> true));
            OperatorToken early = new OperatorToken("op-early", "early", Role.VIEWER, new byte[32], 1, 0, 0);
            assertThat(tokens.insertNewUnlessNameLive(early.id(), early, early.name(), "early")).isTrue();

            OperatorToken late = new OperatorToken("op-late", "late", Role.VIEWER, new byte[32], 2, 0, 0);
            redis.pause();
            Throwable told;
            try {
                told = catchThrowable(() -> tokens.insertNewUnlessNameLive(late.id(), late, late.name(), "late"));
                assertThat(told).isInstanceOf(StateUnavailableException.class).hasMessageContaining("timed out");
                assertThatThrownBy(() -> tokens.put("op-put", late)).isInstanceOf(StateUnavailableException.class);
                assertThatThrownBy(() -> tokens.revoke("op-early", 5, true)).isInstanceOf(StateUnavailableException.class);
            } finally {
                redis.resume();
            }
            // Redis ran what waited in its socket: every write came after its deadline
            String answer = RedisServer.onceBack(() -> link.call("ping", r -> r.ping()));
            assertThat(answer).isEqualTo("PONG");
            assertThat(redis.commandArgs("HEXISTS", "palisade:operator-tokens", "op-late")).isEqualTo(":0");
            assertThat(redis.commandArgs("HEXISTS", "palisade:operator-tokens", "op-put")).isEqualTo(":0");
            assertThat(redis.commandArgs("HEXISTS", "palisade:operator-tokens:revoked", "op-early")).isEqualTo(":0");
            assertThat(told).as("the caller is told so").hasMessageContaining("not made");
            // and a write sent on time is made as before
            assertThat(tokens.insertNewUnlessNameLive(late.id(), late, late.name(), "late")).isTrue();
            assertThat(tokens.revoke("op-early", 5, true)).isTrue();
        });
    }

    /*
     * The session's review: the hang test above shows one script's deadline at work (the link sends nothing more once a
     * command timed out, so the others were never sent). Each admin write's script, given a deadline already past on
     * Redis's clock, changes nothing and says so; sent in time, each is made.
     */
    @Test
    void everyAdminWriteThatReachesRedisPastItsDeadlineChangesNothing() throws Exception {
        SharedRecords<OperatorToken> tokens = new SharedRecords<>(link, "operator-tokens", OperatorToken.class,
                Comparator.comparing(OperatorToken::id), null, StoreChange.OPERATOR_TOKENS, new KeptCopies(() -> true));
        OperatorToken kept = new OperatorToken("op-kept", "kept", Role.VIEWER, new byte[32], 1, 0, 0);
        assertThat(tokens.insertNew(kept.id(), kept)).isTrue();
        String before = redis.commandArgs("HGET", "palisade:operator-tokens", "op-kept");

        long now = System.nanoTime();
        link.heard(System.currentTimeMillis() - 3_600_000L, now, now); // a reading an hour behind: every deadline past
        OperatorToken other = new OperatorToken("op-new", "new", Role.OPERATOR, new byte[32], 2, 0, 0);
        java.util.List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> writes = java.util.List.of(
                () -> tokens.insertNew(other.id(), other),
                () -> tokens.insertNewUnlessTakenByCase(other.id(), other),
                () -> tokens.insertNewUnlessNameLive(other.id(), other, other.name(), "new"),
                () -> tokens.put(kept.id(), other),
                () -> tokens.replaceIf(kept.id(), other, "name", "kept"),
                () -> tokens.delete(kept.id()),
                () -> tokens.revoke(kept.id(), 5, false));
        for (var write : writes) {
            assertThatThrownBy(write).isInstanceOf(StateUnavailableException.class).hasMessageContaining("after its deadline");
        }
        assertThat(redis.commandArgs("HEXISTS", "palisade:operator-tokens", "op-new")).isEqualTo(":0");
        assertThat(redis.commandArgs("HGET", "palisade:operator-tokens", "op-kept")).isEqualTo(before);
        assertThat(redis.commandArgs("HEXISTS", "palisade:operator-tokens:revoked", "op-kept")).isEqualTo(":0");

        new RedisClock(link, System::currentTimeMillis).measure(); // a true reading: the same writes are made
        assertThat(tokens.replaceIf(kept.id(), new OperatorToken("op-kept", "kept", Role.OPERATOR, new byte[32], 1, 0, 0),
                "name", "kept")).isTrue();
        assertThat(tokens.revoke(kept.id(), 5, false)).isTrue();
        assertThat(tokens.delete(kept.id())).isTrue();
        assertThat(tokens.insertNewUnlessNameLive(other.id(), other, other.name(), "new")).isTrue();
    }

    /*
     * A review (session 54): the cluster store's own admin writes carry a deadline too (a key ring written whole, a
     * rotation, the settings), each tested here as the shared records' are above: sent while Redis hung, told as not
     * made, and not made when Redis wakes.
     */
    @Test
    void aKeyRingWrittenWhileRedisHungIsNotWrittenWhenRedisWakes() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ClusterStore store = clusterStore()) {
                SigningKey first = key("k1", 1);
                store.saveSigningKeys("jwt", List.of(first));
                String before = redis.commandArgs("HGET", "palisade:key-ring:jwt", "k1");

                notMadeWhileRedisHangs(() -> store.saveSigningKeys("jwt", List.of(first.retire(2), key("k2", 2))));
                assertThat(redis.commandArgs("HEXISTS", "palisade:key-ring:jwt", "k2")).isEqualTo(":0");
                assertThat(redis.commandArgs("HGET", "palisade:key-ring:jwt", "k1")).isEqualTo(before);

                store.saveSigningKeys("jwt", List.of(first.retire(3), key("k3", 3))); // sent on time: made
                assertThat(store.loadSigningKeys("jwt")).extracting(SigningKey::kid, SigningKey::retiredAt)
                        .containsExactly(tuple("k1", 3L), tuple("k3", 0L));
            }
        });
    }

    @Test
    void aRotationSentWhileRedisHungIsNotMadeWhenRedisWakes() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ClusterStore store = clusterStore()) {
                SigningKey first = key("k1", 1);
                assertThat(store.saveRotation("jwt", List.of(first))).isTrue();
                String before = redis.commandArgs("HGET", "palisade:key-ring:jwt", "k1");

                notMadeWhileRedisHangs(() -> store.saveRotation("jwt", List.of(first.retire(2), key("k2", 2))));
                assertThat(redis.commandArgs("HEXISTS", "palisade:key-ring:jwt", "k2")).isEqualTo(":0");
                assertThat(redis.commandArgs("HGET", "palisade:key-ring:jwt", "k1")).as("still current").isEqualTo(before);

                assertThat(store.saveRotation("jwt", List.of(first.retire(3), key("k3", 3)))).isTrue(); // on time: made
                assertThat(store.loadSigningKeys("jwt")).extracting(SigningKey::kid).containsExactly("k1", "k3");
            }
        });
    }

    @Test
    void settingsWrittenWhileRedisHungAreNotWrittenWhenRedisWakes() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ClusterStore store = clusterStore()) {
                store.saveSettings(Map.of("session.idle", "900"));

                notMadeWhileRedisHangs(() -> store.saveSettings(Map.of("session.idle", "60", "session.perUser", "1")));
                assertThat(redis.commandArgs("HGET", "palisade:settings", "session.idle")).isEqualTo("900");
                assertThat(redis.commandArgs("HEXISTS", "palisade:settings", "session.perUser")).isEqualTo(":0");

                store.saveSettings(Map.of("session.idle", "60")); // sent on time: made
                assertThat(store.loadSettings()).containsEntry("session.idle", "60");
            }
        });
    }

    /** A cluster node's store over this test's link, its own part in SQLite. */
    private ClusterStore clusterStore() {
        return new ClusterStore(link, SqliteStore.open(dir.resolve("node")), ClusterKey.of(new byte[32]), new ChangeFeed(link));
    }

    private static SigningKey key(String kid, long createdAt) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) createdAt);
        return new SigningKey(kid, secret, createdAt, 0);
    }

    /**
     * Sends {@code write} while Redis hangs: its caller is told it was not made. Returns once Redis, awake again,
     * answered the link's ping, which it queued behind the write: what the write would have changed is changed by then.
     */
    private void notMadeWhileRedisHangs(ThrowingCallable write) throws Exception {
        redis.pause();
        Throwable told;
        try {
            told = catchThrowable(write);
        } finally {
            redis.resume();
        }
        assertThat(told).isInstanceOf(StoreException.class).hasMessageContaining("timed out").hasMessageContaining("not made");
        String answer = RedisServer.onceBack(() -> link.call("ping", r -> r.ping()));
        assertThat(answer).isEqualTo("PONG");
    }
}
