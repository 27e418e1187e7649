package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    private final List<String> ran = new ArrayList<>();

    private Check passing(String name) {
        return new Check() {
            @Override public String name() { return name; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                ran.add(name);
                return null;
            }
        };
    }

    /** A check that takes room (as the nonce and rate checks do) and gives it back when a later check refuses. */
    private Check holding(String name) {
        return new Check() {
            @Override public String name() { return name; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                ran.add(name);
                return null;
            }
            @Override public void undo(ProtectedRequest r) { ran.add("undo " + name); }
        };
    }

    private Check denying(String name, Reason reason) {
        return new Check() {
            @Override public String name() { return name; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                ran.add(name);
                return Verdict.deny(reason, name, "because " + name);
            }
        };
    }

    private static ProtectedRequest request() {
        return new ProtectedRequest("GET", "/api/notes", "127.0.0.1", "ua", null, null,
                new dev.palisade.engine.signature.MessageParts("GET", "h", "/api/notes", null, java.util.Map.of()), null);
    }

    @Test
    void checksRunInOrderAndTheFirstDenialStopsTheChain() {
        Pipeline p = new Pipeline(List.of(passing("a"), denying("b", Reason.INVALID_TOKEN), passing("c")));
        Verdict v = p.evaluate(request());
        assertThat(ran).containsExactly("a", "b");
        assertThat(v.reason()).isEqualTo(Reason.INVALID_TOKEN);
        assertThat(v.check()).isEqualTo("b");
        assertThat(v.explanation()).isEqualTo("because b");
        assertThat(v.costNanos()).isPositive();
    }

    @Test
    void aDenialUndoesEveryEarlierCheckLatestFirstAndNoLaterOne() {
        Pipeline p = new Pipeline(List.of(holding("a"), holding("b"), denying("c", Reason.RATE_LIMITED), holding("d")));
        p.evaluate(request());
        assertThat(ran).containsExactly("a", "b", "c", "undo b", "undo a");
        ran.clear();
        new Pipeline(List.of(denying("first", Reason.BLACKLISTED), holding("x"))).evaluate(request());
        assertThat(ran).containsExactly("first");
        ran.clear();
        assertThat(new Pipeline(List.of(holding("a"), holding("b"))).evaluate(request()).allowed()).isTrue();
        assertThat(ran).as("nothing is undone on an allow").containsExactly("a", "b");
    }

    /*
     * Audit 49: a check that threw (the JWT library on a header `null`) left the call without a verdict: a 500 from
     * Jetty, no event, and what the checks before it had taken (a rate count) kept.
     */
    @Test
    void aCheckThatFailsRefusesTheCallAsTheServersFaultAndUndoesTheChecksBeforeIt() {
        Check throwing = new Check() {
            @Override public String name() { return "broken"; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                ran.add("broken");
                throw new NullPointerException("a defect");
            }
        };
        Verdict v = new Pipeline(List.of(holding("a"), throwing, holding("c"))).evaluate(request());
        assertThat(ran).containsExactly("a", "broken", "undo a");
        assertThat(v.reason()).isEqualTo(Reason.INTERNAL_ERROR);
        assertThat(v.check()).isEqualTo("broken");
        assertThat(v.explanation()).doesNotContain("a defect").contains("server log");

        ran.clear();
        Check unanswered = new Check() {
            @Override public String name() { return "shared"; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                throw new dev.palisade.engine.state.StateUnavailableException("Redis does not answer", null);
            }
        };
        Verdict later = new Pipeline(List.of(holding("a"), unanswered)).evaluate(request());
        assertThat(ran).containsExactly("a", "undo a");
        assertThat(later.reason()).as("the cluster's state, not a defect").isEqualTo(Reason.STATE_UNAVAILABLE);
        assertThat(later.retryAfterSeconds()).isEqualTo(2);

        ran.clear();
        Check tooLarge = new Check() {
            @Override public String name() { return "signature"; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                throw new BodyRefused(Reason.PAYLOAD_TOO_LARGE, "over the limit");
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pipeline(List.of(holding("a"), tooLarge)).evaluate(request()))
                .as("a body refused is the engine's to record as a refusal of its own").isInstanceOf(BodyRefused.class);
        assertThat(ran).containsExactly("a", "undo a");
    }

    /* Session 49's review: an undo that threw ran twice (the catch undid again) and left the pipeline as a 500. */
    @Test
    void anUndoThatFailsIsRunOnceAndTheRefusalStands() {
        Check failingUndo = new Check() {
            @Override public String name() { return "counted"; }
            @Override public Verdict evaluate(ProtectedRequest r) {
                ran.add("counted");
                return null;
            }
            @Override public void undo(ProtectedRequest r) {
                ran.add("undo counted");
                throw new IllegalStateException("the shared counts do not answer");
            }
        };
        Verdict v = new Pipeline(List.of(holding("a"), failingUndo, denying("c", Reason.SEQUENCE_VIOLATION))).evaluate(request());
        assertThat(v.reason()).isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(ran).containsExactly("a", "counted", "c", "undo counted", "undo a");
    }

    /*
     * Session 49's read-through: one once-a-minute limit for both, and the undo logged first, so a check that threw
     * behind a check whose undo failed too was never logged: the log told of the undo and hid its cause.
     */
    @Test
    void aCheckThatFailsIsLoggedEvenWhenAnUndoAfterItFailsToo() {
        Check failingUndo = new Check() {
            @Override public String name() { return "counted"; }
            @Override public Verdict evaluate(ProtectedRequest r) { return null; }
            @Override public void undo(ProtectedRequest r) { throw new IllegalStateException("the shared counts do not answer"); }
        };
        Check throwing = new Check() {
            @Override public String name() { return "broken"; }
            @Override public Verdict evaluate(ProtectedRequest r) { throw new NullPointerException("a defect"); }
        };
        List<String> logged;
        try (CapturedLog log = CapturedLog.of(Pipeline.class)) {
            Pipeline p = new Pipeline(List.of(failingUndo, throwing));
            assertThat(p.evaluate(request()).reason()).isEqualTo(Reason.INTERNAL_ERROR);
            assertThat(p.evaluate(request()).reason()).isEqualTo(Reason.INTERNAL_ERROR);
            logged = log.messages();
        }
        assertThat(logged).as("each failure once, the check's first").containsExactly(
                "check broken failed on GET (logged at most once a minute)",
                "undo of check counted failed on GET (logged at most once a minute)");
    }

    @Test
    void theCostIsTheTimeTheChecksTook() {
        for (Pipeline p : List.of(new Pipeline(List.of(passing("a"))), new Pipeline(List.of(denying("b", Reason.STALE))))) {
            long before = System.nanoTime();
            Verdict v = p.evaluate(request());
            long took = System.nanoTime() - before;
            assertThat(v.costNanos()).isBetween(0L, took);
        }
        assertThat(new Pipeline(List.of(passing("a"))).evaluate(request()).explanation()).isEqualTo("every check passed");
        assertThat(new Pipeline(List.of(passing("a"))).evaluate(request()).check()).isEqualTo("pipeline");
    }

    @Test
    void whenEveryCheckPassesTheVerdictAllows() {
        Verdict v = new Pipeline(List.of(passing("a"), passing("b"))).evaluate(request());
        assertThat(ran).containsExactly("a", "b");
        assertThat(v.allowed()).isTrue();
        assertThat(v.reason().status()).isEqualTo(200);
    }

    @Test
    void reasonCodesAreUniqueAndResolvable() {
        for (Reason r : Reason.values()) assertThat(Reason.ofCode(r.code())).isSameAs(r);
        assertThat(Reason.values()).extracting(Reason::code).doesNotHaveDuplicates();
    }
}
