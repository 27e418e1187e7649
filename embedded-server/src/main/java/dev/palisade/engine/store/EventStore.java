package dev.palisade.engine.store;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;

import java.util.List;

public interface EventStore {

    /** Marks a run begun. @return how the one before it ended; a store that has never run says cleanly */
    default PreviousRun startRun() {
        return PreviousRun.CLEAN;
    }

    /** Marks the run stopped cleanly, once its last events are written. */
    default void stoppedCleanly() {}

    /** The highest id stored, 0 if none; event ids continue from it after a restart. */
    long lastEventId();

    /** Appends a batch in one transaction. */
    void appendEvents(List<Event> batch);

    /**
     * As {@link #appendEvents}, on disk when it returns, even after a power loss: an admin change's event, whose
     * change was just stored so (the usual batches are synced with a later write, which a quiet server may not make).
     */
    default void appendEventsDurably(List<Event> batch) {
        appendEvents(batch);
    }

    /**
     * Appends events that happened on other nodes of a cluster and, in the same transaction, where
     * reading them stopped ({@link #mirrorPosition()} answers it from then on, after a restart too).
     */
    void appendMirrored(List<Event> batch, String position);

    /** Where reading the other nodes' events stopped; empty before the first. */
    String mirrorPosition();

    /** Newest first. */
    List<Event> queryEvents(EventQuery query);

    /** How many events the query's filter matches, whatever its offset and limit (an export's progress). */
    long countEvents(EventQuery query);

    /**
     * Refusals (decision and auth events with a status of 400 or more) per bucket of {@code step} ms
     * from {@code from}: bucket start → count, for events in {@code [from, to)}; empty buckets absent.
     */
    java.util.Map<Long, Long> refusalSeries(long from, long to, long step);

    /**
     * The refusals in {@code [from, to)} counted by {@code column} ("code", "ip" or "session"; "price": the price
     * check's refusals by code, which share their codes with other checks'), most first (ties by key), empty keys
     * left out.
     */
    List<dev.palisade.engine.event.Rollup.Total> topRefusals(String column, long from, long to, int limit);

    /** @return how many were deleted */
    default long deleteEventsBefore(long epochMillis) {
        return deleteEventsBefore(epochMillis, Long.MAX_VALUE);
    }

    /**
     * Deletes events older than {@code epochMillis}, in steps, until none is left or at least {@code mostRows} were
     * deleted (a step more at most): a caller with other work to do goes on with the rest later.
     *
     * @return how many were deleted
     */
    long deleteEventsBefore(long epochMillis, long mostRows);
}
