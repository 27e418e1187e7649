package dev.palisade.state.redis;

import dev.palisade.engine.state.DenialCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-block's counts in a real redis-server, counted by two nodes together. */
class RedisDenialCountsTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesCountOneWindowTogetherAndANewWindowStartsAtOne() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null);
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null)) {
            DenialCounts onA = a.denialCounts();
            DenialCounts onB = b.denialCounts();
            long t = 1_800_000_000_000L;
            assertThat(onA.count("203.0.113.5", t, 10_000)).isEqualTo(1);
            assertThat(onB.count("203.0.113.5", t + 1, 10_000)).isEqualTo(2);
            assertThat(onA.count("203.0.113.5", t + 9_999, 10_000)).as("the window's last millisecond").isEqualTo(3);
            assertThat(onB.count("198.51.100.1", t + 2, 10_000)).as("another address").isEqualTo(1);
            assertThat(onB.count("203.0.113.5", t + 10_000, 10_000)).as("a new window").isEqualTo(1);
            long ttl = Long.parseLong(redis.command("PTTL palisade:denials:203.0.113.5").substring(1));
            // a loaded machine may take seconds between the count and the PTTL: the window's length, not the exact ms
            assertThat(ttl).as("the count lapses with its window").isBetween(5_000L, 10_000L);
        }
    }

    /* Two nodes past the limit in one window, the second before the first's block reached it, blocked twice. */
    @Test
    void oneClaimOfABlockAWindowWhicheverNodeMakesIt() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null);
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null)) {
            long t = System.currentTimeMillis();
            a.denialCounts().count("203.0.113.5", t, 60_000);
            assertThat(b.denialCounts().claimBlock("203.0.113.5")).isTrue();
            assertThat(a.denialCounts().claimBlock("203.0.113.5")).as("claimed on B this window").isFalse();
            assertThat(b.denialCounts().claimBlock("203.0.113.5")).isFalse();
            assertThat(a.denialCounts().claimBlock("198.51.100.1")).as("an address with no window").isTrue();
            assertThat(redis.command("EXISTS palisade:denials:198.51.100.1")).as("and none made for it").contains("0");
            a.denialCounts().count("203.0.113.5", t + 60_000, 60_000); // a new window
            assertThat(a.denialCounts().claimBlock("203.0.113.5")).isTrue();
        }
    }
}
