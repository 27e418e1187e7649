package dev.palisade.engine.sequence;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Technique 9 with a fixed clock: what the business allows right now, given the session's recent calls. */
class SequenceTest extends dev.palisade.engine.EngineTestBase {




    @Test
    void anOrderNeedsALookAtTheCartWithinTenMinutes() {
        String token = f.login("alice").token().token();
        Verdict blind = f.call("POST", "/api/orders", token, null);
        assertThat(blind.reason()).isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(blind.check()).isEqualTo("sequence");
        assertThat(blind.explanation()).contains("GET /api/cart");
        assertThat(f.call("GET", "/api/cart", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofMinutes(9));
        assertThat(f.call("POST", "/api/orders", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.call("POST", "/api/orders", token, null).reason()).as("the look is too old now")
                .isEqualTo(Reason.SEQUENCE_VIOLATION);
    }

    /** The marks lived in memory only: after a restart an order was refused for a look at the cart made before it. */
    @Test
    void aLookAtTheCartAndAPacedCallAreKeptAcrossARestart() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(
                new SequenceRule.RequiresPrior("POST", "/api/orders", "GET", "/api/cart", 600),
                new SequenceRule.MinInterval("POST", "/api/notes", 5_000)));
        String token = f.login("alice").token().token();
        assertThat(f.call("GET", "/api/cart", token, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/notes", token, null).allowed()).isTrue();
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.call("POST", "/api/notes", token, null).reason())
                .as("still too soon after the note before the restart").isEqualTo(Reason.SEQUENCE_VIOLATION);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.call("POST", "/api/orders", token, null).allowed()).as("the look before the restart counts").isTrue();
        f.clock.advance(Duration.ofMinutes(10));
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.call("POST", "/api/orders", token, null).reason()).as("and grows old as before")
                .isEqualTo(Reason.SEQUENCE_VIOLATION);
    }

    @Test
    void aRefusedLookDoesNotCount() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of(new dev.palisade.engine.rate.RateWindow(
                dev.palisade.engine.rate.Scope.IP, 1, 60, "/api/cart")));
        String alice = f.login("alice").token().token();
        String bob = f.login("bob").token().token();
        assertThat(f.call("GET", "/api/cart", alice, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/orders", alice, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/cart", bob, null).reason()).as("same address, window used up")
                .isEqualTo(Reason.RATE_LIMITED);
        assertThat(f.call("POST", "/api/orders", bob, null).reason()).isEqualTo(Reason.SEQUENCE_VIOLATION);
    }

    @Test
    void tooManySessionsFromOneAddressOrForOneUserAreRefusedAtLogin() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MaxSessions(3, 2)));
        f.login("a");
        f.login("a");
        assertThatThrownBy(() -> f.login("a")).isInstanceOfSatisfying(Denial.class, d -> {
            assertThat(d.reason()).isEqualTo(Reason.TOO_MANY_SESSIONS);
            assertThat(d.reason().status()).isEqualTo(429);
            assertThat(d.getMessage()).contains("this user");
        });
        f.login("b");
        assertThatThrownBy(() -> f.login("c")).isInstanceOfSatisfying(Denial.class,
                d -> assertThat(d.getMessage()).contains("this address"));
        f.clock.advance(Duration.ofMinutes(31)); // idle sessions expire and free their places
        assertThat(f.login("c").sessionId()).isNotBlank();
    }

    @Test
    void callsFasterThanAPersonAreRefused() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MinInterval("POST", "/api/notes/*", 1_000)));
        String token = f.login("alice").token().token();
        assertThat(f.call("POST", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofMillis(300));
        Verdict fast = f.call("POST", "/api/notes/7", token, null);
        assertThat(fast.reason()).isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(fast.explanation()).contains("after 300 ms");
        f.clock.advance(Duration.ofMillis(800));
        assertThat(f.call("POST", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("other methods are not paced").isTrue();
    }

    /*
     * Calls sent at once each read the session's calls before any of them was recorded: a script
     * sending its orders in parallel got several through a pacing rule. The check and the mark are
     * one step now, so one call of each burst passes.
     */
    @Test
    void callsSentAtOnceGetOnlyOneThroughAPacingRule() throws Exception {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MinInterval("POST", "/api/notes", 5_000)));
        dev.palisade.engine.auth.LoginResult login = f.login("alice");
        String token = login.token().token();
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<Integer> allowedPerBurst = new java.util.ArrayList<>();
            for (int burst = 0; burst < 120; burst++) { // 12 minutes: within the token's life
                f.clock.advance(Duration.ofSeconds(6));
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<java.util.concurrent.Future<Boolean>> sent = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    dev.palisade.engine.signature.MessageParts wire = f.wire("POST", "/api/notes", token, login);
                    sent.add(pool.submit(() -> {
                        start.await();
                        return f.call("POST", "/api/notes", token, null, wire).allowed();
                    }));
                }
                int allowed = 0;
                for (java.util.concurrent.Future<Boolean> s : sent) allowed += s.get() ? 1 : 0;
                allowedPerBurst.add(allowed);
            }
            assertThat(allowedPerBurst).as("calls let through in each burst of 4 at once").containsOnly(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /*
     * Each pacing rule a call fell under looked at the marks and marked the call in a step of its
     * own: a second rule on the same kind (GET and HEAD rules on one path, a path paced twice) then
     * found the mark the first had just made, and every such call was refused "after 0 ms".
     */
    @Test
    void pacingRulesThatShareAKindPaceTogether() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MinInterval("GET", "/api/notes", 1_000),
                new SequenceRule.MinInterval("HEAD", "/api/notes", 1_000), new SequenceRule.MinInterval("POST", "/api/notes", 500),
                new SequenceRule.MinInterval("POST", "/api/notes", 2_000)));
        String token = f.login("alice").token().token();
        assertThat(f.call("HEAD", "/api/notes", token, null).allowed()).as("a HEAD both rules pace").isTrue();
        f.clock.advance(Duration.ofMillis(1_100));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/notes", token, null).allowed()).as("a path paced twice").isTrue();
        f.clock.advance(Duration.ofMillis(1_000));
        Verdict soon = f.call("POST", "/api/notes", token, null);
        assertThat(soon.reason()).as("the longer of the two").isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(soon.explanation()).contains("2000 ms");
        f.clock.advance(Duration.ofMillis(1_100));
        assertThat(f.call("POST", "/api/notes", token, null).allowed()).as("a refused call marked nothing").isTrue();
    }

    /**
     * Express, Flask and Spring answer HEAD with the GET handler: a rule pacing GET paces HEAD too, and a
     * HEAD counts as the GET before the next one. A HEAD is no look at the cart, though: priors stay GET.
     */
    @Test
    void aRuleOnGetHoldsForHeadButAHeadIsNoPriorGet() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MinInterval("GET", "/api/notes", 1_000),
                new SequenceRule.RequiresPrior("GET", "/api/orders", "GET", "/api/cart", 600)));
        String token = f.login("alice").token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofMillis(300));
        assertThat(f.call("HEAD", "/api/notes", token, null).reason()).as("HEAD after GET").isEqualTo(Reason.SEQUENCE_VIOLATION);
        f.clock.advance(Duration.ofMillis(800));
        assertThat(f.call("HEAD", "/api/notes", token, null).allowed()).isTrue();
        f.clock.advance(Duration.ofMillis(300));
        assertThat(f.call("GET", "/api/notes", token, null).reason()).as("GET after HEAD").isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(f.call("HEAD", "/api/orders", token, null).reason()).as("HEAD /api/orders needs the cart too")
                .isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(f.call("HEAD", "/api/cart", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/orders", token, null).reason()).as("a HEAD of the cart is no look at it")
                .isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(f.call("GET", "/api/cart", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/orders", token, null).allowed()).isTrue();
    }

    @Test
    void zeroMeansNoLimitOnSessions() {
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(new SequenceRule.MaxSessions(0, 0)));
        for (int i = 0; i < 3; i++) assertThat(f.login("a").sessionId()).isNotBlank();
    }

    @Test
    void rulePathsMatchTheirOwnPathsOnly() {
        f.engine.operator(Actor.OWNER).updateRateWindows(List.of());
        f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(
                new SequenceRule.RequiresPrior("POST", "/api/orders", "GET", "/api/cart/*", 600),
                new SequenceRule.MinInterval("POST", "/api/notes", 1_000)));
        String token = f.login("alice").token().token();
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();
        assertThat(f.call("GET", "/api/cartography", token, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/orders", token, null).reason())
                .as("neither /api/notes nor /api/cartography is under /api/cart/*").isEqualTo(Reason.SEQUENCE_VIOLATION);
        assertThat(f.call("GET", "/api/cart/items", token, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/orders", token, null).allowed()).as("a path under the prefix counts").isTrue();
        assertThat(f.call("POST", "/api/cart", token, null).allowed()).isTrue();
        assertThat(f.call("POST", "/api/notes", token, null).allowed())
                .as("a POST to another path right before is not the paced call").isTrue();
    }

    @Test
    void rulesAreValidatedAndSurviveARestart() {
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).updateSequenceRules(List.of(
                new SequenceRule.RequiresPrior("FETCH", "orders", "GET", "/api/cart", 0),
                new SequenceRule.MaxSessions(1, 1), new SequenceRule.MaxSessions(2, 2))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).extracting(x -> x.field())
                        .contains("rules[0].method", "rules[0].path", "rules[0].withinSeconds", "rules[2].type"));
        List<SequenceRule> mine = List.of(new SequenceRule.MinInterval("GET", "/api/cart", 50));
        f.engine.operator(Actor.OWNER).updateSequenceRules(mine);
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.engine.sequenceRules()).isEqualTo(mine);
        assertThat(SequenceRules.decode(SequenceRules.encode(SequenceRules.defaults()))).isEqualTo(SequenceRules.defaults());
    }

    @Test
    void theOperatorGetsBackTheRulesNowInForce() {
        List<SequenceRule> rules = List.of(new SequenceRule.MaxSessions(3, 0),
                new SequenceRule.RequiresPrior("POST", "/a", "GET", "/b", 5));
        assertThat(f.engine.operator(Actor.OWNER).updateSequenceRules(rules)).isEqualTo(rules);
        assertThat(SequenceRules.decode(f.store.loadSettings().get("sequence.rules"))).as("and keeps them").isEqualTo(rules);
    }
}
