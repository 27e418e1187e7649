package dev.palisade.engine.event;

import dev.palisade.engine.Reason;
import dev.palisade.engine.session.Call;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A session's last calls given the addresses the ring of recent calls holds for them, and null where it holds none. */
class CallAddressesTest {

    private static final long T0 = 1_790_000_000_000L;

    private static Session session(String id) {
        return new Session(new SessionRecord(id, "alice", SessionOrigin.BROWSER, T0, T0, "10.0.0.1", "UA", T0, 0, 0,
                new byte[32], null, ""));
    }

    /** A call as the engine records it: in the session's history, and in the ring when it was allowed. */
    private static void call(Session s, RecentCalls ring, long at, String method, String path, String ip, Reason reason) {
        s.recordCall(at, method, path, reason);
        if (reason == Reason.ALLOWED) ring.add(at, s, s.user(), ip, method, path);
    }

    private static List<String> shown(Session s, RecentCalls ring) {
        return CallAddresses.of(s, s.lastCalls(), ring).stream().map(c -> c.path() + " " + c.code() + " " + c.ip()).toList();
    }

    @Test
    void eachAllowedCallGetsTheAddressItCameFromAndARefusedOneNone() {
        RecentCalls ring = new RecentCalls(64);
        Session mine = session("s1");
        Session other = session("s2");
        call(mine, ring, T0 + 1, "GET", "/api/notes", "10.0.0.1", Reason.ALLOWED);
        call(other, ring, T0 + 2, "GET", "/api/notes", "10.9.9.9", Reason.ALLOWED);
        call(mine, ring, T0 + 2, "GET", "/api/notes", "10.0.0.40", Reason.ALLOWED); // the same time and path: in order
        call(mine, ring, T0 + 2, "GET", "/api/notes", "10.0.0.41", Reason.ALLOWED);
        call(mine, ring, T0 + 3, "POST", "/api/orders", "10.0.0.40", Reason.SEQUENCE_VIOLATION);
        call(mine, ring, T0 + 4, "BREW", "/api/" + "x".repeat(600), "10.0.0.42", Reason.ALLOWED); // named OTHER, cut in the ring
        assertThat(shown(mine, ring)).containsExactly(KeptPath.of("/api/" + "x".repeat(600)) + " allowed 10.0.0.42",
                "/api/orders sequence_violation null", "/api/notes allowed 10.0.0.41", "/api/notes allowed 10.0.0.40",
                "/api/notes allowed 10.0.0.1");
    }

    /* Review 56: the ring names a method it does not know OTHER, which matched a call of any method. */
    @Test
    void aCallOfAKnownMethodIsNotGivenTheAddressOfAnOtherMethodsCall() {
        RecentCalls ring = new RecentCalls(64);
        Session mine = session("s1");
        // two threads: the PROPFIND recorded in the session first and in the ring last, the GET the other way round
        mine.recordCall(T0 + 1, "PROPFIND", "/api/notes", Reason.ALLOWED);
        mine.recordCall(T0 + 1, "GET", "/api/notes", Reason.ALLOWED);
        ring.add(T0 + 1, mine, mine.user(), "10.0.0.1", "GET", "/api/notes");
        ring.add(T0 + 1, mine, mine.user(), "10.0.0.66", "PROPFIND", "/api/notes");
        assertThat(CallAddresses.of(mine, mine.lastCalls(), ring)).extracting(c -> c.method() + " " + c.ip())
                .containsExactly("GET 10.0.0.1", "PROPFIND 10.0.0.66");
    }

    @Test
    void aCallTheRingNoLongerHoldsHasNoAddress() {
        RecentCalls ring = new RecentCalls(4);
        Session mine = session("s1");
        Session busy = session("s2");
        call(mine, ring, T0 + 1, "GET", "/api/notes", "10.0.0.1", Reason.ALLOWED);
        for (int i = 0; i < 4; i++) call(busy, ring, T0 + 2, "GET", "/api/cart", "10.0.0.9", Reason.ALLOWED);
        call(mine, ring, T0 + 3, "GET", "/api/cart", "10.0.0.2", Reason.ALLOWED);
        assertThat(shown(mine, ring)).containsExactly("/api/cart allowed 10.0.0.2", "/api/notes allowed null");
        List<Call> calls = CallAddresses.of(mine, List.of(), ring);
        assertThat(calls).isEmpty();
    }
}
