package dev.palisade.engine.event;

import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed with events still queued lost them, and the next start gave their ids to other
 * events: a listener that had seen an event under an id found another under it. Nothing said a run
 * had ended so either.
 */
class UncleanStopTest extends EngineTestBase {

    private static List<Event> newest(SqliteStore store) {
        return store.queryEvents(EventQuery.latest(20));
    }

    @Test
    void aStartAfterAnUncleanStopSaysSoAndGivesNoIdAgain() throws Exception {
        f.engine.events().awaitWritten(5_000);
        long seen = newest(f.store).get(0).id();
        // another process opens the file while this one still runs: as a start after this one was killed
        SqliteStore after = SqliteStore.open(f.dir);
        Engine next = new Engine(after, f.clock, EngineFixture.fastOptions(), new dev.palisade.http.JettyAddressSets());
        try {
            next.events().awaitWritten(5_000);
            List<Event> events = newest(after);
            Event unclean = events.stream().filter(e -> e.code().equals("unclean_stop")).findFirst().orElseThrow();
            assertThat(unclean.type()).isEqualTo(EventType.SYSTEM);
            assertThat(unclean.detail()).contains("did not stop cleanly");
            assertThat(events).filteredOn(e -> e.id() > seen).allSatisfy(e -> assertThat(e.id())
                    .as("ids handed out but perhaps never written are skipped").isGreaterThan(seen + 1_000_000));
        } finally {
            next.close();
            after.close();
        }
        f.restart();
        f.engine.events().awaitWritten(5_000);
        List<Event> clean = newest(f.store);
        assertThat(clean.get(0).code()).isEqualTo("engine_started");
        assertThat(clean.get(1).code()).as("a clean stop, then a start that says nothing more").isEqualTo("engine_stopped");
        assertThat(clean.get(0).id()).as("after a clean stop ids go on").isEqualTo(clean.get(1).id() + 1);
    }

    /**
     * A change was stored before its admin event was queued: a server killed in between kept an API key
     * or a blacklist entry the audit trail never mentioned. The event is now stored before the change
     * is answered; here the engine is cut off from its store right after the change returns.
     */
    @Test
    void anOperatorsChangeIsAuditedInTheStoreByTheTimeItIsAnswered() {
        f.close();
        java.util.concurrent.CountDownLatch writerHeld = new java.util.concurrent.CountDownLatch(1);
        f = new EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    // the event writer's batches wait, as behind a slow disk: only what is written at once is stored
                    if (method.getName().equals("appendEvents") && Thread.currentThread().getName().equals("palisade-event-writer")) {
                        writerHeld.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        try {
            changeAndReadItsEvent();
        } finally {
            writerHeld.countDown();
        }
    }

    private void changeAndReadItsEvent() {
        dev.palisade.engine.auth.CreatedApiKey key = f.engine.operator(dev.palisade.engine.admin.Actor.OWNER)
                .createApiKey("billing", List.of("/api/"));
        // read through another connection at once, without waiting for the event writer
        try (SqliteStore other = SqliteStore.open(f.dir)) {
            assertThat(other.queryEvents(new EventQuery(null, null, EventType.ADMIN, "api_key_created", null, null, 0, 10)))
                    .as("stored with the change").singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains(key.key().id()));
        }
    }
}
