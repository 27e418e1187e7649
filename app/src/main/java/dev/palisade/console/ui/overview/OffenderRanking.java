package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The refusals the Overview lists, counted and ranked off the UI thread. Ranking tens of thousands
 * of addresses once a second under a flood held the FX thread past 50 ms, the one pause the
 * console still had (BENCHMARKS.md, section 2i). The counts are touched only by tasks on {@code worker}, which
 * runs them one at a time in the order they were sent; each ranking comes back through {@code ui}.
 * {@link #clear()} and {@link #add} are called on the UI thread.
 */
final class OffenderRanking {

    /** The top reasons, addresses and sessions, most first; {@code reasonKeys}: every reason's row, top or not. */
    record Tops(List<Count> reasons, List<Count> ips, List<Count> sessions, long refusals, int reasonCount,
                java.util.Set<String> reasonKeys) {}

    /**
     * One refused call as counted: when, its reason's row ({@link OverviewViewModel#reasonKey}: its code, or
     * "no_bootstrap by price" for a price refusal), its address and its session ("" for none).
     */
    record Refusal(long at, String code, String ip, String session) {}

    private final DenialCounts counts;
    private final int top;
    private final Executor worker;
    private final Executor ui;
    private final Consumer<Tops> ranked;
    /** When the last ranking was made (event time); read and written on the worker only. */
    private long rankedAt;
    /** Counts cleared so far; UI thread only. A ranking made before the latest clear is not shown. */
    private int generation;

    /**
     * @param worker runs one task at a time, in order
     * @param ranked takes each ranking, on {@code ui}
     */
    OffenderRanking(long windowMillis, int top, Executor worker, Executor ui, Consumer<Tops> ranked) {
        this.counts = new DenialCounts(windowMillis);
        this.top = top;
        this.worker = worker;
        this.ui = ui;
        this.ranked = ranked;
    }

    /** Forgets every count: they are being rebuilt from the server's stored events. */
    void clear() {
        generation++;
        worker.execute(() -> {
            counts.clear();
            rankedAt = 0;
        });
    }

    /**
     * Counts a batch's refusals and forgets what left the window before {@code newest}; ranks again,
     * except that a flood is ranked at most once a second (of event time).
     */
    void add(List<Refusal> refusals, long newest, boolean flood) {
        int asOf = generation;
        worker.execute(() -> {
            for (Refusal r : refusals) counts.add(r.at(), r.code(), r.ip(), r.session());
            counts.expire(newest);
            if (flood && newest - rankedAt < 1_000) return;
            rankedAt = newest;
            Tops tops = new Tops(counts.topReasons(top), counts.topIps(top), counts.topSessions(top), counts.refusals(),
                    counts.reasonCount(), counts.reasonKeys());
            ui.execute(() -> {
                if (asOf == generation) ranked.accept(tops);
            });
        });
    }
}
