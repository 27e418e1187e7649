package dev.palisade.engine.preview;

import dev.palisade.engine.sequence.SequenceRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What the rule suggestions learn from recent traffic, on their own. */
class RuleSuggestionsTest {

    /**
     * Suggestions were made from whatever the recent calls held, never checked as rules: an OPTIONS
     * call or a path with a space gave a rule the rules endpoint refuses, and a path ending in a
     * literal /* one that, applied, covers every path under it.
     */
    @Test
    void onlyRulesThatCanBeAppliedAsTheyReadAreSuggested() {
        List<ReplayedCall> calls = new ArrayList<>();
        long at = 1_000_000;
        for (int s = 0; s < RuleSuggestions.MIN_SUPPORT + 2; s++) {
            String session = "s" + s;
            calls.add(new ReplayedCall(at++, session, "u", "10.0.0.1", "OPTIONS", "/api/cart", ReplayedCall.ALLOWED));
            calls.add(new ReplayedCall(at++, session, "u", "10.0.0.1", "GET", "/api/my cart", ReplayedCall.ALLOWED));
            calls.add(new ReplayedCall(at++, session, "u", "10.0.0.1", "GET", "/api/files/*", ReplayedCall.ALLOWED));
            calls.add(new ReplayedCall(at++, session, "u", "10.0.0.1", "GET", "/api/cart", ReplayedCall.ALLOWED));
            calls.add(new ReplayedCall(at++, session, "u", "10.0.0.1", "POST", "/api/orders", ReplayedCall.ALLOWED));
        }
        List<RuleSuggestions.Suggestion> suggested = RuleSuggestions.suggest(calls, List.of());
        assertThat(suggested).extracting(x -> x.rule().encode())
                .as("the order after a look at the cart is learnt").anyMatch(r -> r.contains("POST /api/orders") && r.contains("GET /api/cart"));
        for (RuleSuggestions.Suggestion x : suggested) {
            assertThatCode(() -> SequenceRules.validate(List.of(x.rule()))).as(x.rule().encode()).doesNotThrowAnyException();
            assertThat(x.rule().encode()).as("no literal /* taken for a prefix").doesNotContain("/*");
        }
    }
}
