package dev.palisade.state.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's clock read from a real redis-server by a node whose own clock the test sets. */
class RedisClockTest {

    @TempDir
    Path dir;

    @Test
    void theOffsetFollowsReadingsWithinTheirRoundTripAndSmallOnesAreNone() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisLink link = RedisLink.open(io.lettuce.core.RedisURI.create(redis.uri()))) {
            AtomicLong skew = new AtomicLong(-2_000); // the node's clock 2 s behind
            AtomicLong slowness = new AtomicLong(); // how far the readings before and after lie from the moment
            boolean[] after = {false};
            RedisClock clock = new RedisClock(link, () -> {
                after[0] = !after[0];
                return System.currentTimeMillis() + skew.get() + (after[0] ? -slowness.get() : slowness.get());
            });
            clock.measure(); // a first round trip (the script's load, the JIT) may be slow: the next one is judged
            clock.measure();
            // a reading is as good as its round trip, which a busy machine makes tens of ms
            assertThat(clock.offsetMillis()).as("Redis 2 s ahead of the node").isBetween(1_940L, 2_060L);
            assertThat(clock.shared(1_000)).isEqualTo(1_000 + clock.offsetMillis());
            assertThat(clock.local(clock.shared(1_000))).isEqualTo(1_000);

            long precise = clock.offsetMillis();
            skew.set(-2_300); // a slow reading (a round trip of 1 s) that cannot tell 300 ms apart
            slowness.set(500);
            clock.measure();
            assertThat(clock.offsetMillis()).as("kept: within the slow reading's own error").isEqualTo(precise);
            skew.set(-5_000); // the node's clock stepped back 3 s: even a slow reading shows it moved
            clock.measure();
            assertThat(clock.offsetMillis()).isBetween(4_440L, 4_560L);
            slowness.set(0);
            clock.measure();
            assertThat(clock.offsetMillis()).as("a precise reading pins it").isBetween(4_940L, 5_060L);

            skew.set(5); // NTP's few ms: taken as none
            clock.measure();
            assertThat(clock.offsetMillis()).isZero();
            assertThat(clock.shared(1_000)).isEqualTo(1_000);
            skew.set(-120);
            clock.measure();
            assertThat(clock.offsetMillis()).isBetween(60L, 180L);
        }
    }
}
