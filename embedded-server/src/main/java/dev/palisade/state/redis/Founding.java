package dev.palisade.state.redis;

import java.time.Duration;

/**
 * Whether a node that finds no cluster in Redis founds one, giving it what every new installation starts with
 * (the usual suspects' blacklist entries), once. Redis without the cluster's marks while other nodes listen to its
 * change feed may instead have lost its data under a running cluster: its nodes notice within a second, claim the
 * write-back of the new life ({@link ChangeFeed}) and write the marks back, the founding mark last. This node waits
 * for that rather than found the cluster again, which would bring back the usual suspects an operator deleted.
 */
final class Founding {

    private static final System.Logger LOG = System.getLogger(Founding.class.getName());
    /** Running nodes check once a second; far more than one takes to notice the loss and claim the write-back. */
    static final Duration CLAIM_WAIT = Duration.ofSeconds(5);

    private final RedisLink link;
    private final ChangeFeed feed;
    private final Duration claimWait;
    private final Duration writeBackWait;

    /**
     * @param claimWait     how long to wait for a running node to claim the write-back (none: a new cluster)
     * @param writeBackWait how long a claimed write-back may take to bring the founding mark back
     */
    Founding(RedisLink link, ChangeFeed feed, Duration claimWait, Duration writeBackWait) {
        this.link = link;
        this.feed = feed;
        this.claimWait = claimWait;
        this.writeBackWait = writeBackWait;
    }

    /** Founds the cluster with {@code giveNewClusters} unless it was founded, or running nodes write its mark back. */
    void found(Runnable giveNewClusters) {
        String mark = link.key("founded");
        if (founded(mark)) return;
        if (feed.othersListen() && await(feed::writeBackClaimed, claimWait)) {
            LOG.log(System.Logger.Level.WARNING, "Redis lost the cluster's data: waiting up to " + writeBackWait.toSeconds()
                    + " s for the running nodes to write it back rather than found the cluster again");
            await(() -> founded(mark), writeBackWait);
        }
        if (founded(mark)) return;
        giveNewClusters.run();
        link.call("mark the cluster founded", r -> r.setnx(mark, "1"));
    }

    private boolean founded(String mark) {
        return link.call("see whether the cluster was founded", r -> r.exists(mark)) > 0;
    }

    /** Polls {@code condition} until it holds or {@code wait} is over. @return whether it holds */
    private static boolean await(java.util.function.BooleanSupplier condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster's nodes", e);
            }
        }
        return true;
    }
}
