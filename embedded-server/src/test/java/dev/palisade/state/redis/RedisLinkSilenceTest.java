package dev.palisade.state.redis;

import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The link's silence after a command timed out (Redis hung with its connection open) ends when Redis answers the
 * link's ping, on a real redis-server stopped by a signal. An ACL user that may not PING gets an error for an answer,
 * which is an answer all the same: before, such a link stayed silent, every call refused, until the node restarted;
 * and its health check, a PING, said for good that Redis did not answer.
 */
class RedisLinkSilenceTest {

    @TempDir
    Path dir;
    private RedisServer redis;
    private RedisLink link;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            redis.resume();
        } finally {
            if (link != null) link.close();
            redis.close();
        }
    }

    @Test
    void aHangIsOverWhenRedisAnswersThePing() throws Exception {
        link = RedisLink.open(RedisURI.create(redis.uri()));
        assertSilentUntilRedisAnswers();
    }

    @Test
    void aHangIsOverWhenRedisRefusesThePing() throws Exception {
        assertThat(redis.commandArgs("ACL", "SETUSER", "nopong", "on", ">a-long-test-password", "~*", "&*", "+@all",
                "-ping")).isEqualTo("+OK");
        link = RedisLink.open(RedisURI.create("redis://nopong:a-long-test-password@127.0.0.1:" + redis.port() + "/0"));
        assertThatThrownBy(() -> link.call("ping", r -> r.ping())).as("this user may not PING")
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("NOPERM");
        assertThat(link.problem()).as("Redis answers: the node's health says ok").isNull();
        assertSilentUntilRedisAnswers();
    }

    private void assertSilentUntilRedisAnswers() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            link.call("write", r -> r.set("palisade:test", "1"));
            redis.pause();
            try {
                assertThatThrownBy(() -> link.call("read", r -> r.get("palisade:test")))
                        .isInstanceOf(StateUnavailableException.class).hasMessageContaining("timed out");
                long sent = System.nanoTime();
                assertThatThrownBy(() -> link.call("read", r -> r.get("palisade:test"))).as("silent: not sent")
                        .isInstanceOf(StateUnavailableException.class).hasMessageContaining("not sent until Redis answers");
                assertThat(System.nanoTime() - sent).as("refused at once").isLessThan(Duration.ofMillis(500).toNanos());
                assertThat(link.problem()).as("the health check's").contains("does not answer");
            } finally {
                redis.resume();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String read = null;
            while (read == null && System.nanoTime() < deadline) {
                try {
                    read = link.call("read", r -> r.get("palisade:test"));
                } catch (StateUnavailableException e) {
                    Thread.sleep(50);
                }
            }
            assertThat(read).as("served again once Redis answers").isEqualTo("1");
            assertThat(link.problem()).isNull();
        });
    }
}
