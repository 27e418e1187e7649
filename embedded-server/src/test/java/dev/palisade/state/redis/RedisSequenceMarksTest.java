package dev.palisade.state.redis;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.check.SequenceCheck;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequence check of two nodes on a real redis-server: each node has its own copy of the session and
 * of its history; what one allowed, the other reads from Redis; without Redis, a call a rule guards is
 * refused rather than let through on one node's half of the history.
 */
class RedisSequenceMarksTest {

    @TempDir
    Path dir;

    private static final List<SequenceRule> RULES = List.of(
            new SequenceRule.RequiresPrior("POST", "/api/orders", "GET", "/api/cart", 600),
            new SequenceRule.MinInterval("GET", "/api/notes/*", 1_000),
            new SequenceRule.RequiresPrior("PUT", "/api/orders", "GET", "/api/cart", 60)); // the same prior twice

    private static ProtectedRequest call(String method, String path, Session session) {
        ProtectedRequest r = new ProtectedRequest(method, path, "127.0.0.1", "ua", "token", null,
                new dev.palisade.engine.signature.MessageParts(method, "h", path, null, java.util.Map.of()), null);
        r.attach(session);
        return r;
    }

    private static Session copy() {
        return new Session(new SessionRecord("s-1", "alice", SessionOrigin.BROWSER, 1, 1, "127.0.0.1", "ua", 1, 0, 0, null,
                null, ""));
    }

    @Test
    void whatOneNodeAllowedTheOtherReadsAndWithoutRedisAGuardedCallIsRefused() throws Exception {
        MutableClock clock = MutableClock.at2026();
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            SequenceCheck onA = new SequenceCheck(() -> RULES, clock, a.callMarks());
            SequenceCheck onB = new SequenceCheck(() -> RULES, clock, b.callMarks());
            Session sessionOnA = copy();
            Session sessionOnB = copy();

            Verdict early = onB.evaluate(call("POST", "/api/orders", sessionOnB));
            assertThat(early.reason()).as("no look at the cart anywhere").isEqualTo(Reason.SEQUENCE_VIOLATION);
            onA.allowed(call("GET", "/api/cart", sessionOnA), sessionOnA, clock.millis());
            assertThat(redis.command("HLEN palisade:calls:s-1")).as("two rules name the cart: one mark").isEqualTo(":1");
            clock.advance(Duration.ofSeconds(600));
            assertThat(onB.evaluate(call("POST", "/api/orders", sessionOnB))).as("the window's last second").isNull();
            clock.advance(Duration.ofMillis(1));
            assertThat(onB.evaluate(call("POST", "/api/orders", sessionOnB)).reason()).isEqualTo(Reason.SEQUENCE_VIOLATION);

            assertThat(onA.evaluate(call("GET", "/api/notes/1", sessionOnA))).as("let through, and marked as it is").isNull();
            onA.allowed(call("GET", "/api/notes/1", sessionOnA), sessionOnA, clock.millis());
            clock.advance(Duration.ofMillis(999));
            Verdict paced = onB.evaluate(call("GET", "/api/notes/2", sessionOnB));
            assertThat(paced.reason()).as("a person needs a second between these, on any node").isEqualTo(Reason.SEQUENCE_VIOLATION);
            assertThat(paced.explanation()).contains("999 ms");
            clock.advance(Duration.ofMillis(2)); // as on one node: the call at exactly the interval is still too soon
            assertThat(onB.evaluate(call("GET", "/api/notes/2", sessionOnB))).isNull();
            assertThat(onA.evaluate(call("GET", "/api/notes/3", sessionOnA)).explanation())
                    .as("sent at once to the other node, before the first was answered: refused").contains("after 0 ms");

            redis.stop();
            onA.allowed(call("GET", "/api/cart", sessionOnA), sessionOnA, clock.millis()); // answered already: no failure
            Verdict unavailable = onB.evaluate(call("POST", "/api/orders", sessionOnB));
            assertThat(unavailable.reason()).as("fail closed").isEqualTo(Reason.STATE_UNAVAILABLE);
            assertThat(unavailable.retryAfterSeconds()).isEqualTo(2);
            assertThat(onB.evaluate(call("GET", "/api/cart", sessionOnB))).as("a call no rule guards needs no Redis").isNull();
        }
    }

    /* A review's find: the marks were on each node's clock, and a second's skew voided a one-second pacing rule. */
    @Test
    void aPacingRuleHoldsAcrossNodesWhoseClocksDisagree() throws Exception {
        MutableClock onTime = MutableClock.at2026();
        MutableClock ahead = MutableClock.at2026();
        ahead.advance(Duration.ofMillis(1_000));
        List<SequenceRule> rules = List.of(new SequenceRule.MinInterval("GET", "/api/notes/*", 1_000));
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a", ahead, () -> System.currentTimeMillis() + 1_000);
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b", onTime, System::currentTimeMillis)) {
            SequenceCheck onA = new SequenceCheck(() -> rules, ahead, a.callMarks());
            SequenceCheck onB = new SequenceCheck(() -> rules, onTime, b.callMarks());
            assertThat(onB.evaluate(call("GET", "/api/notes/1", copy()))).isNull();
            onTime.advance(Duration.ofMillis(200));
            ahead.advance(Duration.ofMillis(200));
            Verdict paced = onA.evaluate(call("GET", "/api/notes/2", copy()));
            assertThat(paced).as("200 ms later, through the node a second ahead").isNotNull();
            // the offset is measured to a few ms
            assertThat(paced.explanation()).containsPattern("after (19\\d|20\\d) ms");
        }
    }

    /* A mark made by a node whose clock runs a little ahead (within the 50 ms taken as none) lies in this node's future. */
    @Test
    void aPaceRefusedOnAMarkAheadOfThisNodesClockSaysAfter0Ms() {
        MutableClock clock = MutableClock.at2026();
        dev.palisade.engine.state.CallMarks ahead = new dev.palisade.engine.state.CallMarks() {
            @Override
            public void mark(String sessionId, String method, String pattern, long at) {}

            @Override
            public long last(String sessionId, String method, String pattern) { return -1; }

            @Override
            public TooSoon pace(String sessionId, List<Paced> kinds, long at) { return new TooSoon(0, at + 40); }
        };
        SequenceCheck check = new SequenceCheck(() -> List.of(new SequenceRule.MinInterval("GET", "/api/notes/*", 1_000)),
                clock, ahead);
        assertThat(check.evaluate(call("GET", "/api/notes/1", copy())).explanation()).contains("again after 0 ms");
    }

    /** Pacing rules that share a kind pace together on the cluster too: one script looks at and marks all of them. */
    @Test
    void pacingRulesThatShareAKindPaceTogetherAcrossNodes() throws Exception {
        MutableClock clock = MutableClock.at2026();
        List<SequenceRule> rules = List.of(new SequenceRule.MinInterval("GET", "/api/notes", 1_000),
                new SequenceRule.MinInterval("HEAD", "/api/notes", 1_000), new SequenceRule.MinInterval("POST", "/api/notes", 500),
                new SequenceRule.MinInterval("POST", "/api/notes", 2_000));
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            SequenceCheck onA = new SequenceCheck(() -> rules, clock, a.callMarks());
            SequenceCheck onB = new SequenceCheck(() -> rules, clock, b.callMarks());
            Session sessionOnA = copy();
            Session sessionOnB = copy();
            assertThat(onA.evaluate(call("HEAD", "/api/notes", sessionOnA))).as("a HEAD both rules pace").isNull();
            assertThat(onB.evaluate(call("GET", "/api/notes", sessionOnB)).explanation()).as("on the other node, at once")
                    .contains("after 0 ms");
            assertThat(onB.evaluate(call("POST", "/api/notes", sessionOnB))).as("a path paced twice").isNull();
            clock.advance(Duration.ofMillis(1_000));
            assertThat(onA.evaluate(call("POST", "/api/notes", sessionOnA)).explanation()).contains("2000 ms");
            clock.advance(Duration.ofMillis(1_100));
            assertThat(onA.evaluate(call("POST", "/api/notes", sessionOnA))).as("the refused call marked nothing").isNull();
        }
    }
}
