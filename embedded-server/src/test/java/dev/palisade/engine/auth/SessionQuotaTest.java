package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.sequence.LiveSequenceRules;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The max-sessions rule while logins are between their count and their session: a place held counts
 * like a session, step by step (the racing logins of SequenceHttpTest and ClusterHttpTest, made certain).
 */
class SessionQuotaTest {

    @TempDir
    Path dir;

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aPlaceHeldCountsLikeASessionUntilItIsGivenBackOrItsSessionIsOpen() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            LiveSequenceRules rules = new LiveSequenceRules(store, true);
            rules.replace(List.of(new SequenceRule.MaxSessions(2, 3)));
            SessionRegistry sessions = new SessionRegistry(() -> 1_000,
                    () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12)));
            SessionQuota quota = new SessionQuota(rules, sessions, store);

            SessionQuota.Place first = quota.take("10.0.0.1", "ann", NOW);
            SessionQuota.Place second = quota.take("10.0.0.1", "bob", NOW);
            assertTooMany(() -> quota.take("10.0.0.1", "cid", NOW), "this address already holds 2");

            first.release(); // that login failed: its place is free again
            SessionQuota.Place third = quota.take("10.0.0.1", "cid", NOW);
            assertTooMany(() -> quota.take("10.0.0.1", "dan", NOW), "this address already holds 2");

            // a login whose session is open counts by its session, not twice
            sessions.open("bob", SessionOrigin.BROWSER, NOW, "10.0.0.1", "UA", null, "", id -> new byte[32], NOW);
            second.opened();
            assertTooMany(() -> quota.take("10.0.0.1", "dan", NOW), "this address already holds 2");
            second.release();
            second.release(); // given back once, however often it is called
            third.release();
            SessionQuota.Place fourth = quota.take("10.0.0.1", "dan", NOW);
            assertTooMany(() -> quota.take("10.0.0.1", "eve", NOW), "this address already holds 2");
            fourth.release();

            // per user: three places for one user, each from its own address
            List<SessionQuota.Place> held = List.of(quota.take("10.0.1.1", "fay", NOW), quota.take("10.0.1.2", "fay", NOW),
                    quota.take("10.0.1.3", "fay", NOW));
            assertTooMany(() -> quota.take("10.0.1.4", "fay", NOW), "this user already holds 3");
            held.get(1).release();
            held.get(1).release();
            assertThat(quota.take("10.0.1.4", "fay", NOW)).as("one given back, once").isNotNull();
            assertTooMany(() -> quota.take("10.0.1.5", "fay", NOW), "this user already holds 3");
        }
    }

    @Test
    void inAClusterAPlaceHeldOnOneNodeCountsOnTheOther() throws Exception {
        try (dev.palisade.state.redis.RedisServer redis = dev.palisade.state.redis.RedisServer.start(
                java.nio.file.Files.createDirectories(dir.resolve("redis")));
             dev.palisade.state.redis.RedisHotState a = dev.palisade.state.redis.RedisHotState.connect(redis.uri(), null, null);
             dev.palisade.state.redis.RedisHotState b = dev.palisade.state.redis.RedisHotState.connect(redis.uri(), null, null)) {
            dev.palisade.state.redis.ClusterKey key = dev.palisade.state.redis.ClusterKey.of(new byte[32]);
            try (dev.palisade.engine.store.Store onA = a.store(SqliteStore.open(java.nio.file.Files.createDirectories(dir.resolve("a"))), key);
                 dev.palisade.engine.store.Store onB = b.store(SqliteStore.open(java.nio.file.Files.createDirectories(dir.resolve("b"))), key)) {
                LiveSequenceRules rulesA = new LiveSequenceRules(onA, true);
                rulesA.replace(List.of(new SequenceRule.MaxSessions(2, 0)));
                LiveSequenceRules rulesB = new LiveSequenceRules(onB, true);
                rulesB.reload();
                SessionQuota quotaA = new SessionQuota(rulesA, registry(), onA);
                SessionQuota quotaB = new SessionQuota(rulesB, registry(), onB);

                SessionQuota.Place first = quotaA.take("10.0.0.1", "ann", NOW);
                SessionQuota.Place second = quotaB.take("10.0.0.1", "bob", NOW);
                assertTooMany(() -> quotaA.take("10.0.0.1", "cid", NOW), "this address already holds 2");
                assertTooMany(() -> quotaB.take("10.0.0.1", "cid", NOW), "this address already holds 2");
                first.release();
                SessionQuota.Place third = quotaB.take("10.0.0.1", "cid", NOW);
                assertTooMany(() -> quotaA.take("10.0.0.1", "dan", NOW), "this address already holds 2");
                second.release();
                third.release();
                quotaA.take("10.0.0.1", "dan", NOW).release();
                // a place a node never gave back (it stopped) is counted until its hold is over
                quotaA.take("10.0.0.1", "eve", NOW);
                quotaA.take("10.0.0.1", "fay", NOW);
                assertTooMany(() -> quotaB.take("10.0.0.1", "gus", NOW + SessionQuota.HOLD_MILLIS - 1), "holds 2");
                assertThat(quotaB.take("10.0.0.1", "gus", NOW + SessionQuota.HOLD_MILLIS)).isNotNull();

                // sessions saved on either node count while live: not idle for 30 minutes, not older than 12 hours
                long minute = 60_000;
                onA.saveSessions(List.of(
                        record("live", "10.0.0.3", NOW - 60 * minute, NOW - 29 * minute),
                        record("idle", "10.0.0.3", NOW - 60 * minute, NOW - 30 * minute - 1),
                        record("old", "10.0.0.3", NOW - 12 * 60 * minute, NOW - minute)));
                SessionQuota.Place beside = quotaB.take("10.0.0.3", "jo", NOW);
                assertTooMany(() -> quotaB.take("10.0.0.3", "kim", NOW), "this address already holds 2");
                beside.release();
                onA.saveSessions(List.of(record("young", "10.0.0.3", NOW - 12 * 60 * minute + 1, NOW - minute)));
                assertTooMany(() -> quotaB.take("10.0.0.3", "kim", NOW), "this address already holds 2");

                // while Redis is away a login's count fails (state_unavailable); those tries hold nothing here after
                redis.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> quotaA.take("10.0.0.2", "hal", NOW)).isNotInstanceOf(Denial.class);
                }
                redis.start();
                assertThat(dev.palisade.state.redis.RedisServer.onceBack(() -> quotaA.take("10.0.0.2", "hal", NOW)))
                        .as("the first place of two, once Redis is back").isNotNull();
                assertThat(quotaA.take("10.0.0.2", "ian", NOW)).as("the second place of two").isNotNull();
            }
        }
    }

    private static dev.palisade.engine.session.SessionRecord record(String id, String ip, long createdAt, long lastSeenAt) {
        return new dev.palisade.engine.session.SessionRecord(id, "owner-of-" + id, SessionOrigin.BROWSER, createdAt, createdAt,
                ip, "UA", lastSeenAt, 1, 0, new byte[32], null, "");
    }

    @Test
    void aRuleForUsersAloneLeavesAddressesFreeAndOneForAddressesAloneLeavesUsersFree() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            LiveSequenceRules rules = new LiveSequenceRules(store, true);
            SessionQuota quota = new SessionQuota(rules, registry(), store);
            rules.replace(List.of(new SequenceRule.MaxSessions(0, 1)));
            quota.take("10.0.0.1", "ann", NOW);
            quota.take("10.0.0.1", "bob", NOW);
            assertTooMany(() -> quota.take("10.0.0.2", "ann", NOW), "this user already holds 1");
            rules.replace(List.of(new SequenceRule.MaxSessions(1, 0)));
            quota.take("10.0.0.3", "cid", NOW);
            assertTooMany(() -> quota.take("10.0.0.3", "dan", NOW), "this address already holds 1");
            quota.take("10.0.0.4", "cid", NOW);
        }
    }

    private static SessionRegistry registry() {
        return new SessionRegistry(() -> 1_000, () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12)));
    }

    @Test
    void withoutARuleNothingIsHeld() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            LiveSequenceRules rules = new LiveSequenceRules(store, true);
            rules.replace(List.of());
            SessionRegistry sessions = new SessionRegistry(() -> 1_000,
                    () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12)));
            assertThat(new SessionQuota(rules, sessions, store).take("10.0.0.1", "ann", NOW)).isNull();
        }
    }

    private static void assertTooMany(org.assertj.core.api.ThrowableAssert.ThrowingCallable take, String detail) {
        assertThatThrownBy(take).isInstanceOfSatisfying(Denial.class, d -> {
            assertThat(d.reason()).isEqualTo(Reason.TOO_MANY_SESSIONS);
            assertThat(d.getMessage()).contains(detail);
        });
    }
}
