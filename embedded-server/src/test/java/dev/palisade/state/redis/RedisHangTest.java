package dev.palisade.state.redis;

import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.admin.Role;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.engine.store.StoreChange;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
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
}
