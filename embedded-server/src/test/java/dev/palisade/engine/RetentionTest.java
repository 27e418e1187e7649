package dev.palisade.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability audit 61, L2: the hourly event retention ran inside the maintenance run with no bound, so after a flood (or
 * a retention shortened) millions of deletions held back that run's checkpoints of sessions, call marks and login
 * failures, which a crash meanwhile lost. Each run deletes a share; the next runs go on until none is left.
 */
class RetentionTest {

    @TempDir
    Path dir;
    private EngineFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    @Test
    void eachMaintenanceRunDeletesAShareOfTheOldEventsAndTheNextRunsGoOnUntilNoneIsLeft() {
        List<Long> asked = new CopyOnWriteArrayList<>();
        AtomicLong left = new AtomicLong(Engine.RETENTION_ROWS_PER_RUN * 2 + 7);
        f = new EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("deleteEventsBefore") && args.length == 2) {
                        long most = (Long) args[1];
                        asked.add(most);
                        long deleted = Math.min(most, left.get());
                        left.addAndGet(-deleted);
                        return deleted; // as many old events as a flood left, without writing them
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        asked.clear(); // a run the start may have made
        left.set(Engine.RETENTION_ROWS_PER_RUN * 2 + 7);
        for (int run = 0; run < 5; run++) f.engine.maintain();
        assertThat(asked).as("three runs, each a share; none once none is left")
                .containsExactly(Engine.RETENTION_ROWS_PER_RUN, Engine.RETENTION_ROWS_PER_RUN, Engine.RETENTION_ROWS_PER_RUN);
        assertThat(left.get()).isZero();
    }

    /*
     * Review 61, I6: a flood heavier than the deletions (about 10 000 a second) kept the retention behind, and its one log
     * line came only once it caught up: nothing said it was behind meanwhile. It says so once an hour.
     */
    @Test
    void aRetentionThatStaysBehindSaysSoOnceAnHour() {
        f = new EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("deleteEventsBefore") && args.length == 2) return args[1]; // never done
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        try (CapturedLog log = CapturedLog.of(Engine.class)) {
            for (int run = 0; run < 14; run++) { // 70 minutes of runs, each still behind
                f.engine.maintain();
                f.clock.advance(java.time.Duration.ofMinutes(5));
            }
            assertThat(log.messages()).filteredOn(m -> m.contains("retention")).singleElement().asString()
                    .contains("still behind").contains("old events");
        }
    }

    /* The stop's last run began while a timer's run that outlived the 10 s wait for it was still writing: one at a time now. */
    @Test
    void twoMaintenanceRunsNeverWriteAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        f = new EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("deleteEventsBefore") && args.length == 2) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        if (slow.get()) {
                            entered.countDown();
                            release.await(2, java.util.concurrent.TimeUnit.SECONDS); // a long share of old events
                        }
                        inside.decrementAndGet();
                        return args[1]; // more left: every run deletes
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        f.engine.maintain(); // old events left: every run goes on with them
        slow.set(true);
        Thread other = new Thread(f.engine::maintain);
        other.start();
        assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the first run deletes").isTrue();
        Thread second = new Thread(f.engine::maintain); // begun while the first one writes
        second.start();
        // it waits: on the run's lock, or (were there none) in the deletion beside the first
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (second.getState() != Thread.State.WAITING && second.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        release.countDown();
        other.join(5_000);
        second.join(5_000);
        assertThat(most.get()).as("runs writing at once").isEqualTo(1);
    }
}
