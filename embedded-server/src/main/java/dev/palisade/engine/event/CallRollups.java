package dev.palisade.engine.event;

import dev.palisade.engine.store.RollupStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the ring of recent allowed calls into per-minute counts by route, session, user and
 * address, off the request path: each run reads the calls added since the last one, and writes every
 * minute that has ended (plus a few seconds for calls still in flight) to the store in one batch. If
 * the ring was lapped between two runs, the calls lost to it are counted, not guessed.
 *
 * <p>Counting holds this object's monitor, briefly. A report reads the store, which over days of rollups takes
 * seconds, under {@link #stored}'s read lock only: a minute moves from memory to the store under its write lock,
 * so a report never counts one twice, and a maintenance run that finds a report reading counts and moves its
 * minutes at a later run instead of waiting (a slow report held the monitor: the maintenance, a clean stop and,
 * with a burst of reports, every thread of the server's pool waited on it, audit 49). At most {@link #READERS}
 * reports read at once; others wait {@link #READER_WAIT_SECONDS} and are refused {@code report_busy}, as is every
 * new report once {@link #SKIPS_BEFORE_WRITING} runs in a row found reports reading, until a run writes: reports back
 * to back would otherwise keep the minutes from the store until they are given up.
 */
public final class CallRollups {

    static final long MINUTE = 60_000;
    /** A minute is written this long after it ended: calls decided in it may still be landing in the ring. */
    static final long SETTLE_MILLIS = 5_000;
    /**
     * Minutes kept in memory while the store cannot take them (a full disk, a locked database): past
     * this, the oldest is given up and counted in {@link #lost()}, so a long outage cannot fill the heap.
     */
    static final int MAX_OPEN_MINUTES = 120;

    static final int READERS = 2;
    static final long READER_WAIT_SECONDS = 2;
    static final int SKIPS_BEFORE_WRITING = 3;
    /** How long a clean stop waits for reports under way before it writes its minutes all the same. */
    private static final long FLUSH_WAIT_SECONDS = 10;

    private final java.util.concurrent.locks.ReentrantReadWriteLock stored = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final java.util.concurrent.Semaphore readers = new java.util.concurrent.Semaphore(READERS);
    /** Maintenance runs in a row that found reports reading and could not write: past a few, new reports wait. */
    private volatile int skipped;
    private final RecentCalls calls;
    private final RollupStore store;
    private final TreeMap<Long, Map<Rollup.Dimension, Map<String, long[]>>> open = new TreeMap<>();
    private long read;
    private long lost;

    public CallRollups(RecentCalls calls, RollupStore store) {
        this.calls = calls;
        this.store = store;
        this.read = calls.added();
    }

    /**
     * Counts what the ring gained and writes the minutes that have settled; called by the maintenance timer. While a
     * report reads the store, the minutes stay in memory for a later run.
     */
    public void run(long now) {
        if (!stored.writeLock().tryLock()) {
            skipped++;
            countNew();
            return;
        }
        try {
            skipped = 0;
            write(now);
        } finally {
            stored.writeLock().unlock();
        }
    }

    /** Counts what the ring gained since the last look. */
    private synchronized void countNew() {
        long end = calls.added();
        long oldest = end - calls.capacity();
        if (read < oldest) {
            lost += oldest - read;
            read = oldest;
        }
        calls.forEachSince(read, this::count);
        read = Math.max(read, end);
        while (open.size() > MAX_OPEN_MINUTES) {
            long[] calls = open.pollFirstEntry().getValue().getOrDefault(Rollup.Dimension.ALL, Map.of()).get("");
            if (calls != null) lost += calls[0];
        }
    }

    /** Counts, then writes the settled minutes; the caller holds the write lock, so no report reads meanwhile. */
    private synchronized void write(long now) {
        countNew();
        var minutes = open.headMap(now - MINUTE - SETTLE_MILLIS, true);
        if (minutes.isEmpty()) return;
        store.addRollups(rows(minutes)); // one transaction: when it fails, the minutes stay for the next run
        minutes.clear();
    }

    /**
     * Writes every minute counted so far, settled or not (at close: a later run adds to the same rows). Reports under
     * way are waited for a few seconds; past that the minutes are written all the same (a report then reading may
     * miss them or count them twice, once: a read, where waiting could cost them all when the stop is cut short).
     */
    public void flush(long now) {
        boolean alone;
        try {
            alone = stored.writeLock().tryLock(FLUSH_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            alone = false;
        }
        try {
            synchronized (this) {
                write(now);
                if (open.isEmpty()) return;
                store.addRollups(rows(open));
                open.clear();
            }
        } finally {
            if (alone) stored.writeLock().unlock();
        }
    }

    /**
     * Runs {@code report} with the store's minutes held still, the minutes in memory counted first.
     *
     * @throws dev.palisade.engine.Denial {@code report_busy} when {@link #READERS} reports are under way for longer
     *         than {@link #READER_WAIT_SECONDS}
     */
    private <T> T reading(java.util.function.Supplier<T> report) {
        boolean admitted;
        try {
            admitted = readers.tryAcquire(READER_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw dev.palisade.engine.Denial.reportBusy(READERS + " reports of the allowed calls are being made");
        }
        if (skipped >= SKIPS_BEFORE_WRITING) {
            readers.release();
            throw dev.palisade.engine.Denial.reportBusy("the counts of the last minutes wait to be written, which the"
                    + " reports under way hold up");
        }
        try {
            stored.readLock().lock();
            try {
                countNew();
                return report.get();
            } finally {
                stored.readLock().unlock();
            }
        } finally {
            readers.release();
        }
    }

    private static List<Rollup> rows(java.util.SortedMap<Long, Map<Rollup.Dimension, Map<String, long[]>>> minutes) {
        List<Rollup> rows = new ArrayList<>();
        minutes.forEach((minute, dims) -> dims.forEach((dimension, keys) -> keys.forEach((key, n) ->
                rows.add(new Rollup(minute, dimension, key, n[0])))));
        return rows;
    }

    /**
     * The keys of one dimension with the most allowed calls in the minutes that overlap {@code [from, to)},
     * most first: the stored minutes and the ones still being counted together.
     */
    public List<Rollup.Total> top(Rollup.Dimension dimension, long from, long to, int limit) {
        return reading(() -> topReading(dimension, from, to, limit));
    }

    private List<Rollup.Total> topReading(Rollup.Dimension dimension, long from, long to, int limit) {
        Map<String, Long> sums = new HashMap<>();
        synchronized (this) {
            open.subMap(from - MINUTE, false, to, false).values().forEach(dims ->
                    dims.getOrDefault(dimension, Map.of()).forEach((key, n) -> sums.merge(key, n[0], Long::sum)));
        }
        Map<String, Long> counting = Map.copyOf(sums);
        List<Rollup.Total> stored = store.topRollups(dimension, from, to, limit + counting.size());
        for (Rollup.Total t : stored) sums.merge(t.key(), t.calls(), Long::sum);
        if (stored.size() == limit + counting.size()) {
            // keys counted now but not among the stored top have stored calls too, each at most the least returned:
            // read those of the keys that could still rank, against the totals known whole
            long leastStored = stored.get(stored.size() - 1).calls();
            java.util.Set<String> whole = new java.util.HashSet<>();
            for (Rollup.Total t : stored) whole.add(t.key());
            long cutoff = whole.stream().map(sums::get).sorted(java.util.Comparator.reverseOrder()).skip(limit - 1)
                    .findFirst().orElse(0L);
            List<String> unsure = new ArrayList<>();
            counting.forEach((key, n) -> {
                if (!whole.contains(key) && n + leastStored >= cutoff) unsure.add(key);
            });
            for (Rollup.Total t : store.rollupsOf(dimension, from, to, unsure)) sums.merge(t.key(), t.calls(), Long::sum);
        }
        return sums.entrySet().stream().map(e -> new Rollup.Total(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparingLong(Rollup.Total::calls).reversed().thenComparing(Rollup.Total::key))
                .limit(limit).toList();
    }

    /**
     * Allowed calls per bucket of {@code step} ms (a whole number of minutes) from {@code from} up to
     * {@code to}: bucket start → calls, every bucket present; the stored minutes and the ones still
     * being counted together.
     */
    public java.util.SortedMap<Long, Long> series(long from, long to, long step) {
        return reading(() -> {
            java.util.SortedMap<Long, Long> out = new java.util.TreeMap<>();
            for (long t = from; t < to; t += step) out.put(t, 0L);
            store.rollupSeries(from, to, step).forEach((t, n) -> out.merge(t, n, Long::sum));
            synchronized (this) {
                open.subMap(from, true, to, false).forEach((minute, dims) -> {
                    long[] n = dims.getOrDefault(Rollup.Dimension.ALL, Map.of()).get("");
                    if (n != null) out.merge(from + Math.floorDiv(minute - from, step) * step, n[0], Long::sum);
                });
            }
            return out;
        });
    }

    /**
     * Allowed calls the ring overwrote before they were counted (the ring is too small for the traffic),
     * and those of minutes given up after the store refused them for {@link #MAX_OPEN_MINUTES} minutes.
     */
    public synchronized long lost() { return lost; }

    private void count(RecentCalls.Call c) {
        long minute = Math.floorDiv(c.at(), MINUTE) * MINUTE;
        Map<Rollup.Dimension, Map<String, long[]>> dims = open.computeIfAbsent(minute, m -> new HashMap<>());
        add(dims, Rollup.Dimension.ALL, "");
        add(dims, Rollup.Dimension.ROUTE, c.path());
        add(dims, Rollup.Dimension.SESSION, c.sessionId());
        add(dims, Rollup.Dimension.USER, c.principal());
        add(dims, Rollup.Dimension.IP, c.ip());
    }

    private static void add(Map<Rollup.Dimension, Map<String, long[]>> dims, Rollup.Dimension d, String key) {
        if (key == null || key.isEmpty() && d != Rollup.Dimension.ALL) return;
        dims.computeIfAbsent(d, x -> new HashMap<>()).computeIfAbsent(key, k -> new long[1])[0]++;
    }
}
