package dev.palisade.engine.store;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;

import java.util.List;

public interface EventStore {
    /** The highest id stored, 0 if none; event ids continue from it after a restart. */
    long lastEventId();

    /** Appends a batch in one transaction. */
    void appendEvents(List<Event> batch);

    /** Newest first. */
    List<Event> queryEvents(EventQuery query);

    /** How many events the query's filter matches, whatever its offset and limit (an export's progress). */
    long countEvents(EventQuery query);

    /** @return how many were deleted */
    long deleteEventsBefore(long epochMillis);
}
