package dev.palisade.engine.store;

import dev.palisade.engine.state.SpentNonce;

import java.util.Collection;
import java.util.List;

/**
 * A single node's nonces of signatures created ahead of its clock, kept across a restart: the start's
 * floor refuses every signature created before it, but not these. A cluster's nonces live in its shared
 * state, which keeps them itself: a store for one does nothing here.
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
}
