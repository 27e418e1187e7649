package dev.palisade.state.redis;

import dev.palisade.engine.state.CallerCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The proof of work's record of callers in a real redis-server, counted by two nodes together. */
class RedisCallerCountsTest {

    @RegisterExtension
    static final TwoNodes NODES = new TwoNodes();

    @AfterEach
    void emptyRedis() {
        NODES.flush();
    }

    @Test
    void twoNodesCountOneWindowTogetherAndItsWindowBeginsAtTheFirstCount() throws Exception {
        CallerCounts a = NODES.nodeA().callerCounts();
        CallerCounts b = NODES.nodeB().callerCounts();
        assertThat(a.read("d:203.0.113.5")[0]).containsExactly(0, 0);
        a.add(60_000, java.util.Map.of("d:203.0.113.5", 1L, "d:net:203.0.113.0/24", 1L));
        b.add(60_000, java.util.Map.of("d:203.0.113.9", 1L, "d:net:203.0.113.0/24", 1L));
        b.add(60_000, java.util.Map.of("d:203.0.113.5", 1L));
        long[][] read = a.read("d:203.0.113.5", "d:net:203.0.113.0/24", "d:203.0.113.9", "p:203.0.113.5");
        assertThat(read[0][0]).isEqualTo(2);
        assertThat(read[1][0]).as("the network, counted by both").isEqualTo(2);
        assertThat(read[2][0]).isEqualTo(1);
        assertThat(read[3]).as("another kind of count").containsExactly(0, 0);
        // a loaded machine may take seconds between the add and the read: the window's length, not the exact ms
        assertThat(read[0][1]).as("the window began at the first count").isBetween(50_000L, 60_000L);

        a.add(60_000, java.util.Map.of("p:198.51.100.1", 3L));
        assertThat(NODES.redis().command("PEXPIRE palisade:callers:p:198.51.100.1 20000")).isEqualTo(":1"); // 40 s of it gone
        b.add(60_000, java.util.Map.of("p:198.51.100.1", 2L));
        assertThat(b.read("p:198.51.100.1")[0][0]).as("counts added by two nodes").isEqualTo(5);
        assertThat(b.read("p:198.51.100.1")[0][1]).as("a later count does not move the window").isLessThanOrEqualTo(20_000);
        assertThat(NODES.redis().command("DEL palisade:callers:p:198.51.100.1")).isEqualTo(":1"); // the window is over
        assertThat(b.read("p:198.51.100.1")[0]).containsExactly(0, 0);
        b.add(60_000, java.util.Map.of("p:198.51.100.1", 2L));
        long[] fresh = a.read("p:198.51.100.1")[0]; // read once: its milliseconds left move on between two reads
        assertThat(fresh[0]).as("a new window starts with what was added").isEqualTo(2);
        assertThat(fresh[1]).isBetween(50_000L, 60_000L);
    }
}
