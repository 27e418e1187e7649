package dev.palisade.state.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When a node that finds no cluster in Redis founds one: a real Redis, nodes that listen or not. */
class FoundingTest {

    @RegisterExtension
    static final EmptyRedis REDIS = new EmptyRedis();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicInteger given = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    /** A node's connection, listening to the change feed as a started node does. */
    private RedisLink listening() {
        RedisLink link = REDIS.link();
        open.add(link::close);
        open.add(0, new ChangeFeed(link));
        return link;
    }

    /** The founding of a node listening beside whatever else listens. */
    private Founding founding(Duration claimWait, Duration writeBackWait) {
        RedisLink link = REDIS.link();
        open.add(link::close);
        ChangeFeed feed = new ChangeFeed(link);
        open.add(0, feed);
        return new Founding(link, feed, claimWait, writeBackWait);
    }

    @Test
    void aNodeAloneFoundsTheClusterAtOnceAndOnce() {
        Founding founding = founding(Duration.ofMinutes(1), Duration.ofMinutes(1));
        found(founding); // no wait for nodes that are not there
        founding.found(given::incrementAndGet);
        assertThat(given).as("given once").hasValue(1);
    }

    @Test
    void aNodeThatOthersListenBesideFoundsTheClusterWhenNoneOfThemClaimsAWriteBack() throws Exception {
        listening(); // a node of another cluster in the same Redis, or one starting at the same moment
        found(founding(Duration.ofMillis(300), Duration.ofMinutes(1)));
        assertThat(given).hasValue(1);
        assertThat(REDIS.server().commandArgs("GET", "palisade:founded")).isEqualTo("1");
    }

    @Test
    void aClaimedWriteBackThatNeverBringsTheMarkLeavesTheNodeToFoundTheClusterOnceItsWaitIsOver() throws Exception {
        listening();
        Founding founding = founding(Duration.ofSeconds(5), Duration.ofMillis(300));
        String life = REDIS.server().commandArgs("GET", "palisade:feed:life");
        REDIS.server().commandArgs("SET", "palisade:feed:written-back", life + " running-node");
        founding.found(given::incrementAndGet);
        assertThat(given).hasValue(1);
    }

    @Test
    void aWriteBackOfAnotherLifeIsNotWaitedFor() throws Exception {
        listening();
        Founding founding = founding(Duration.ofMillis(300), Duration.ofMinutes(1));
        REDIS.server().commandArgs("SET", "palisade:feed:written-back", "an-older-life running-node done");
        found(founding);
        assertThat(given).hasValue(1);
    }

    /** Founds, far sooner than a wait of a minute would let it: the waits that apply are the short ones. */
    private void found(Founding founding) {
        long start = System.nanoTime();
        founding.found(given::incrementAndGet);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for a write-back that was not claimed")
                .isLessThan(Duration.ofSeconds(30));
    }
}
