package dev.palisade.state.redis;

import dev.palisade.engine.Reason;
import dev.palisade.engine.event.TrafficShare;
import dev.palisade.engine.event.TrafficStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One node's calls per second as another node reads them from a real redis-server: late counts and outages made good. */
class TrafficShareTest {

    @TempDir
    Path dir;

    private static final long S = 1_800_000_000L; // an epoch second

    private static long at(long second) { return second * 1000 + 500; }

    @Test
    void aLateCountAndTheSecondsOfAnOutageReachTheOtherNodeOnceEach() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            TrafficStats own = new TrafficStats();
            TrafficShare share = new TrafficShare(own, a.traffic());

            own.record(at(S), Reason.ALLOWED);
            share.send(at(S + 5));
            // counted in the second its call began, after that second was put (its call waited on Redis)
            own.record(at(S), Reason.ALLOWED);
            own.record(at(S), Reason.BAD_SIGNATURE);
            share.send(at(S + 6));
            share.send(at(S + 7)); // put again: whole counts, nothing doubles
            assertThat(second(b, S + 7, S)).isEqualTo(new TrafficStats.Second(S, 2, java.util.Map.of("bad_signature", 1L)));
            assertThat(a.traffic().others(at(S + 7), 10)).as("a node's own counts are not read back")
                    .allSatisfy(s -> assertThat(s.allowed()).isZero());

            redis.stop();
            own.record(at(S + 30), Reason.RATE_LIMITED);
            assertThatThrownBy(() -> share.send(at(S + 30))).isInstanceOf(RuntimeException.class);
            redis.start();
            own.record(at(S + 200), Reason.ALLOWED);
            RedisServer.onceBack(() -> {
                share.send(at(S + 200));
                return null;
            });
            // each node's client reconnects on its own: b may still be on its way back when a has put
            TrafficStats.Second outage = RedisServer.onceBack(() -> second(b, S + 200, S + 30));
            assertThat(outage.denied()).as("counted while Redis was away, put once it was back")
                    .containsEntry("rate_limited", 1L);
            assertThat(second(b, S + 200, S + 200).allowed()).isEqualTo(1);
        }
    }

    /*
     * Cluster audit 62, I2: the counts were filed by each node's own clock, and the rate windows and heartbeats by Redis's:
     * a node 5 s behind had its calls drawn 5 s early on the other nodes' charts.
     */
    @Test
    void aNodeWhoseClockIsBehindFilesItsCountsInTheClustersSecond() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState late = RedisHotState.connect(redis.uri(), null, null, "node-b", java.time.Clock.systemUTC(),
                     () -> System.currentTimeMillis() - 5_000)) {
            long now = System.currentTimeMillis();
            TrafficStats own = new TrafficStats();
            own.record(now - 5_000, Reason.BAD_SIGNATURE); // the late node's "now"
            new TrafficShare(own, late.traffic()).send(now - 5_000);
            List<TrafficStats.Second> seen = a.traffic().others(now, 10);
            long second = Math.floorDiv(now, 1000);
            TrafficStats.Second filed = seen.stream().filter(s -> !s.denied().isEmpty()).findFirst().orElseThrow();
            assertThat(filed.epochSecond()).as("the second it happened in, on the cluster's clock").isBetween(second - 1, second);
        }
    }

    /** {@code second} as the node {@code reader} reads the others' counts at {@code now}. */
    private static TrafficStats.Second second(RedisHotState reader, long now, long second) {
        List<TrafficStats.Second> window = reader.traffic().others(at(now), (int) (now - second + 1));
        return window.get(0);
    }
}
