package dev.palisade.engine.store;

import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.admin.Role;
import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.CheckFilter;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.event.Rollup;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Store} must do, whatever keeps the data. Each implementation extends this
 * suite; {@link #reopen()} must give a store over the same data, as after a restart.
 */
public abstract class StoreContract {

    protected Store store;

    protected abstract Store open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected void reopen() {
        store.close();
        store = open();
    }

    @Test
    void aPingSucceedsWhileOpenAndFailsOnceClosed() {
        store.ping();
        store.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(store::ping).isInstanceOf(StoreException.class);
        store = open(); // for closeStore
    }

    /* A batch of a debug token's uses sent again after its answer was lost was counted twice. */
    @Test
    void aBatchOfDebugTokenUsesSentAgainUnderItsNameIsCountedOnce() {
        store.insertDebugToken(new dev.palisade.engine.auth.DebugToken("d1", "tests", new byte[32], 1, 10_000, 0, 0, 0));
        store.touchDebugTokens("b1", Map.of("d1", new long[] {5, 2}));
        store.touchDebugTokens("b1", Map.of("d1", new long[] {5, 2}));
        assertThat(store.listDebugTokens()).singleElement().satisfies(t -> assertThat(t.uses()).isEqualTo(2));
        store.touchDebugTokens("b2", Map.of("d1", new long[] {9, 1}));
        assertThat(store.listDebugTokens()).singleElement().satisfies(t -> {
            assertThat(t.uses()).isEqualTo(3);
            assertThat(t.lastUsedAt()).isEqualTo(9);
        });
    }

    @Test
    void usersAreAddedOnceListedAndDeleted() {
        assertThat(store.insertUser(new UserAccount("bob", "h1", 2))).isTrue();
        assertThat(store.insertUser(new UserAccount("alice", "h2", 1))).isTrue();
        assertThat(store.insertUser(new UserAccount("alice", "other", 3))).isFalse();
        // what two nodes told Alice and alice at once would make: one user an operator reads as two
        assertThat(store.insertUser(new UserAccount("Alice", "other", 3))).as("the name by case").isFalse();
        assertThat(store.insertUser(new UserAccount("alicE", "other", 3))).isFalse();
        assertThat(store.insertUser(new UserAccount("alice2", "h3", 3))).as("a name beginning alike").isTrue();
        reopen();
        assertThat(store.listUsers()).extracting(UserAccount::username).containsExactly("alice", "alice2", "bob");
        assertThat(store.listUsers().get(0).passwordHash()).isEqualTo("h2");
        assertThat(store.deleteUser("alice")).isTrue();
        assertThat(store.deleteUser("alice")).isFalse();
        assertThat(store.insertUser(new UserAccount("Alice", "h4", 4))).as("once alice is gone").isTrue();
        assertThat(store.listUsers()).extracting(UserAccount::username).containsExactly("Alice", "alice2", "bob");
    }

    @Test
    void aUserIsUpdatedOnlyWhileItsStoredFieldsAreWhatTheCallerRead() {
        UserAccount read = new UserAccount("carol", "h1", 5);
        assertThat(store.insertUser(read)).isTrue();
        UserAccount disabled = new UserAccount("carol", "h1", 5, true);
        assertThat(store.updateUser(read, disabled)).isTrue();

        // a caller that read the user before the disable: its new password must not re-enable her
        assertThat(store.updateUser(read, new UserAccount("carol", "h2", 5, false))).isFalse();
        // nor may one that read the old password put it back
        assertThat(store.updateUser(new UserAccount("carol", "h0", 5, true), new UserAccount("carol", "h0", 5, true))).isFalse();
        reopen();
        assertThat(store.listUsers()).containsExactly(disabled);
        assertThat(store.updateUser(disabled, new UserAccount("carol", "h2", 5, true))).isTrue();
        assertThat(store.listUsers().get(0).passwordHash()).isEqualTo("h2");
        UserAccount nobody = new UserAccount("dave", "h1", 5);
        assertThat(store.updateUser(nobody, nobody)).as("no such user").isFalse();
        assertThat(store.listUsers()).extracting(UserAccount::username).containsExactly("carol");
    }

    @Test
    void apiKeysKeepScopesRevocationAndLastUse() {
        byte[] hash = new byte[32];
        hash[0] = 7;
        store.insertApiKey(new ApiKey("k1", "ci", List.of("/api/notes", "/api/cart"), hash, 10, 0, 0));
        assertThat(store.revokeApiKey("k1", 50)).isTrue();
        assertThat(store.revokeApiKey("nope", 50)).isFalse();
        store.touchApiKeys(Map.of("k1", 40L));
        reopen();
        ApiKey k = store.listApiKeys().get(0);
        assertThat(k.name()).isEqualTo("ci");
        assertThat(k.scopes()).containsExactly("/api/notes", "/api/cart");
        assertThat(k.secretHash()).isEqualTo(hash);
        assertThat(k.revokedAt()).isEqualTo(50);
        assertThat(k.lastUsedAt()).isEqualTo(40);
        store.touchApiKeys(Map.of("k1", 30L));
        assertThat(store.listApiKeys().get(0).lastUsedAt()).as("never goes back in time").isEqualTo(40);
    }

    @Test
    void aNameHasOneLiveApiKeyAtATime() {
        assertThat(store.insertApiKey(new ApiKey("k1", "ci", List.of("/api"), new byte[32], 10, 0, 0))).isTrue();
        assertThat(store.insertApiKey(new ApiKey("k2", "ci", List.of("/api"), new byte[32], 11, 0, 0)))
                .as("a live key has the name").isFalse();
        assertThat(store.insertApiKey(new ApiKey("k3", "cd", List.of("/api"), new byte[32], 12, 0, 0))).isTrue();
        assertThat(store.revokeApiKey("k1", 20)).isTrue();
        assertThat(store.insertApiKey(new ApiKey("k4", "ci", List.of("/api"), new byte[32], 21, 0, 0)))
                .as("the name's key is revoked").isTrue();
        reopen();
        assertThat(store.listApiKeys()).extracting(ApiKey::id).containsExactlyInAnyOrder("k1", "k3", "k4");
    }

    @Test
    void blacklistEntriesAreFoundByIdListedAndDeleted() {
        var entry = new dev.palisade.engine.blacklist.BlacklistEntry("b1", dev.palisade.engine.blacklist.EntryKind.IP,
                "203.0.113.0/24", "a reason", "owner", 10, 99);
        int before = store.listBlacklist().size();
        store.insertBlacklist(List.of(entry));
        reopen();
        assertThat(store.findBlacklist("b1")).isEqualTo(entry);
        assertThat(store.findBlacklist("b2")).isNull();
        assertThat(store.listBlacklist()).hasSize(before + 1).contains(entry);
        assertThat(store.deleteBlacklist("b1")).isTrue();
        assertThat(store.deleteBlacklist("b1")).isFalse();
        assertThat(store.findBlacklist("b1")).isNull();
    }

    @Test
    void aRotationIsStoredOnlyIfItRetiresEveryKeyTheStoreHoldsAsCurrent() {
        SigningKey first = new SigningKey("a", new byte[] {1}, 1, 0);
        assertThat(store.saveRotation("jwt", List.of(first))).as("a ring's first key").isTrue();
        SigningKey mine = new SigningKey("b", new byte[] {2}, 2, 0);
        assertThat(store.saveRotation("jwt", List.of(first.retire(2), mine))).isTrue();
        SigningKey theirs = new SigningKey("c", new byte[] {3}, 3, 0);
        assertThat(store.saveRotation("jwt", List.of(first.retire(3), theirs))).as("made from a view before b").isFalse();
        assertThat(store.saveRotation("jwt", List.of(new SigningKey("d", new byte[] {4}, 4, 0)))).as("a first key again").isFalse();
        assertThat(store.saveRotation("salt", List.of(new SigningKey("s", new byte[] {5}, 5, 0)))).as("another ring").isTrue();
        assertThat(store.loadSigningKeys("jwt")).containsExactly(first.retire(2), mine);
        assertThat(store.saveRotation("jwt", List.of(mine.retire(6), theirs))).isTrue();
        assertThat(store.saveRotation("unused", List.of())).as("nothing, on a ring without a current key").isTrue();
        assertThat(store.saveRotation("jwt", List.of())).as("nothing, on a ring with one").isFalse();
        assertThat(store.loadSigningKeys("jwt")).containsExactly(first.retire(2), mine.retire(6), theirs);
    }

    @Test
    void signingKeysAreUpsertedByKidInCreationOrder() {
        SigningKey first = new SigningKey("a", new byte[] {1, 2}, 1, 0);
        store.saveSigningKeys("jwt", List.of(first));
        store.saveSigningKeys("jwt", List.of(new SigningKey("b", new byte[] {3}, 2, 0)));
        store.saveSigningKeys("jwt", List.of(first.retire(5), new SigningKey("c", new byte[] {5}, 6, 0)));
        store.saveSigningKeys("salt", List.of(new SigningKey("s", new byte[] {4}, 3, 0)));
        reopen();
        assertThat(store.loadSigningKeys("jwt")).containsExactly(first.retire(5), new SigningKey("b", new byte[] {3}, 2, 0),
                new SigningKey("c", new byte[] {5}, 6, 0));
        assertThat(store.loadSigningKeys("salt")).containsExactly(new SigningKey("s", new byte[] {4}, 3, 0));
    }

    @Test
    void aBuriedKeyComesBackRetiredWithoutItsSecret() {
        SigningKey first = new SigningKey("a", new byte[] {1, 2}, 1, 0);
        store.saveSigningKeys("jwt", List.of(first.retire(5), new SigningKey("b", new byte[] {3}, 5, 0)));
        store.saveSigningKeys("jwt", List.of(first.retire(5).bury()));
        reopen();
        SigningKey read = store.loadSigningKeys("jwt").get(0);
        assertThat(read.kid()).isEqualTo("a");
        assertThat(read.secret()).isEmpty();
        assertThat(read.isBuried()).isTrue();
        assertThat(read.verifiesAt(6, Long.MAX_VALUE / 2)).as("whatever the grace").isFalse();
    }

    @Test
    void settingsAreNameValuePairs() {
        store.saveSettings(Map.of("a", "1", "b", "2"));
        store.saveSettings(Map.of("a", "3"));
        reopen();
        assertThat(store.loadSettings()).isEqualTo(Map.of("a", "3", "b", "2"));
    }

    @Test
    void sessionsAreSavedReplacedAndDeleted() {
        SessionRecord s1 = new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 5, 3, 0,
                new byte[] {1, 2, 3}, new dev.palisade.engine.fingerprint.Fingerprint(java.util.Map.of("userAgent", "UA", "ip", "10.0.0.0/24")), "webdriver,no_client_hints");
        SessionRecord s2 = new SessionRecord("s2", "bob", SessionOrigin.API_KEY, 2, 0, "", "", 2, 0, 0, null, null, null, "k1");
        store.saveSessions(List.of(s1, s2));
        SessionRecord s1Later = new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 9, 4, 9,
                new byte[] {1, 2, 3}, s1.fingerprint(), s1.automation());
        store.saveSessions(List.of(s1Later));
        reopen();
        SessionRecord s1Kept = new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 9, 4, 9,
                null, s1.fingerprint(), s1.automation());
        assertThat(store.loadSessions()).containsExactlyInAnyOrder(s1Kept, s2);
        assertThat(store.loadSessions()).filteredOn(r -> r.id().equals("s1")).singleElement()
                .as("no one signs with a revoked session's key again").satisfies(r -> assertThat(r.signingKey()).isEmpty());
        assertThat(store.loadSessions()).extracting(SessionRecord::apiKeyId).containsExactlyInAnyOrder("", "k1");
        store.deleteSessions(List.of("s2", "missing"));
        assertThat(store.loadSessions()).containsExactly(s1Kept);
    }

    @Test
    void whatASessionsBootstrapPaidIsKeptAndNoneStaysNone() {
        dev.palisade.engine.session.BootstrapCost paid = new dev.palisade.engine.session.BootstrapCost(14, 830);
        SessionRecord browser = new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 5, 3, 0,
                new byte[] {1, 2, 3}, null, null, "", paid);
        SessionRecord late = new SessionRecord("s3", "carol", SessionOrigin.BROWSER, 1, 1, "10.0.0.3", "UA", 5, 3, 0,
                new byte[] {1, 2, 3}, null, null, "", new dev.palisade.engine.session.BootstrapCost(22, 900_000));
        SessionRecord key = new SessionRecord("s2", "bob", SessionOrigin.API_KEY, 2, 0, "", "", 2, 0, 0, null, null, null, "k1");
        dev.palisade.engine.session.BootstrapCost waived = dev.palisade.engine.session.BootstrapCost.waived(4);
        SessionRecord vouched = new SessionRecord("s4", "dave", SessionOrigin.BROWSER, 1, 1, "10.0.0.4", "UA", 5, 3, 0,
                new byte[] {1, 2, 3}, null, null, "", waived);
        store.saveSessions(List.of(browser, late, key, vouched));
        reopen();
        assertThat(store.loadSessions()).extracting(r -> r.id() + " " + r.bootstrap()).containsExactlyInAnyOrder(
                "s1 " + paid, "s2 null", "s3 " + new dev.palisade.engine.session.BootstrapCost(22, 65_535),
                "s4 " + waived);
        assertThat(store.loadSessions()).filteredOn(r -> r.id().equals("s4")).singleElement()
                .satisfies(r -> assertThat(r.bootstrap().workWaived()).as("a debug token's bootstrap stays waived").isTrue());
    }

    /**
     * A checkpoint's snapshot taken just before a logout but written after it replaced the revoked row, and
     * a crash before the next checkpoint brought the logged-out session back.
     */
    @Test
    void aRevocationOnceSavedIsKeptWhenAnOlderSnapshotIsSavedAfterIt() {
        SessionRecord live = new SessionRecord("s9", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 5, 3, 0,
                new byte[] {1, 2, 3}, null, null);
        SessionRecord revoked = new SessionRecord("s9", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 6, 4, 7,
                new byte[] {1, 2, 3}, null, null);
        store.saveSessions(List.of(revoked));
        store.saveSessions(List.of(live));
        reopen();
        assertThat(store.loadSessions()).filteredOn(r -> r.id().equals("s9")).singleElement()
                .satisfies(r -> assertThat(r.revokedAt()).as("still revoked").isEqualTo(7))
                .satisfies(r -> assertThat(r.signingKey()).as("and its key not written back").isEmpty());
    }

    @Test
    void eventsAreQueriedNewestFirstByEveryFilter() {
        List<Event> batch = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            batch.add(new Event(i, 1_000L * i, i % 3 == 0 ? EventType.AUTH : EventType.DECISION,
                    i % 2 == 0 ? "allowed" : "invalid_token", i % 7 == 0 ? "price" : "token", "sid" + (i % 5), "alice",
                    "10.0.0." + (i % 4),
                    "GET", "/api/notes", i % 2 == 0 ? 200 : 401, 1_500, "detail " + i));
        }
        store.appendEvents(batch);
        reopen();
        assertThat(store.lastEventId()).isEqualTo(30);
        assertThat(store.queryEvents(EventQuery.latest(3))).extracting(Event::id).containsExactly(30L, 29L, 28L);
        assertThat(store.queryEvents(new EventQuery(5_000L, 8_000L, null, null, null, null, 0, 100)))
                .extracting(Event::id).containsExactly(7L, 6L, 5L);
        assertThat(store.queryEvents(new EventQuery(null, null, EventType.AUTH, "invalid_token", null, null, 0, 100)))
                .extracting(Event::id).containsExactly(27L, 21L, 15L, 9L, 3L);
        assertThat(store.queryEvents(new EventQuery(null, null, null, "invalid_token", CheckFilter.only("price"), null, null,
                null, null, 0, 100))).as("a code by the check that refused it").extracting(Event::id).containsExactly(21L, 7L);
        assertThat(store.countEvents(new EventQuery(null, null, null, null, CheckFilter.only("price"), null, null, null, null,
                0, 100))).isEqualTo(4);
        assertThat(store.queryEvents(new EventQuery(null, null, EventType.AUTH, "invalid_token", CheckFilter.allBut("price"),
                null, null, null, null, 0, 100))).as("a code by every check but one (the Overview's remainder row)")
                .extracting(Event::id).containsExactly(27L, 15L, 9L, 3L);
        assertThat(store.countEvents(new EventQuery(null, null, null, null, CheckFilter.allBut("price"), null, null, null, null,
                0, 100))).isEqualTo(26);
        assertThat(store.topRefusals("price", 0, 31_000, 10)).as("the price check's refusals by code")
                .containsExactly(new dev.palisade.engine.event.Rollup.Total("invalid_token", 2));
        assertThat(store.topRefusals("code", 0, 31_000, 10)).as("and with every other check's")
                .containsExactly(new dev.palisade.engine.event.Rollup.Total("invalid_token", 15));
        assertThat(store.queryEvents(new EventQuery(null, null, null, null, "sid1", "10.0.0.1", 0, 100)))
                .extracting(Event::id).containsExactly(21L, 1L);
        assertThat(store.queryEvents(new EventQuery(null, null, null, null, null, null, 28, 10)))
                .extracting(Event::id).containsExactly(2L, 1L);
        Event e = store.queryEvents(EventQuery.latest(1)).get(0);
        assertThat(e).isEqualTo(batch.get(29));
    }

    /** Cluster audit 62, M1: a node's preview replays the refusals it made itself, among every node's events it stores. */
    @Test
    void eventsAreQueriedByTheNodeTheyHappenedOn() {
        List<Event> batch = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            batch.add(new Event(i, 1_000L * i, EventType.DECISION, "rate_limited", "rate", "sid", "alice", "10.0.0.1", "GET",
                    "/api/notes", 429, 0, "over", "", i % 3 == 0 ? "" : i % 2 == 0 ? "node-b" : "node-a"));
        }
        store.appendEvents(batch);
        reopen();
        EventQuery all = new EventQuery(null, null, null, "rate_limited", null, null, 0, 100);
        assertThat(store.queryEvents(all.on("node-a"))).extracting(Event::id).containsExactly(5L, 1L);
        assertThat(store.queryEvents(all.on("node-b"))).extracting(Event::id).containsExactly(4L, 2L);
        assertThat(store.queryEvents(all.on(""))).as("a server alone's").extracting(Event::id).containsExactly(6L, 3L);
        assertThat(store.countEvents(all.on("node-a"))).isEqualTo(2);
        assertThat(store.queryEvents(all.on("node-a").before(5, 10))).extracting(Event::id).containsExactly(1L);
        assertThat(store.queryEvents(all)).hasSize(6);
    }

    /** Session 61: the Overview's plain no_bootstrap row is every no_bootstrap but price's, and events of no check with them. */
    @Test
    void everyCheckButOneKeepsTheEventsOfNoCheck() {
        store.appendEvents(List.of(
                new Event(1, 10, EventType.AUTH, "no_bootstrap", "price", "", "", "10.0.0.1", "POST", "/auth/bootstrap", 401, 0, ""),
                new Event(2, 20, EventType.AUTH, "no_bootstrap", "bootstrap", "", "", "10.0.0.1", "POST", "/auth/login", 401, 0, ""),
                new Event(3, 30, EventType.SYSTEM, "started", "", "", "", "", "", "", 0, 0, "")));
        reopen();
        assertThat(store.queryEvents(new EventQuery(null, null, null, null, CheckFilter.allBut("price"), null, null, null, null,
                0, 10))).extracting(Event::id).containsExactly(3L, 2L);
        assertThat(store.queryEvents(new EventQuery(null, null, null, null, CheckFilter.allBut("bootstrap"), null, null, null,
                null, 0, 10))).extracting(Event::id).containsExactly(3L, 1L);
        assertThat(store.countEvents(new EventQuery(null, null, null, "no_bootstrap", CheckFilter.allBut("price"), null, null,
                null, null, 0, 10))).isEqualTo(1);
    }

    @Test
    void anAdminEventKeepsItsActor() {
        store.appendEvents(List.of(new Event(1, 10, EventType.ADMIN, "user_created", "admin", "", "", "", "", "", 0, 0,
                "user bob created", "alice"), new Event(2, 20, EventType.DECISION, "allowed", "pipeline", "", "", "", "",
                "", 200, 0, "")));
        reopen();
        assertThat(store.queryEvents(EventQuery.latest(10))).extracting(Event::actor).containsExactly("", "alice");
    }

    @Test
    void aNameHasOneLiveOperatorTokenAtATimeInAnyCase() {
        assertThat(store.insertOperatorToken(new OperatorToken("o1", "Olga", Role.VIEWER, new byte[] {1}, 10, 0, 0))).isTrue();
        assertThat(store.insertOperatorToken(new OperatorToken("o2", "oLGA", Role.OPERATOR, new byte[] {2}, 11, 0, 0)))
                .as("a live token has the name").isFalse();
        assertThat(store.revokeOperatorToken("o1", 20)).isTrue();
        assertThat(store.insertOperatorToken(new OperatorToken("o3", "olga", Role.OPERATOR, new byte[] {3}, 21, 0, 0))).isTrue();
        reopen();
        assertThat(store.listOperatorTokens()).extracting(OperatorToken::id).containsExactly("o1", "o3");
    }

    @Test
    void operatorTokensKeepRoleRevocationAndLastUse() {
        store.insertOperatorToken(new OperatorToken("b", "bob", Role.VIEWER, new byte[] {1, 2}, 20, 0, 0));
        store.insertOperatorToken(new OperatorToken("a", "alice", Role.OPERATOR, new byte[] {3}, 10, 0, 0));
        assertThat(store.revokeOperatorToken("b", 30)).isTrue();
        assertThat(store.revokeOperatorToken("b", 40)).as("revoked once").isFalse();
        assertThat(store.revokeOperatorToken("nope", 40)).isFalse();
        store.touchOperatorTokens(Map.of("a", 50L));
        store.touchOperatorTokens(Map.of("a", 45L));
        reopen();
        assertThat(store.findOperatorToken("a")).as("as stored").extracting(OperatorToken::name, OperatorToken::lastUsedAt)
                .containsExactly("alice", 50L);
        assertThat(store.findOperatorToken("b").revokedAt()).isEqualTo(30);
        assertThat(store.findOperatorToken("nope")).isNull();
        List<OperatorToken> kept = store.listOperatorTokens();
        assertThat(kept).extracting(OperatorToken::id).containsExactly("a", "b");
        assertThat(kept.get(0).role()).isEqualTo(Role.OPERATOR);
        assertThat(kept.get(0).lastUsedAt()).as("never moves back").isEqualTo(50);
        assertThat(kept.get(0).secretHash()).containsExactly(3);
        assertThat(kept.get(1).role()).isEqualTo(Role.VIEWER);
        assertThat(kept.get(1).revokedAt()).isEqualTo(30);
    }

    @Test
    void retentionDeletesOldEventsOnly() {
        store.appendEvents(List.of(Event.system(100, "a", ""), Event.system(200, "b", "")).stream()
                .map(e -> new Event(e.at(), e.at(), e.type(), e.code(), e.check(), "", "", "", "", "", 0, 0, ""))
                .toList());
        assertThat(store.deleteEventsBefore(150)).isEqualTo(1);
        assertThat(store.queryEvents(EventQuery.latest(10))).extracting(Event::code).containsExactly("b");
    }

    @Test
    void rollupsAddUpPerMinuteAndKeyAndAnswerRanges() {
        long m0 = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;
        long m1 = m0 + 60_000;
        store.addRollups(List.of(new Rollup(m0, Rollup.Dimension.ROUTE, "/api/notes", 5),
                new Rollup(m0, Rollup.Dimension.ROUTE, "/api/cart", 7), new Rollup(m1, Rollup.Dimension.ROUTE, "/api/notes", 4),
                new Rollup(m1, Rollup.Dimension.IP, "10.0.0.1", 9)));
        store.addRollups(List.of(new Rollup(m0, Rollup.Dimension.ROUTE, "/api/notes", 1))); // the same minute again: adds
        store.addRollups(List.of());
        reopen();
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0, m1 + 60_000, 10)).containsExactly(
                new Rollup.Total("/api/notes", 10), new Rollup.Total("/api/cart", 7));
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0, m1, 10)).as("to is exclusive").containsExactly(
                new Rollup.Total("/api/cart", 7), new Rollup.Total("/api/notes", 6));
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m1, m1 + 1, 10)).as("a minute counts if it overlaps the range")
                .containsExactly(new Rollup.Total("/api/notes", 4));
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0 + 59_999, m1, 10)).extracting(Rollup.Total::key)
                .containsExactly("/api/cart", "/api/notes");
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0, m1 + 60_000, 1)).containsExactly(new Rollup.Total("/api/notes", 10));
        assertThat(store.topRollups(Rollup.Dimension.IP, m0, m1 + 60_000, 10)).containsExactly(new Rollup.Total("10.0.0.1", 9));
        assertThat(store.topRollups(Rollup.Dimension.USER, m0, m1 + 60_000, 10)).isEmpty();
        store.addRollups(List.of(new Rollup(m0, Rollup.Dimension.ROUTE, "/api/a", 7)));
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0, m1, 10)).extracting(Rollup.Total::key)
                .as("ties by key").containsExactly("/api/a", "/api/cart", "/api/notes");
        assertThat(store.deleteRollupsBefore(m1)).isEqualTo(3);
        assertThat(store.topRollups(Rollup.Dimension.ROUTE, m0, m1 + 60_000, 10)).containsExactly(new Rollup.Total("/api/notes", 4));
    }
}
