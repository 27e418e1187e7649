package dev.palisade.engine.state;

import dev.palisade.engine.store.SpentNonceStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Nonces noted on the request path to be written to the node's database by the next maintenance run. */
public final class UnwrittenNonces {

    private final ConcurrentLinkedQueue<SpentNonce> queue = new ConcurrentLinkedQueue<>();

    public void add(SpentNonce nonce) { queue.add(nonce); }

    /**
     * Writes what was noted since the last run, but for what was created before {@code deadBefore}
     * (stale everywhere by now: a store that refused for a while does not make it grow); given back
     * when the store refuses.
     */
    public void write(SpentNonceStore store, long deadBefore) {
        List<SpentNonce> taken = new ArrayList<>();
        for (SpentNonce n; (n = queue.poll()) != null; ) {
            if (n.createdSecond() >= deadBefore) taken.add(n);
        }
        if (taken.isEmpty()) return;
        try {
            store.saveSpentNonces(taken);
        } catch (RuntimeException e) {
            queue.addAll(taken);
            throw e;
        }
    }
}
