package dev.palisade.engine.event;

import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-minute counts from the ring into a real SQLite file: each minute written once it has settled, nothing counted twice, a lapped ring owned up to. */
class CallRollupsTest {

    private static final long M0 = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() { store = SqliteStore.open(dir); }

    @AfterEach
    void close() { store.close(); }

    private long calls(long minute, Rollup.Dimension d, String key) {
        return store.topRollups(d, minute, minute + 1, 1_000).stream().filter(t -> t.key().equals(key))
                .mapToLong(Rollup.Total::calls).sum();
    }

    @Test
    void aMinuteIsWrittenOnceItHasSettledWithEveryDimension() {
        RecentCalls ring = new RecentCalls(64);
        CallRollups rollups = new CallRollups(ring, store);
        ring.add(M0 + 1_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        ring.add(M0 + 59_999, "s1", "alice", "10.0.0.1", "GET", "/api/cart");
        ring.add(M0 + 60_000, (String) null, "ci-key", "10.0.0.2", "GET", "/api/notes");
        rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS - 1);
        assertThat(calls(M0, Rollup.Dimension.ALL, "")).as("the minute may still be landing").isZero();
        rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS);
        assertThat(calls(M0, Rollup.Dimension.ALL, "")).isEqualTo(2);
        assertThat(calls(M0, Rollup.Dimension.ROUTE, "/api/notes")).isEqualTo(1);
        assertThat(calls(M0, Rollup.Dimension.SESSION, "s1")).isEqualTo(2);
        assertThat(calls(M0, Rollup.Dimension.USER, "alice")).isEqualTo(2);
        assertThat(calls(M0, Rollup.Dimension.IP, "10.0.0.1")).isEqualTo(2);
        assertThat(calls(M0 + 60_000, Rollup.Dimension.ALL, "")).as("the next minute is not settled").isZero();
        rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS);
        assertThat(calls(M0, Rollup.Dimension.ALL, "")).as("nothing counted twice").isEqualTo(2);
        rollups.flush(M0 + 61_000);
        assertThat(calls(M0 + 60_000, Rollup.Dimension.USER, "ci-key")).isEqualTo(1);
        assertThat(store.topRollups(Rollup.Dimension.SESSION, M0 + 60_000, M0 + 120_000, 10))
                .as("a call without a session has no session row").isEmpty();
    }

    @Test
    void minutesAWriteFailedForAreWrittenByTheNextRunOnce() {
        RecentCalls ring = new RecentCalls(64);
        FailingWrites failing = new FailingWrites(store);
        CallRollups rollups = new CallRollups(ring, failing);
        ring.add(M0 + 1_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        ring.add(M0 + 2_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        failing.failNext = true; // the disk is full, the database locked by a backup…
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS))
                .isInstanceOf(IllegalStateException.class);
        rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS + 10_000);
        assertThat(calls(M0, Rollup.Dimension.ALL, "")).as("counted by the next run").isEqualTo(2);
        rollups.run(M0 + 60_000 + CallRollups.SETTLE_MILLIS + 20_000);
        assertThat(calls(M0, Rollup.Dimension.ROUTE, "/api/notes")).as("and only once").isEqualTo(2);

        ring.add(M0 + 61_000, "s1", "alice", "10.0.0.1", "GET", "/api/cart");
        failing.failNext = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollups.flush(M0 + 62_000))
                .isInstanceOf(IllegalStateException.class);
        rollups.flush(M0 + 63_000);
        assertThat(calls(M0 + 60_000, Rollup.Dimension.ROUTE, "/api/cart")).as("a failed flush loses nothing").isEqualTo(1);
    }

    @Test
    void aStoreThatKeepsFailingNeitherFillsTheHeapNorFailsTheReads() {
        RecentCalls ring = new RecentCalls(64);
        FailingWrites failing = new FailingWrites(store);
        failing.failAlways = true;
        CallRollups rollups = new CallRollups(ring, failing);
        long minutes = CallRollups.MAX_OPEN_MINUTES + 10;
        for (long m = 0; m < minutes; m++) {
            ring.add(M0 + m * 60_000 + 1_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
            try {
                rollups.run(M0 + m * 60_000 + 2_000);
            } catch (IllegalStateException full) {
                // what the maintenance run meets
            }
        }
        assertThat(rollups.lost()).as("the oldest minutes given up, and owned up to").isEqualTo(10);
        assertThat(rollups.top(Rollup.Dimension.ROUTE, M0, M0 + minutes * 60_000, 5))
                .as("a read during the outage answers from the minutes still held")
                .containsExactly(new Rollup.Total("/api/notes", CallRollups.MAX_OPEN_MINUTES));
    }

    /*
     * Audit 49 (persistence): a report held the monitor across its read of the store (15-28 s over 20 M rows), so the
     * maintenance run, a clean stop and a burst of reports (every thread of the server's pool) waited on it.
     */
    @Test
    void reportsReadingTheStoreHoldUpNoMaintenanceRunAndAThirdAtOnceIsRefusedBusy() throws Exception {
        RecentCalls ring = new RecentCalls(64);
        FailingWrites slow = new FailingWrites(store);
        slow.readsOpen = new java.util.concurrent.CountDownLatch(1);
        CallRollups rollups = new CallRollups(ring, slow);
        ring.add(M0 + 1_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        long later = M0 + 60_000 + CallRollups.SETTLE_MILLIS;
        java.util.concurrent.ExecutorService reporters = java.util.concurrent.Executors.newFixedThreadPool(CallRollups.READERS);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<Rollup.Total>>> reports = new java.util.ArrayList<>();
            for (int i = 0; i < CallRollups.READERS; i++) {
                reports.add(reporters.submit(() -> rollups.top(Rollup.Dimension.ROUTE, M0, later, 5)));
            }
            assertThat(slow.readsIn.tryAcquire(CallRollups.READERS, 10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> rollups.run(later),
                    "the maintenance run waits for no report");
            assertThat(calls(M0, Rollup.Dimension.ALL, "")).as("its minute moves to the store at a later run").isZero();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollups.top(Rollup.Dimension.USER, M0, later, 5))
                    .isInstanceOfSatisfying(dev.palisade.engine.Denial.class, d -> {
                        assertThat(d.reason()).isEqualTo(dev.palisade.engine.Reason.REPORT_BUSY);
                        assertThat(d.retryAfterSeconds()).isPositive();
                    });

            slow.readsOpen.countDown();
            for (var report : reports) {
                assertThat(report.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .containsExactly(new Rollup.Total("/api/notes", 1));
            }
            rollups.run(later);
            assertThat(calls(M0, Rollup.Dimension.ALL, "")).as("written once the reports are done").isEqualTo(1);
        } finally {
            slow.readsOpen.countDown();
            reporters.shutdownNow();
        }
    }

    /* Session 49's second review: reports back to back kept the maintenance from ever writing, and the minutes were lost. */
    @Test
    void afterAFewRunsReportsHeldUpNewReportsAreRefusedUntilTheMinutesAreWritten() throws Exception {
        RecentCalls ring = new RecentCalls(64);
        FailingWrites slow = new FailingWrites(store);
        slow.readsOpen = new java.util.concurrent.CountDownLatch(1);
        CallRollups rollups = new CallRollups(ring, slow);
        ring.add(M0 + 1_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        long later = M0 + 60_000 + CallRollups.SETTLE_MILLIS;
        java.util.concurrent.ExecutorService reporters = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var first = reporters.submit(() -> rollups.top(Rollup.Dimension.ROUTE, M0, later, 5));
            assertThat(slow.readsIn.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < CallRollups.SKIPS_BEFORE_WRITING - 1; i++) rollups.run(later);
            slow.readsOpen.countDown();
            first.get(10, java.util.concurrent.TimeUnit.SECONDS);
            slow.readsOpen = new java.util.concurrent.CountDownLatch(1);
            var second = reporters.submit(() -> rollups.top(Rollup.Dimension.ROUTE, M0, later, 5));
            assertThat(slow.readsIn.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            rollups.run(later);
            // preemptive: a report let in would wait on the slow store with the one under way
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollups.top(Rollup.Dimension.USER, M0, later, 5))
                            .as("a free place, but the minutes wait").isInstanceOf(dev.palisade.engine.Denial.class));
            slow.readsOpen.countDown();
            second.get(10, java.util.concurrent.TimeUnit.SECONDS);
            rollups.run(later);
            assertThat(calls(M0, Rollup.Dimension.ALL, "")).isEqualTo(1);
            assertThat(rollups.top(Rollup.Dimension.ROUTE, M0, later, 5)).as("reports again once written")
                    .containsExactly(new Rollup.Total("/api/notes", 1));
        } finally {
            slow.readsOpen.countDown();
            reporters.shutdownNow();
        }
    }

    /** The real store, whose next write fails as SQLite's does when the disk is full. */
    private static final class FailingWrites implements dev.palisade.engine.store.RollupStore {
        private final SqliteStore store;
        boolean failNext;
        boolean failAlways;
        /** When set, each report's read counts itself in and waits for this to be opened: a report over days of rows. */
        java.util.concurrent.CountDownLatch readsOpen;
        final java.util.concurrent.Semaphore readsIn = new java.util.concurrent.Semaphore(0);

        FailingWrites(SqliteStore store) { this.store = store; }

        @Override
        public void addRollups(java.util.List<Rollup> rows) {
            if (failNext || failAlways) {
                failNext = false;
                throw new IllegalStateException("database or disk is full");
            }
            store.addRollups(rows);
        }

        @Override
        public java.util.List<Rollup.Total> topRollups(Rollup.Dimension d, long from, long to, int limit) {
            if (readsOpen != null) {
                readsIn.release();
                try {
                    readsOpen.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return store.topRollups(d, from, to, limit);
        }

        @Override
        public java.util.Map<Long, Long> rollupSeries(long from, long to, long step) {
            return store.rollupSeries(from, to, step);
        }

        @Override
        public java.util.List<Rollup.Total> rollupsOf(Rollup.Dimension dimension, long from, long to,
                                                      java.util.Collection<String> keys) {
            return store.rollupsOf(dimension, from, to, keys);
        }

        @Override
        public long deleteRollupsBefore(long epochMillis) { return store.deleteRollupsBefore(epochMillis); }
    }

    @Test
    void theBusiestKeysJoinStoredAndOpenMinutes() {
        RecentCalls ring = new RecentCalls(64);
        CallRollups rollups = new CallRollups(ring, store);
        for (int i = 0; i < 3; i++) ring.add(M0 + i, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        rollups.run(M0 + 70_000);
        ring.add(M0 + 70_000, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        ring.add(M0 + 70_001, "s1", "alice", "10.0.0.1", "GET", "/api/cart");
        assertThat(rollups.top(Rollup.Dimension.ROUTE, M0, M0 + 120_000, 10))
                .containsExactly(new Rollup.Total("/api/notes", 4), new Rollup.Total("/api/cart", 1));
        assertThat(rollups.top(Rollup.Dimension.ROUTE, M0, M0 + 120_000, 1)).hasSize(1);
    }

    /**
     * A key busy just now that also had stored calls, but not among the stored top, lost its stored
     * part: the address whose burst is what the operator looks for was ranked below two quieter ones.
     */
    @Test
    void aKeyBusyNowKeepsItsStoredCallsWhenItWasNotAmongTheStoredTop() {
        RecentCalls ring = new RecentCalls(1_024);
        CallRollups rollups = new CallRollups(ring, store);
        for (int i = 0; i < 100; i++) ring.add(M0 + i, "a", "u", "10.0.0.1", "GET", "/p");
        for (int i = 0; i < 90; i++) ring.add(M0 + i, "b", "u", "10.0.0.2", "GET", "/p");
        for (int i = 0; i < 50; i++) ring.add(M0 + i, "x", "u", "10.0.0.9", "GET", "/p");
        rollups.run(M0 + 70_000); // stored: 100, 90, 50
        for (int i = 0; i < 95; i++) ring.add(M0 + 70_000 + i, "x", "u", "10.0.0.9", "GET", "/p"); // open: 95 more
        assertThat(rollups.top(Rollup.Dimension.IP, M0, M0 + 120_000, 1))
                .containsExactly(new Rollup.Total("10.0.0.9", 145));
        assertThat(rollups.top(Rollup.Dimension.IP, M0, M0 + 120_000, 3)).containsExactly(
                new Rollup.Total("10.0.0.9", 145), new Rollup.Total("10.0.0.1", 100), new Rollup.Total("10.0.0.2", 90));
    }

    @Test
    void callsTheRingOverwroteBeforeTheyWereCountedAreCountedAsLost() {
        RecentCalls ring = new RecentCalls(4);
        CallRollups rollups = new CallRollups(ring, store);
        for (int i = 0; i < 10; i++) ring.add(M0 + i, "s", "u", "10.0.0.1", "GET", "/p");
        rollups.flush(M0 + 120_000);
        assertThat(rollups.lost()).isEqualTo(6);
        assertThat(calls(M0, Rollup.Dimension.ALL, "")).isEqualTo(4);
    }
}
