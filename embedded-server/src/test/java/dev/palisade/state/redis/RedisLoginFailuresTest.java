package dev.palisade.state.redis;

import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.LoginFailuresContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The login throttle's memory in a real redis-server: the contract, and two nodes counting together. */
class RedisLoginFailuresTest extends LoginFailuresContract {

    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static RedisHotState nodeA;
    private static RedisHotState nodeB;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
        nodeA = RedisHotState.connect(redis.uri(), null, null);
        nodeB = RedisHotState.connect(redis.uri(), null, null);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (redis != null) redis.close();
    }

    @Override
    protected LoginFailures store() {
        try {
            assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return nodeA.loginFailures();
    }

    @Test
    void guessesOnTwoNodesAddUpAndTheKeysNameNoUser() throws Exception {
        LoginFailures a = store();
        LoginFailures b = nodeB.loginFailures();
        a.failed("carol", "others", 1_000, 900_000);
        b.failed("carol", "others", 2_000, 900_000);
        a.failed("carol", "others", 3_000, 900_000);
        assertThat(b.get("carol", "others")).isEqualTo(new LoginFailures.Failures(3, 1_000, 3_000));
        b.remember("carol", "laptop", 8);
        assertThat(a.knows("carol", "laptop")).isTrue();
        assertThat(redis.command("KEYS *carol*")).as("no key names the user").isEqualTo("*0");
        String ttl = redis.command("PTTL palisade:login-failures:" + Long.toHexString(dev.palisade.engine.Secrets.sha256Prefix(
                "carol".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5)));
        assertThat(Long.parseLong(ttl.substring(1))).as("expires twice the window after the last failure")
                .isBetween(1_790_000L, 1_800_000L);
    }
}
