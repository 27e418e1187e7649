package dev.palisade.engine.preview;

import dev.palisade.engine.sequence.SequenceRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequence rules replayed over a session's calls as the sequence check decides them. */
class WhatIfRulesTest {

    private static final SequenceRule ORDER_AFTER_CART =
            new SequenceRule.RequiresPrior("POST", "/api/order", "GET", "/api/cart", 60);
    private static final SequenceRule PACED = new SequenceRule.MinInterval("GET", "/api/notes", 1_000);

    private static ReplayedCall call(long at, String session, String method, String path) {
        return new ReplayedCall(at, session, "alice", "10.0.0.1", method, path, ReplayedCall.ALLOWED);
    }

    /** The calls the rules would newly refuse, as "at method path". */
    private static List<String> refused(List<SequenceRule> rules, List<ReplayedCall> calls) {
        PreviewResult r = WhatIf.rules(rules, calls);
        List<String> out = new ArrayList<>();
        for (PreviewResult.Example e : r.examples()) out.add(e.at() + " " + e.method() + " " + e.path());
        assertThat(r.newlyRefused()).isEqualTo(out.size()); // every case here stays within the five examples
        return out;
    }

    @Test
    void anOrderNeedsALookAtTheCartWithinTheWindowInTheSameSession() {
        assertThat(refused(List.of(ORDER_AFTER_CART), List.of(
                call(0, "s1", "GET", "/api/cart"),
                call(60_000, "s1", "POST", "/api/order"),  // exactly 60 s on: still within
                call(60_001, "s1", "POST", "/api/order"),  // the order before is no look at the cart
                call(70_000, "s2", "POST", "/api/order"),  // another session's look does not count
                call(80_000, "s1", "HEAD", "/api/cart"),   // a HEAD is no look at the cart
                call(80_001, "s1", "POST", "/api/order"),
                call(90_000, "s1", "GET", "/api/cart"),
                call(90_001, "s1", "POST", "/api/order"))))
                .containsExactly("60001 POST /api/order", "70000 POST /api/order", "80001 POST /api/order");
    }

    @Test
    void aLookAtTheCartSpelledAnotherWayIsNoLookAtIt() { // as the sequence check has it: an API may answer those 404
        assertThat(refused(List.of(ORDER_AFTER_CART), List.of(
                call(0, "s1", "GET", "/api/cart/"),
                call(1_000, "s1", "POST", "/api/order"),
                call(2_000, "s1", "GET", "/api/Cart"),
                call(3_000, "s1", "POST", "/api/order"))))
                .containsExactly("1000 POST /api/order", "3000 POST /api/order");
    }

    @Test
    void pacedCallsCountTheLastAllowedOneAndAHeadAsAGet() { // exactly 1 s apart is too soon, as the sequence check has it
        assertThat(refused(List.of(PACED), List.of(
                call(0, "s1", "GET", "/api/notes"),
                call(999, "s1", "GET", "/api/notes"),     // too soon
                call(1_001, "s1", "GET", "/api/notes"),   // over 1 s after the last allowed one; the refused one is not counted
                call(1_500, "s1", "HEAD", "/api/notes"),  // a rule on GET holds for HEAD
                call(2_200, "s1", "HEAD", "/api/notes"),
                call(3_199, "s1", "GET", "/api/notes"),   // a HEAD counts as an earlier GET
                call(3_199, "s2", "GET", "/api/notes"))))
                .containsExactly("999 GET /api/notes", "1500 HEAD /api/notes", "3199 GET /api/notes");
    }

    @Test
    void aPrefixRuleAndCallsRefusedForAnotherReason() {
        SequenceRule anyOrder = new SequenceRule.RequiresPrior("POST", "/api/orders/*", "GET", "/api/cart/*", 60);
        List<ReplayedCall> calls = List.of(
                call(0, "s1", "GET", "/api/cart/7"),
                call(1_000, "s1", "POST", "/api/orders/1"),
                new ReplayedCall(2_000, "s2", "bob", "10.0.0.2", "GET", "/api/cart/1", "rate_limited"),
                new ReplayedCall(3_000, "s2", "bob", "10.0.0.2", "POST", "/api/orders/2", "sequence_violation"),
                call(4_000, "s3", "POST", "/api/other"));
        PreviewResult r = WhatIf.rules(List.of(anyOrder), calls);
        assertThat(r.calls()).as("the call refused for its rate is not replayed").isEqualTo(4);
        assertThat(r.newlyRefused()).isZero();
        assertThat(r.newlyAllowed()).as("s2's order stays refused: its look at the cart was refused").isZero();
        PreviewResult none = WhatIf.rules(List.of(), calls);
        assertThat(none.newlyAllowed()).as("with no rule, the order refused for its sequence passes").isEqualTo(1);
    }

    /*
     * A bot that looked at the cart once and then ordered thousands of times within the window: each
     * order is allowed by that one look, and the first after the window is refused.
     */
    @Test
    void aLongSessionIsDecidedByItsLastLook() {
        List<ReplayedCall> calls = new ArrayList<>();
        calls.add(call(0, "s1", "GET", "/api/cart"));
        for (int i = 1; i <= 20_000; i++) calls.add(call(i * 3L, "s1", "POST", "/api/order"));
        calls.add(call(60_001, "s1", "POST", "/api/order"));
        assertThat(refused(List.of(ORDER_AFTER_CART, PACED), calls)).containsExactly("60001 POST /api/order");
    }
}
