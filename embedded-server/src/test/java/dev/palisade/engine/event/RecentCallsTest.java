package dev.palisade.engine.event;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring of recent allowed calls: newest first, filtered, bounded, never a torn call, and no copy of a string kept twice. */
class RecentCallsTest {

    @Test
    void theNewestCallsComeFirstAndOnlyThoseTheFilterTakes() {
        RecentCalls ring = new RecentCalls(8);
        ring.add(1, "s1", "alice", "10.0.0.1", "GET", "/api/notes");
        ring.add(2, "s2", "bob", "10.0.0.2", "POST", "/api/orders");
        ring.add(3, "s1", "alice", "10.0.0.1", "BREW", "/api/notes/1");
        assertThat(ring.newest(c -> true, 10)).extracting(RecentCalls.Call::at).containsExactly(3L, 2L, 1L);
        assertThat(ring.newest(c -> "s1".equals(c.sessionId()), 10)).extracting(RecentCalls.Call::path)
                .containsExactly("/api/notes/1", "/api/notes");
        assertThat(ring.newest(c -> true, 1)).singleElement().satisfies(c -> {
            assertThat(c.method()).as("a method outside the usual ones").isEqualTo("OTHER");
            assertThat(c.principal()).isEqualTo("alice");
            assertThat(c.ip()).isEqualTo("10.0.0.1");
        });
        assertThat(ring.newest(c -> true, 10).get(1).method()).isEqualTo("POST");
        assertThat(ring.added()).isEqualTo(3);
    }

    @Test
    void theCallsOfOneSessionUserOrAddressAreFoundWhereTheyLie() {
        RecentCalls ring = new RecentCalls(6);
        String packed = dev.palisade.engine.session.SessionIds.text(0x1234_5678_9abc_def0L, 0x0fed_cba9_8765_4321L);
        dev.palisade.engine.session.Session session = new dev.palisade.engine.session.Session(new dev.palisade.engine.session.SessionRecord(
                packed, "alice", dev.palisade.engine.session.SessionOrigin.BROWSER, 1, 0, null, null, 1, 0, 0, null, null, null));
        ring.add(0, "s0", "carol", "10.0.0.3", "GET", "/api/gone"); // written over below
        ring.add(1, session, "alice", "10.0.0.1", "GET", "/api/notes");
        ring.add(2, "s2", "bob", "10.0.0.2", "POST", "/api/orders");
        ring.add(3, session, "alice", "10.0.0.2", "GET", "/api/notes/1");
        ring.add(4, "sid-4", "alice", "10.0.0.1", "GET", "/api/notes/2");
        ring.add(5, "s2", "bob", "10.0.0.2", "GET", "/api/cart");
        ring.add(6, "s2", "bob", "10.0.0.2", "GET", "/api/cart/1");
        assertThat(ring.newestOf(packed, null, null, 10)).extracting(RecentCalls.Call::at).containsExactly(3L, 1L);
        assertThat(ring.newestOf(packed, null, null, 10)).allSatisfy(c -> assertThat(c.sessionId()).isEqualTo(packed));
        assertThat(ring.newestOf("sid-4", null, null, 10)).extracting(RecentCalls.Call::at).containsExactly(4L);
        assertThat(ring.newestOf(null, "alice", null, 10)).extracting(RecentCalls.Call::at).containsExactly(4L, 3L, 1L);
        assertThat(ring.newestOf(null, "alice", "10.0.0.1", 10)).extracting(RecentCalls.Call::at).containsExactly(4L, 1L);
        assertThat(ring.newestOf(null, null, "10.0.0.2", 2)).extracting(RecentCalls.Call::at).containsExactly(6L, 5L);
        assertThat(ring.newestOf(packed.substring(1) + "A", null, null, 10)).as("another id of the same length").isEmpty();
        assertThat(ring.newestOf("s0", null, null, 10)).as("written over").isEmpty();
        assertThat(ring.newestOf(null, null, null, 10)).hasSize(6);
    }

    @Test
    void aFullRingDropsTheOldestAndSaysFromWhere() {
        RecentCalls ring = new RecentCalls(4);
        for (int i = 0; i < 10; i++) ring.add(i, "s", "u", "10.0.0.1", "GET", "/p" + i);
        assertThat(ring.newest(c -> true, 100)).extracting(RecentCalls.Call::path).containsExactly("/p9", "/p8", "/p7", "/p6");
        assertThat(ring.since(0, c -> true, 100)).extracting(RecentCalls.Call::seq).containsExactly(6L, 7L, 8L, 9L);
        assertThat(ring.since(8, c -> true, 100)).extracting(RecentCalls.Call::seq).containsExactly(8L, 9L);
        assertThat(ring.since(8, c -> true, 1)).hasSize(1);
        List<Long> each = new java.util.ArrayList<>();
        ring.forEachSince(7, c -> each.add(c.seq()));
        assertThat(each).containsExactly(7L, 8L, 9L);
    }

    @Test
    void equalPathsAndAddressesAreKeptOnce() {
        RecentCalls ring = new RecentCalls(4);
        ring.add(1, "s", "u", new String("10.0.0.1"), "GET", new String("/api/notes"));
        ring.add(2, "s", "u", new String("10.0.0.1"), "GET", new String("/api/notes"));
        List<RecentCalls.Call> calls = ring.newest(c -> true, 2);
        assertThat(calls.get(0).path()).isSameAs(calls.get(1).path());
        assertThat(calls.get(0).ip()).isSameAs(calls.get(1).ip());
    }

    @Test
    void concurrentWritersNeverShowATornCall() throws Exception {
        RecentCalls ring = new RecentCalls(4); // small, so writers often meet on a slot when the ring wraps
        int writers = 8;
        int each = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int t = 0; t < writers; t++) {
            String session = "s" + t;
            String path = "/p" + t;
            pool.submit(() -> {
                for (int i = 0; i < each; i++) ring.add(i, session, session, "10.0.0.1", "GET", path);
            });
        }
        pool.shutdown();
        long checked = 0;
        while (!pool.isTerminated()) {
            for (RecentCalls.Call c : ring.newest(x -> true, 4)) {
                assertThat(c.path()).as("the session's own path").isEqualTo("/p" + c.sessionId().substring(1));
                assertThat(c.principal()).as("the session's own principal").isEqualTo(c.sessionId());
                checked++;
            }
        }
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(checked).as("calls read while the writers ran").isPositive();
        assertThat(ring.added()).isEqualTo((long) writers * each);
        long end = ring.added();
        assertThat(ring.since(0, x -> true, 100)).as("only the last four calls, each whole")
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.seq()).isBetween(end - 4, end - 1);
                    assertThat(c.path()).isEqualTo("/p" + c.sessionId().substring(1));
                });
    }
}
