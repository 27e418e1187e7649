package dev.palisade.engine.store;

import dev.palisade.engine.state.CallMark;

import java.util.Collection;
import java.util.List;

/**
 * A single node's call marks, kept across a restart: an order after it still finds the look at the
 * cart made before it. A cluster's marks live in its shared state, which keeps them itself: a store
 * for one does nothing here.
 */
public interface CallMarkStore {

    /** The marks made at or after {@code since}. */
    default List<CallMark> loadCallMarks(long since) {
        return List.of();
    }

    /** Inserts or moves on each mark, in one transaction; a mark never moves back. */
    default void saveCallMarks(Collection<CallMark> marks) {}

    /** Deletes the marks of sessions that ended. */
    default void deleteCallMarksOf(Collection<String> sessionIds) {}

    /** Deletes marks made before {@code before}, which no rule may look back to. */
    default void deleteCallMarksBefore(long before) {}
}
