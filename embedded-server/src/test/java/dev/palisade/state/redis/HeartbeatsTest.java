package dev.palisade.state.redis;

import dev.palisade.engine.state.NodeBeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Heartbeats of nodes whose clocks disagree, in a real redis-server. */
class HeartbeatsTest {

    @TempDir
    Path dir;

    /*
     * An audit's find: beats were compared by each node's own clock, so a node 5 s behind was shown missing while it
     * beat, and one 300 s ahead dropped every other node's beat each second.
     */
    @Test
    void aNodeWhoseClockIsBehindIsReadOnTheReadersClockWithItsOffset() throws Exception {
        java.time.Clock clock = java.time.Clock.systemUTC();
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState behind = RedisHotState.connect(redis.uri(), null, null, "behind", clock,
                     () -> System.currentTimeMillis() - 10_000);
             RedisHotState ahead = RedisHotState.connect(redis.uri(), null, null, "ahead", clock,
                     () -> System.currentTimeMillis() + 400_000);
             RedisHotState onTime = RedisHotState.connect(redis.uri(), null, null, "on-time", clock, System::currentTimeMillis)) {
            long now = System.currentTimeMillis();
            onTime.beat(new NodeBeat("on-time", "", "", "test", now, now, 0, "ok", 0));
            behind.beat(new NodeBeat("behind", "", "", "test", now - 10_000, now - 10_000, 0, "ok", 0));
            ahead.beat(new NodeBeat("ahead", "", "", "test", now + 400_000, now + 400_000, 0, "ok", 0));
            assertThat(onTime.members()).extracting(NodeBeat::id).as("none dropped by the node ahead")
                    .containsExactlyInAnyOrder("on-time", "behind", "ahead");
            NodeBeat seen = onTime.members().stream().filter(b -> b.id().equals("behind")).findFirst().orElseThrow();
            assertThat(seen.at()).as("on this node's clock: beating now, not 10 s ago").isBetween(now - 1_000, now + 1_000);
            assertThat(seen.clockOffsetMillis()).isBetween(9_000L, 11_000L);
            NodeBeat fromBehind = behind.members().stream().filter(b -> b.id().equals("on-time")).findFirst().orElseThrow();
            assertThat(fromBehind.at()).as("and the other way round").isBetween(now - 11_000, now - 9_000);
        }
    }

    /* A review's find: a TIME that an ACL refuses counted as a failure before the beat, so the node never beat and was behind. */
    @Test
    void aNodeWhoseAclRefusesTimeStillBeatsAndIsNotBehind() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            redis.command("ACL SETUSER limited on >limited-pw ~* &* +@all -time");
            try (RedisHotState node = RedisHotState.connect(redis.uri(), "limited", "limited-pw".toCharArray(), "limited")) {
                long now = System.currentTimeMillis();
                node.beat(new NodeBeat("limited", "", "", "test", now, now, 0, "ok", 0));
                assertThat(node.members()).extracting(NodeBeat::id).containsExactly("limited");
                assertThat(node.members().get(0).clockOffsetMillis()).as("counted by its own clock").isZero();
            }
            io.lettuce.core.RedisURI limited = io.lettuce.core.RedisURI.create(redis.uri());
            limited.setAuthentication("limited", "limited-pw".toCharArray());
            try (RedisLink link = RedisLink.open(limited)) {
                new RedisClock(link, System::currentTimeMillis).measureQuietly();
                // a failed command would hold the node's signed calls until its change feed read every part again
                assertThat(link.failures()).as("a refused reading of the clock is no outage").isZero();
            }
        }
    }
}
