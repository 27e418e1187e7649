package dev.palisade.engine.sequence;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a rule set may hold, each bound on both sides, and the stored form read back. */
class SequenceRulesTest {

    private static List<String> refused(SequenceRule... rules) {
        return refused(List.of(rules));
    }

    private static List<String> refused(List<SequenceRule> rules) {
        InvalidInputException e = catchThrowableOfType(() -> SequenceRules.validate(rules), InvalidInputException.class);
        return e == null ? List.of() : e.errors().stream().map(FieldError::field).toList();
    }

    private static SequenceRule prior(String method, String path, String priorMethod, String priorPath, int within) {
        return new SequenceRule.RequiresPrior(method, path, priorMethod, priorPath, within);
    }

    @Test
    void aRequiresPriorRuleChecksBothCallsAndItsWindow() {
        assertThat(refused(prior("POST", "/api/orders", "GET", "/api/cart", 1))).isEmpty();
        assertThat(refused(prior("POST", "/api/orders", "GET", "/api/cart", 86_400))).isEmpty();
        assertThat(refused(prior("POST", "/api/orders", "GET", "/api/cart", 0))).containsExactly("rules[0].withinSeconds");
        assertThat(refused(prior("POST", "/api/orders", "GET", "/api/cart", 86_401))).containsExactly("rules[0].withinSeconds");
        assertThat(refused(prior("POST", "/api/orders", "FETCH", "api/cart", 5)))
                .containsExactly("rules[0].priorMethod", "rules[0].priorPath");
        assertThat(refused(prior(null, null, "GET", "/api/cart", 5))).containsExactly("rules[0].method", "rules[0].path");
    }

    @Test
    void pathsAreAtMost200CharactersAndMayEndInAWildcard() {
        String longest = "/" + "a".repeat(199);
        assertThat(refused(prior("GET", longest, "GET", "/api/notes/*", 5))).isEmpty();
        assertThat(refused(prior("GET", longest + "a", "GET", "/api/*/x", 5))).containsExactly("rules[0].path", "rules[0].priorPath");
        // a call's path arrives with its dot segments resolved, and never holds a broken escape: no call would match
        assertThat(refused(prior("POST", "/api/../orders", "GET", "/api/%2e%2e/cart", 5))).containsExactly("rules[0].path", "rules[0].priorPath");
        assertThat(refused(new SequenceRule.MinInterval("POST", "/api/%zz", 5))).containsExactly("rules[0].path");
        // a ;parameter is refused (proxy, decide) or dropped (embedded) before the rules see a path: it never fired
        assertThat(refused(prior("POST", "/api/orders;v=1", "GET", "/api/cart;x", 5))).containsExactly("rules[0].path", "rules[0].priorPath");
        assertThat(refused(prior("POST", "/api/orders,v1", "GET", "/api/cart", 5))).isEmpty();
    }

    @Test
    void oneMaxSessionsRuleWithLimitsFromNoneToAMillion() {
        assertThat(refused(new SequenceRule.MaxSessions(0, 0))).isEmpty();
        assertThat(refused(new SequenceRule.MaxSessions(1_000_000, 1_000_000))).isEmpty();
        assertThat(refused(new SequenceRule.MaxSessions(-1, 1_000_001))).containsExactly("rules[0].perIp", "rules[0].perUser");
        assertThat(refused(new SequenceRule.MaxSessions(1_000_001, -1))).containsExactly("rules[0].perIp", "rules[0].perUser");
        assertThat(refused(new SequenceRule.MaxSessions(1, 1), new SequenceRule.MaxSessions(2, 2))).containsExactly("rules[1].type");
    }

    @Test
    void aMinIntervalRuleChecksItsCallAndItsSpacing() {
        assertThat(refused(new SequenceRule.MinInterval("POST", "/api/notes", 1))).isEmpty();
        assertThat(refused(new SequenceRule.MinInterval("POST", "/api/notes", 3_600_000))).isEmpty();
        assertThat(refused(new SequenceRule.MinInterval("POST", "/api/notes", 0))).containsExactly("rules[0].minMillis");
        assertThat(refused(new SequenceRule.MinInterval("POST", "/api/notes", 3_600_001))).containsExactly("rules[0].minMillis");
        assertThat(refused(new SequenceRule.MinInterval("post", "notes", 5))).containsExactly("rules[0].method", "rules[0].path");
    }

    @Test
    void atMostAHundredRules() {
        List<SequenceRule> hundred = new ArrayList<>(Collections.nCopies(100, prior("GET", "/a", "GET", "/b", 5)));
        assertThat(refused(hundred)).isEmpty();
        hundred.add(prior("GET", "/a", "GET", "/b", 5));
        assertThat(refused(hundred)).containsExactly("rules");
    }

    @Test
    void theStoredFormReadsBackAndAnythingElseGivesTheDefaults() {
        List<SequenceRule> rules = List.of(prior("POST", "/api/orders", "GET", "/api/cart/*", 60),
                new SequenceRule.MaxSessions(3, 0), new SequenceRule.MinInterval("POST", "/api/notes", 250));
        assertThat(SequenceRules.decode(SequenceRules.encode(rules))).isEqualTo(rules);
        assertThat(SequenceRules.decode("")).as("no rules at all is a rule set").isEmpty();
        assertThat(SequenceRules.decode(null)).isEqualTo(SequenceRules.defaults());
        assertThat(SequenceRules.decode("max-sessions 3")).isEqualTo(SequenceRules.defaults());
        assertThat(SequenceRules.decode("teleport GET /x")).as("a newer version's rule alone: no rule of this version's")
                .isEmpty();
        assertThat(SequenceRules.decode("max-sessions -5 0")).as("stored but invalid").isEqualTo(SequenceRules.defaults());
    }

    /*
     * Found in a review: a rule stored before this version refused its path (/api/%zz, which no call's
     * path can be) made every stored rule fall back to the defaults: the operator's min-interval and
     * its stricter session limits were gone after an upgrade, without a word.
     */
    @Test
    void aStoredRuleThisVersionRefusesIsLeftOutAndTheOthersKept() {
        List<SequenceRule> read = SequenceRules.decode("requires-prior POST /api/orders GET /api/%zz 600\n"
                + "min-interval POST /api/notes 2000\n"
                + "teleport GET /x\n"
                + "max-sessions 3 3\n"
                + "max-sessions 9 9\n");
        assertThat(read).containsExactly(new SequenceRule.MinInterval("POST", "/api/notes", 2000), new SequenceRule.MaxSessions(3, 3));
    }

    /*
     * Found by a newcomer's probe: behind --upstream, the user's own POST /api/orders was refused 403
     * sequence_violation ("needs GET /api/cart"), the demo API's rule, before the app was asked.
     */
    @Test
    void theDemosOrderRuleIsADefaultForTheDemoApiOnly() {
        assertThat(SequenceRules.decode(null, false)).containsExactly(new SequenceRule.MaxSessions(20, 10));
        assertThat(SequenceRules.decode(null, true)).hasSize(2).contains(prior("POST", "/api/orders", "GET", "/api/cart", 600));
        assertThat(SequenceRules.decode("Teleport GET /x", false)).as("unreadable: of no rule's form").containsExactly(new SequenceRule.MaxSessions(20, 10));
    }

    /*
     * Durability audit 61, I1 (as M1 for rate windows): a rule of a type a newer version writes was left out when read,
     * and any save on this version erased it for every node (a rollback, a cluster upgraded node by node).
     */
    @Test
    void aRuleOfATypeANewerVersionWritesIsKeptWhenThisVersionSaves(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (dev.palisade.store.sqlite.SqliteStore store = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            store.saveSettings(java.util.Map.of(LiveSequenceRules.KEY, "max-sessions 3 2\nburst-cap POST /api/orders 5 60\n"
                    + "requires-prior POST /api/orders GET\n")); // the last: a known type gone wrong (a hand edit)
            LiveSequenceRules live = new LiveSequenceRules(store, true);
            assertThat(live.get()).containsExactly(new SequenceRule.MaxSessions(3, 2));
            live.replace(List.of(new SequenceRule.MaxSessions(4, 2)));
            assertThat(store.loadSettings().get(LiveSequenceRules.KEY)).as("the newer rule kept, the broken one not")
                    .contains("burst-cap POST /api/orders 5 60").doesNotContain("requires-prior");
            assertThat(new LiveSequenceRules(store, true).get()).containsExactly(new SequenceRule.MaxSessions(4, 2));
            live.replace(List.of());
            assertThat(new LiveSequenceRules(store, true).get()).as("emptied, beside the newer rule, it stays empty").isEmpty();
        }
    }
}
