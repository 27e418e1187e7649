package dev.palisade.state.redis;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.state.EventExchange;
import dev.palisade.engine.state.StateUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster's events in a real redis-server: what one node sends, the others read; its own it passes over. */
class RedisEventExchangeTest {

    @TempDir
    Path dir;

    private static Event refusal(String node, String ip, String detail) {
        return new Event(7, 1_800_000_000_000L, EventType.DECISION, "invalid_signature", "signature", "s-1", "alice",
                ip, "GET", "/api/notes?x=1,2", 401, 5_200, detail, "", node);
    }

    @Test
    void anEventSentByOneNodeIsReadWholeByTheOthersAndNotByItself() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            Event sent = refusal("node-a", "203.0.113.5", "a detail with \"quotes\", commas and ü");
            Event audit = new Event(0, 1_800_000_000_001L, EventType.ADMIN, "user_created", "admin",
                    "", "", "", "", "", 0, 0, "alice", "ops-anna", "node-a");
            a.events().send(List.of(sent, audit));

            EventExchange.Received onB = b.events().receive("", 100, 1_000);
            assertThat(onB.events()).as("every field but the id, which each node numbers itself")
                    .containsExactly(withId(sent, 0), withId(audit, 0));
            assertThat(onB.missed()).isFalse();
            assertThat(onB.position()).matches("\\d+-\\d+");

            EventExchange.Received onA = a.events().receive("", 100, 200);
            assertThat(onA.events()).as("a node's own events are in its history already").isEmpty();
            assertThat(onA.position()).as("but it reads past them").isEqualTo(onB.position());

            EventExchange.Received again = b.events().receive(onB.position(), 100, 200);
            assertThat(again.events()).as("nothing after the position").isEmpty();
            assertThat(again.position()).isEqualTo(onB.position());

            Event later = refusal("node-a", "198.51.100.7", "later");
            a.events().send(List.of(later));
            assertThat(b.events().receive(onB.position(), 100, 1_000).events()).containsExactly(withId(later, 0));
        }
    }

    @Test
    void aBatchSentAgainUnderItsIdIsAddedOnceAndAnotherBatchIsAdded() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            Event first = refusal("node-a", "203.0.113.1", "first");
            Event second = refusal("node-a", "203.0.113.2", "second");
            a.events().send("batch-1", List.of(first, second));
            a.events().send("batch-1", List.of(first, second)); // its reply was lost: the sender tries again
            Event third = refusal("node-a", "203.0.113.3", "third");
            a.events().send("batch-2", List.of(third));
            assertThat(b.events().receive("", 100, 1_000).events())
                    .containsExactly(withId(first, 0), withId(second, 0), withId(third, 0));
        }
    }

    @Test
    void aReadWaitsForTheNextEventAndAnEventFromAnUnknownTypeIsPassedOver() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            redis.commandArgs("XADD", "palisade:events", "*", "node", "node-c", "at", "1", "type", "from-the-future",
                    "code", "x", "check", "x", "session", "", "user", "", "ip", "", "method", "", "path", "",
                    "status", "0", "cost", "0", "detail", "", "actor", "");
            EventExchange.Received first = b.events().receive("", 100, 200);
            assertThat(first.events()).as("a newer node's type this node cannot read").isEmpty();

            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
                a.events().send(List.of(refusal("node-a", "203.0.113.9", "while waiting")));
            });
            sender.start();
            EventExchange.Received waited = b.events().receive(first.position(), 100, 1_500);
            sender.join();
            assertThat(waited.events()).extracting(Event::ip).containsExactly("203.0.113.9");
        }
    }

    @Test
    void aNodeThatFellBehindTheTrimmedStreamIsToldItMissedEvents() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a")) {
            a.events().send(List.of(refusal("node-a", "203.0.113.1", "first")));
            String position;
            try (RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
                position = b.events().receive("", 10, 200).position();
            }
            List<Event> many = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) many.add(refusal("node-a", "203.0.113.2", "n" + i));
            a.events().send(many);
            redis.commandArgs("XTRIM", "palisade:events", "MAXLEN", "10");
            try (RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
                EventExchange.Received behind = b.events().receive(position, 2_000, 200);
                assertThat(behind.missed()).as("entries after its position were trimmed").isTrue();
                assertThat(behind.events()).hasSize(10);
                assertThat(b.events().receive(behind.position(), 10, 100).missed()).as("said once").isFalse();
            }
            try (RedisHotState c = RedisHotState.connect(redis.uri(), null, null, "node-c")) {
                String last = c.events().receive("", 2_000, 200).position();
                try (RedisHotState c2 = RedisHotState.connect(redis.uri(), null, null, "node-c")) {
                    assertThat(c2.events().receive(last, 10, 100).missed()).as("a node that kept up").isFalse();
                }
            }
        }
    }

    @Test
    void whatACallerChoosesIsCutToABoundInTheStream() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            String huge = "x".repeat(16_000);
            a.events().send(List.of(new Event(0, 1, EventType.AUTH, "user_blacklisted", "auth", "", huge, "203.0.113.5",
                    "POST", "/auth/" + huge, 403, 0, huge, "", "node-a")));
            Event got = b.events().receive("", 10, 1_000).events().get(0);
            assertThat(got.user()).hasSize(RedisEventExchange.MAX_TEXT + 1).endsWith("…");
            assertThat(got.path().length()).as("bounded as the event is made").isEqualTo(dev.palisade.engine.event.KeptPath.MAX);
            assertThat(got.detail()).hasSize(RedisEventExchange.MAX_DETAIL + 1);
            assertThat(got.ip()).isEqualTo("203.0.113.5");
            assertThat(RedisEventExchange.cut("a😀b", 2)).as("never half a surrogate pair").isEqualTo("a…");
        }
    }

    @Test
    void theStreamIsCappedNearItsLength() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a")) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) batch.add(refusal("node-a", "203.0.113.2", "n" + i));
            for (int i = 0; i < (RedisEventExchange.KEPT / 1_000) + 20; i++) a.events().send(batch);
            long length = Long.parseLong(redis.command("XLEN palisade:events").substring(1));
            assertThat(length).isLessThan(RedisEventExchange.KEPT + 1_000L).isGreaterThanOrEqualTo(RedisEventExchange.KEPT);
        }
    }

    @Test
    void withRedisStoppedSendingAndReadingFailAsUnavailableAndWorkAgainWhenItReturns() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
             RedisHotState a = RedisHotState.connect(redis.uri(), null, null, "node-a");
             RedisHotState b = RedisHotState.connect(redis.uri(), null, null, "node-b")) {
            String position = b.events().receive("", 10, 100).position();
            redis.stop();
            assertThatThrownBy(() -> a.events().send(List.of(refusal("node-a", "203.0.113.3", "x"))))
                    .isInstanceOf(StateUnavailableException.class).hasMessageNotContaining("password");
            assertThatThrownBy(() -> b.events().receive(position, 10, 100)).isInstanceOf(StateUnavailableException.class);
            redis.start();
            Event back = refusal("node-a", "203.0.113.4", "back");
            RedisServer.onceBack(() -> {
                a.events().send(List.of(back));
                return null;
            });
            EventExchange.Received after = RedisServer.onceBack(() -> b.events().receive(position, 10, 1_000));
            assertThat(after.events()).extracting(Event::ip).contains("203.0.113.4");
        }
    }

    private static Event withId(Event e, long id) {
        return new Event(id, e.at(), e.type(), e.code(), e.check(), e.sessionId(), e.user(), e.ip(), e.method(), e.path(),
                e.status(), e.costNanos(), e.detail(), e.actor(), e.node());
    }
}
