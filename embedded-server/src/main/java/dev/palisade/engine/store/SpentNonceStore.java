package dev.palisade.engine.store;

import dev.palisade.engine.state.SpentNonce;

import java.util.Collection;
import java.util.List;

/**
 * Nonces a node must hold spent across a restart. A single node's of signatures created ahead of its
 * clock: the start's floor refuses every signature created before it, but not these. A cluster node's
 * own (its database, not Redis) of calls it refused while Redis was away, which it spends in Redis at
 * its next start ({@code UnspentNonces}).
 */
public interface SpentNonceStore {

    /** The nonces of signatures created at or after {@code fromSecond}. */
    default List<SpentNonce> loadSpentNonces(long fromSecond) {
        return List.of();
    }

    /** Adds them, in one transaction. */
    default void saveSpentNonces(Collection<SpentNonce> nonces) {}

    /** Deletes those created before {@code second}, which the skew window refuses anyway. */
    default void deleteSpentNoncesBefore(long second) {}

    /**
     * The newest second a single node accepted a signature created in, of those it did not keep the nonce of,
     * as its last maintenance run or stop wrote it; {@link Long#MIN_VALUE} when none was written.
     */
    default long loadSignedThrough() {
        return Long.MIN_VALUE;
    }

    /** Writes {@link #loadSignedThrough()}'s second. */
    default void saveSignedThrough(long second) {}
}
