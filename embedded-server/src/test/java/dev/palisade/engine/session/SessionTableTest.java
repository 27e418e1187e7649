package dev.palisade.engine.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTableTest {

    /** Sessions by id, every id hashing alike: each lookup must walk the run and compare whole ids. */
    private static final class Colliding extends SessionTable<String> {
        @Override
        int hash(String id) { return 42; }

        @Override
        String keyOf(Session s) { return s.id(); }

        @Override
        boolean holds(Session s, String id) { return s.id().equals(id); }
    }

    private static Session session(String id) {
        return new Session(new SessionRecord(id, "alice", SessionOrigin.BROWSER, 0, 0, "10.0.0.1", "ua",
                0, 0, 0, new byte[32], null, ""));
    }

    @Test
    void aKeyWhoseHashCollidesFindsOnlyItsOwnSession() {
        SessionTable<String> table = new Colliding();
        Session a = session("a");
        Session b = session("b");
        table.add(a, "a");
        table.add(b, "b");
        assertThat(table.find("a")).isSameAs(a);
        assertThat(table.find("b")).isSameAs(b);
        assertThat(table.find("c")).as("same hash, another key").isNull();
    }

    @Test
    void aRemovedSessionLeavesTheOnesProbedPastItFindable() {
        SessionTable<String> table = new Colliding();
        Session a = session("a");
        Session b = session("b");
        table.add(a, "a");
        table.add(b, "b");
        assertThat(table.remove(a, "a")).isTrue();
        assertThat(table.find("a")).isNull();
        assertThat(table.find("b")).as("behind a's tombstone").isSameAs(b);
        assertThat(table.remove(a, "a")).as("already gone").isFalse();
        assertThat(table.size()).isEqualTo(1);
        Session c = session("c");
        table.add(c, "c");
        assertThat(table.find("c")).isSameAs(c);
        assertThat(table.find("b")).isSameAs(b);
    }

    @Test
    void removingNeedsTheSameSessionNotJustItsKey() {
        SessionTable<String> table = new Colliding();
        Session a = session("a");
        table.add(a, "a");
        assertThat(table.remove(session("a"), "a")).isFalse();
        assertThat(table.find("a")).isSameAs(a);
    }

    @Test
    void itGrowsAndDropsTombstonesWithoutLosingASession() {
        SessionTable<String> table = new SessionRegistryIds();
        List<Session> kept = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Session s = session("s" + i);
            table.add(s, s.id());
            if (i % 3 == 0) assertThat(table.remove(s, s.id())).isTrue();
            else kept.add(s);
        }
        assertThat(table.size()).isEqualTo(kept.size());
        for (Session s : kept) assertThat(table.find(s.id())).isSameAs(s);
        assertThat(table.find("s0")).isNull();
        assertThat(table.values()).hasSize(kept.size()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void churnAtASteadySizeKeepsFindingEverySession() {
        SessionTable<String> table = new SessionRegistryIds();
        List<Session> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Session s = session("k" + i);
            table.add(s, s.id());
            kept.add(s);
        }
        for (int i = 0; i < 2_000; i++) { // every add leaves a tombstone behind: rebuilt at the same size
            Session s = session("t" + i);
            table.add(s, s.id());
            assertThat(table.remove(s, s.id())).isTrue();
        }
        for (Session s : kept) assertThat(table.find(s.id())).isSameAs(s);
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void anIterationStartedBeforeARemovalStillEndsAndSeesNoTombstone() {
        SessionTable<String> table = new SessionRegistryIds();
        Session a = session("a");
        Session b = session("b");
        table.add(a, "a");
        table.add(b, "b");
        var it = table.values().iterator();
        table.remove(a, "a");
        List<Session> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        assertThat(seen).contains(b).doesNotContainNull();
        assertThat(table.values()).containsExactly(b);
        assertThat(table.values().iterator().hasNext()).isTrue();
        table.remove(b, "b");
        assertThat(table.values()).isEmpty();
        assertThat(table.values().iterator().hasNext()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.values().iterator().next())
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    private static final class SessionRegistryIds extends SessionTable<String> {
        @Override
        int hash(String id) { return id.hashCode(); }

        @Override
        String keyOf(Session s) { return s.id(); }

        @Override
        boolean holds(Session s, String id) { return s.id().equals(id); }
    }
}
