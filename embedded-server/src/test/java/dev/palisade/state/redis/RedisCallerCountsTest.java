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
    void twoNodesCountOneWindowTogetherAndItEndsAWindowAfterTheFirstCount() throws Exception {
        CallerCounts a = NODES.nodeA().callerCounts();
        CallerCounts b = NODES.nodeB().callerCounts();
        assertThat(a.read("d:203.0.113.5")[0]).containsExactly(0, 0);
        a.count(60_000, "d:203.0.113.5", "d:net:203.0.113.0/24");
        b.count(60_000, "d:203.0.113.9", "d:net:203.0.113.0/24");
        b.count(60_000, "d:203.0.113.5");
        long[][] read = a.read("d:203.0.113.5", "d:net:203.0.113.0/24", "d:203.0.113.9", "p:203.0.113.5");
        assertThat(read[0][0]).isEqualTo(2);
        assertThat(read[1][0]).as("the network, counted by both").isEqualTo(2);
        assertThat(read[2][0]).isEqualTo(1);
        assertThat(read[3]).as("another kind of count").containsExactly(0, 0);
        assertThat(read[0][1]).as("the window began at the first count").isBetween(59_000L, 60_000L);

        a.count(300, "p:198.51.100.1");
        Thread.sleep(150);
        b.count(300, "p:198.51.100.1");
        assertThat(b.read("p:198.51.100.1")[0][1]).as("a later count does not move the window").isLessThanOrEqualTo(150);
        Thread.sleep(300);
        assertThat(b.read("p:198.51.100.1")[0]).as("the window is over").containsExactly(0, 0);
        b.count(300, "p:198.51.100.1");
        assertThat(a.read("p:198.51.100.1")[0][0]).as("a new window starts at one").isEqualTo(1);
    }
}
