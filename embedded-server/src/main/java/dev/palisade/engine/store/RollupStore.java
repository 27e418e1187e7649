package dev.palisade.engine.store;

import dev.palisade.engine.event.Rollup;

import java.util.List;

/** Per-minute counts of allowed calls, which answer time ranges longer than the in-memory ring holds. */
public interface RollupStore {

    /** Adds each row's calls to its minute (rows for the same minute, dimension and key add up), in one transaction. */
    void addRollups(List<Rollup> rows);

    /**
     * The keys of one dimension with the most calls in the minutes that overlap {@code [from, to)},
     * most first (ties by key).
     *
     * @param from inclusive epoch millis
     * @param to   exclusive epoch millis
     */
    List<Rollup.Total> topRollups(Rollup.Dimension dimension, long from, long to, int limit);

    /** The calls of each of {@code keys} that has any in the minutes that overlap {@code [from, to)}. */
    List<Rollup.Total> rollupsOf(Rollup.Dimension dimension, long from, long to, java.util.Collection<String> keys);

    /**
     * Allowed calls (dimension {@code all}) per bucket of {@code step} ms from {@code from}: bucket
     * start → calls, for the stored minutes that start in {@code [from, to)}; empty buckets absent.
     */
    java.util.Map<Long, Long> rollupSeries(long from, long to, long step);

    /** @return how many rows were deleted */
    long deleteRollupsBefore(long epochMillis);
}
