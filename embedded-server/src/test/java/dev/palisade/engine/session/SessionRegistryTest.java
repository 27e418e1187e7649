package dev.palisade.engine.session;

import dev.palisade.engine.fingerprint.FingerprintPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionRegistryTest {

    private final SessionRegistry registry = new SessionRegistry(() -> 1_000,
            () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));

    private Session open(String user, String ip, long now) {
        return registry.open(user, SessionOrigin.BROWSER, now, ip, "ua",
                FingerprintPolicy.defaults().capture(ip, h -> null), "", id -> new byte[32], now);
    }

    @Test
    void aRevocationTheClustersFeedAppliesWhileItIsStoredIsStillCountedAsThisCallsOwn() {
        Session alice = open("alice", "10.0.0.1", 0);
        // the node's feed reads the stored revocation and applies it before the call that stored it does
        assertThat(registry.revokeUser("alice", 1_000, records -> registry.revoke(alice.id(), 1_000)))
                .containsExactly(alice.id());
        assertThat(alice.isRevoked()).isTrue();
        assertThat(registry.revokeUser("alice", 2_000, records -> {})).as("nothing left to revoke").isEmpty();
    }

    @Test
    void onlyTheUsersEightNewestSessionsStillLiveVouchForAClient() {
        for (int i = 0; i <= 8; i++) open("alice", "10.0.0." + i, i); // 10.0.0.0 is the oldest of nine
        open("bob", "10.0.0.20", 9);
        java.util.function.Function<String, java.util.function.Predicate<Session>> from = ip -> s -> s.clientIp().equals(ip);

        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.8"))).as("the newest").isTrue();
        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.1"))).as("the eighth newest").isTrue();
        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.0"))).as("the ninth newest").isFalse();
        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.20"))).as("bob's session is not hers").isFalse();
        assertThat(registry.anyOfLast("nobody", 8, s -> true)).as("a user without sessions").isFalse();

        Session newest = registry.all().stream().filter(s -> s.clientIp().equals("10.0.0.8")).findFirst().orElseThrow();
        registry.revoke(newest.id(), 10);
        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.8"))).as("revoked").isFalse();
        assertThat(registry.anyOfLast("alice", 8, from.apply("10.0.0.1"))).as("still among the eight newest").isTrue();
    }

    @Test
    void liveSessionsAreCountedPerAddressAndPerUser() {
        open("alice", "10.0.0.1", 0);
        open("alice", "10.0.0.2", 0);
        Session bob = open("bob", "10.0.0.1", 0);
        open("carol", "10.0.0.3", 0);
        assertThat(registry.countLive("10.0.0.1", "alice", 1_000)).containsExactly(2, 2);
        assertThat(registry.countLive("10.0.0.9", "nobody", 1_000)).containsExactly(0, 0);
        registry.revoke(bob.id(), 1_000);
        assertThat(registry.countLive("10.0.0.1", "bob", 2_000)).as("revoked is not live").containsExactly(1, 0);
    }

    @Test
    void sweptSessionsLeaveTheCountsAndRevokingAUserReachesAllItsSessions() {
        open("alice", "10.0.0.1", 0);
        open("alice", "10.0.0.1", 0);
        long idle = Duration.ofMinutes(31).toMillis();
        Session fresh = open("alice", "10.0.0.1", idle);
        assertThat(registry.sweep(idle)).hasSize(2);
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.countLive("10.0.0.1", "alice", idle)).containsExactly(1, 1);
        assertThat(registry.revokeUser("alice", idle, records -> {})).containsExactly(fresh.id());
        assertThat(registry.countLive("10.0.0.1", "alice", idle)).containsExactly(0, 0);
        open("dave", "10.0.0.1", idle);
        assertThat(registry.countLive("10.0.0.1", "dave", idle)).containsExactly(1, 1);
    }

    @Test
    void revokingWhatAnApiKeyOpenedStoresThoseSessionsFirstAndRevokesNoOther() {
        Session robot = registry.open("alice", SessionOrigin.API_KEY, "k1", 0, "10.0.0.1", "", null, "", id -> new byte[32], 0);
        Session other = registry.open("alice", SessionOrigin.API_KEY, "k2", 0, "10.0.0.1", "", null, "", id -> new byte[32], 0);
        Session unnamed = registry.open("alice", SessionOrigin.API_KEY, 0, "10.0.0.1", "", null, "", id -> new byte[32], 0);
        Session browser = open("alice", "10.0.0.1", 0);

        assertThatThrownBy(() -> registry.revokeOpenedBy("k1", 1_000, records -> { throw new IllegalStateException("store away"); }))
                .hasMessage("store away");
        assertThat(robot.isRevoked()).as("not stored: not revoked here either").isFalse();

        java.util.List<SessionRecord> stored = new java.util.ArrayList<>();
        assertThat(registry.revokeOpenedBy("k1", 1_000, stored::addAll)).containsExactly(robot.id());
        assertThat(stored).singleElement().satisfies(r -> {
            assertThat(r.apiKeyId()).isEqualTo("k1");
            assertThat(r.revokedAt()).isEqualTo(1_000);
        });
        assertThat(robot.isRevoked()).isTrue();
        assertThat(java.util.List.of(other, unnamed, browser)).noneMatch(Session::isRevoked);
        assertThat(registry.revokeOpenedBy("", 1_000, stored::addAll)).as("no key has an empty id").isEmpty();
    }

    @Test
    void onlyALaterAllowedCallMovesLastSeenAndEveryCallIsCounted() {
        Session s = open("alice", "10.0.0.1", 1_000);
        assertThat(s.lastSeenAt()).isEqualTo(1_000);
        s.recordCall(5_000, "GET", "/api/notes", dev.palisade.engine.Reason.ALLOWED);
        assertThat(s.lastSeenAt()).isEqualTo(5_000);
        s.recordCall(4_000, "GET", "/api/notes", dev.palisade.engine.Reason.ALLOWED); // a slower thread's earlier call
        assertThat(s.lastSeenAt()).isEqualTo(5_000);
        s.recordCall(9_000, "GET", "/api/notes", dev.palisade.engine.Reason.RATE_LIMITED);
        assertThat(s.lastSeenAt()).as("a denied call keeps nothing alive").isEqualTo(5_000);
        assertThat(s.calls()).isEqualTo(3);
        assertThat(s.lastCalls()).hasSize(3);
    }

    @Test
    void aRevocationHappensOnceAndKeepsItsFirstTime() {
        Session s = open("alice", "10.0.0.1", 0);
        assertThat(registry.revoke(s.id(), 1_000)).isTrue();
        assertThat(registry.revoke(s.id(), 2_000)).isFalse();
        assertThat(s.revokedAt()).isEqualTo(1_000);
        assertThat(registry.revoke("no-such-session", 2_000)).isFalse();
    }

    @Test
    void aRememberedTokenMatchesOnlyItselfAndOnlyUntilItsTime() {
        Session s = open("alice", "10.0.0.1", 0);
        byte[] digest = new byte[32];
        digest[0] = 7;
        assertThat(s.matchVerifiedToken(digest, 0)).as("nothing remembered yet").isNull();
        registry.rememberVerifiedToken(s, digest, 10_000, "k1");
        assertThat(registry.byVerifiedToken(digest)).isSameAs(s);
        assertThat(s.matchVerifiedToken(digest.clone(), 9_999)).isEqualTo("k1");
        assertThat(s.matchVerifiedToken(digest, 10_000)).isNull();
        byte[] other = digest.clone();
        other[31] = 1;
        assertThat(s.matchVerifiedToken(other, 0)).isNull();
        registry.revoke(s.id(), 1);
        assertThat(s.matchVerifiedToken(digest, 0)).as("revoking forgets it").isNull();
        assertThat(registry.byVerifiedToken(digest)).isNull();
    }

    @Test
    void onlyChangedSessionsAreCheckpointed() {
        Session a = open("alice", "10.0.0.1", 0);
        open("bob", "10.0.0.2", 0);
        assertThat(registry.checkpointDirty()).as("a new session is saved by its login").isEmpty();
        a.recordCall(10, "GET", "/api/notes", dev.palisade.engine.Reason.ALLOWED);
        assertThat(registry.checkpointDirty()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(a.id());
            assertThat(r.calls()).isEqualTo(1);
            assertThat(r.lastSeenAt()).isEqualTo(10);
        });
        assertThat(registry.checkpointDirty()).as("nothing changed since").isEmpty();
    }

    @Test
    void sessionsOfOneUserOrAddressShareItsString() {
        Session first = open(new String("alice"), new String("10.0.0.1"), 0);
        Session second = open(new String("alice"), new String("10.0.0.1"), 0);
        Session other = open(new String("alice"), new String("10.0.0.2"), 0);
        assertThat(second.user()).isSameAs(first.user()).isSameAs(other.user());
        assertThat(second.clientIp()).isSameAs(first.clientIp()).isNotSameAs(other.clientIp());
        assertThat(other.clientIp()).isEqualTo("10.0.0.2");
    }

    @Test
    void rememberedInputsShareTheBoundFingerprintsStrings() {
        Session s = open("alice", "10.0.0.1", 0);
        String boundNetwork = s.fingerprint().components().get("ip");
        String[] inputs = {new String(boundNetwork), null, "other"};
        Object policy = new Object();
        s.rememberMatch(policy, inputs, s.fingerprint());
        assertThat(inputs[0]).isSameAs(boundNetwork);
        assertThat(inputs[2]).isEqualTo("other");
        assertThat(s.matchedBefore(policy, new String[] {boundNetwork, null, "other"})).isTrue();
        assertThat(s.matchedBefore(new Object(), new String[] {boundNetwork, null, "other"})).isFalse();
        assertThat(s.matchedBefore(policy, new String[] {boundNetwork, null, "another"})).isFalse();
    }

    @Test
    void aRevokedSessionIsKeptUntilItsAbsoluteLifetimeEnds() {
        Session s = open("alice", "10.0.0.1", 0);
        registry.revoke(s.id(), 1_000);
        long end = Duration.ofHours(8).toMillis();
        assertThat(registry.sweep(end - 1)).isEmpty();
        assertThat(registry.get(s.id())).as("its tokens keep meeting 'revoked'").isSameAs(s);
        assertThat(registry.sweep(end)).containsExactly(s.id());
        assertThat(registry.get(s.id())).isNull();
    }

    /*
     * Audit path57 I1: a token verified while its session was being revoked or swept was filed after the revocation or
     * the sweep had taken the digest out, and stayed: for the session's lifetime, or for good once it was swept.
     */
    @Test
    void aTokenVerifiedForASessionRevokedOrSweptMeanwhileIsNotFiled() {
        Session revoked = open("alice", "10.0.0.1", 0);
        registry.revoke(revoked.id(), 1);
        byte[] digest = new byte[32];
        digest[0] = 1;
        registry.rememberVerifiedToken(revoked, digest, 10_000, "k1");
        assertThat(registry.byVerifiedToken(digest)).as("revoked").isNull();
        assertThat(revoked.matchVerifiedToken(digest, 0)).isNull();

        Session swept = open("bob", "10.0.0.2", 0);
        assertThat(registry.sweep(Duration.ofHours(9).toMillis())).contains(swept.id());
        digest[0] = 2;
        registry.rememberVerifiedToken(swept, digest, Long.MAX_VALUE, "k1");
        assertThat(registry.byVerifiedToken(digest)).as("swept").isNull();

        Session live = open("carol", "10.0.0.3", Duration.ofHours(9).toMillis());
        digest[0] = 3;
        registry.rememberVerifiedToken(live, digest, Long.MAX_VALUE, "k1");
        assertThat(registry.byVerifiedToken(digest)).as("a live one is filed").isSameAs(live);
    }

    @Test
    void aSweptSessionIsGoneFromTheCountsEvenIfThePolicyLaterWouldKeepItAlive() {
        java.util.concurrent.atomic.AtomicReference<SessionPolicy> policy = new java.util.concurrent.atomic.AtomicReference<>(
                new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        SessionRegistry r = new SessionRegistry(() -> 1_000, policy::get);
        Session s = r.open("alice", SessionOrigin.BROWSER, 0, "10.0.0.1", "ua",
                FingerprintPolicy.defaults().capture("10.0.0.1", h -> null), "", id -> new byte[32], 0);
        byte[] digest = new byte[32];
        r.rememberVerifiedToken(s, digest, Long.MAX_VALUE, "k1");
        long idle = Duration.ofMinutes(30).toMillis();
        assertThat(r.sweep(idle - 1)).isEmpty();
        assertThat(r.sweep(idle)).containsExactly(s.id());
        policy.set(new SessionPolicy(Duration.ofHours(2), Duration.ofHours(8)));
        assertThat(r.countLive("10.0.0.1", "alice", idle)).containsExactly(0, 0);
        assertThat(r.byVerifiedToken(digest)).isNull();
    }

    @Test
    void sweepingOneSessionOfAnAddressKeepsTheOthersCounted() {
        java.util.concurrent.atomic.AtomicReference<SessionPolicy> policy = new java.util.concurrent.atomic.AtomicReference<>(
                new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        SessionRegistry r = new SessionRegistry(() -> 1_000, policy::get);
        Session[] s = new Session[4];
        for (int i = 0; i < 4; i++) {
            s[i] = r.open("user" + i, SessionOrigin.BROWSER, 0, "10.0.0.1", "ua",
                    FingerprintPolicy.defaults().capture("10.0.0.1", h -> null), "", id -> new byte[32], 0);
        }
        long later = Duration.ofMinutes(20).toMillis();
        s[0].recordCall(later, "GET", "/api/notes", dev.palisade.engine.Reason.ALLOWED);
        s[3].recordCall(later, "GET", "/api/notes", dev.palisade.engine.Reason.ALLOWED);
        long idle = Duration.ofMinutes(30).toMillis();
        assertThat(r.sweep(idle)).containsExactlyInAnyOrder(s[1].id(), s[2].id()); // the middle two
        policy.set(new SessionPolicy(Duration.ofHours(2), Duration.ofHours(8)));
        assertThat(r.countLive("10.0.0.1", "user0", idle)).containsExactly(2, 1);
        assertThat(r.countLive("10.0.0.1", "user3", idle)).containsExactly(2, 1);
        assertThat(r.countLive("10.0.0.1", "user1", idle)).containsExactly(2, 0);
        r.sweep(later + idle);
        assertThat(r.countLive("10.0.0.1", "user0", later + idle)).containsExactly(2, 1);
    }

    @org.junit.jupiter.api.Test
    void aSessionFromAnotherNodeIsAdoptedOnceAndCountsHere() {
        SessionRegistry r = new SessionRegistry(() -> 10, () -> new SessionPolicy(java.time.Duration.ofMinutes(30),
                java.time.Duration.ofHours(8)));
        SessionRecord elsewhere = new SessionRecord("far", "zoe", SessionOrigin.BROWSER, 1, 1, "10.0.0.9", "UA", 1, 0, 0,
                new byte[32], null, null);
        Session adopted = r.adopt(elsewhere);
        org.assertj.core.api.Assertions.assertThat(adopted.id()).isEqualTo("far");
        org.assertj.core.api.Assertions.assertThat(r.adopt(elsewhere)).as("the same one again").isSameAs(adopted);
        org.assertj.core.api.Assertions.assertThat(r.get("far")).isSameAs(adopted);
        org.assertj.core.api.Assertions.assertThat(r.countLive("10.0.0.9", "zoe", 2)).containsExactly(1, 1);
        org.assertj.core.api.Assertions.assertThat(r.adopt(null)).isNull();

        // revoked on another node while this one was reading the record: the revocation is not lost
        org.assertj.core.api.Assertions.assertThat(r.revoke("late", 7)).isFalse();
        Session late = r.adopt(new SessionRecord("late", "zoe", SessionOrigin.BROWSER, 1, 1, "10.0.0.9", "UA", 1, 0, 0,
                new byte[32], null, null));
        org.assertj.core.api.Assertions.assertThat(late.isRevoked()).isTrue();
        org.assertj.core.api.Assertions.assertThat(late.toRecord().revokedAt()).isEqualTo(7);
    }

    @Test
    void aTokenLookupComparesTheWholeDigestNotItsHash() {
        Session a = open("alice", "10.0.0.1", 0);
        Session b = open("bob", "10.0.0.2", 0);
        byte[] digestA = new byte[32];
        byte[] digestB = new byte[32]; // the same first 31 bytes, so the same hash and the same probe run
        digestB[31] = 1;
        registry.rememberVerifiedToken(a, digestA, Long.MAX_VALUE, "k1");
        registry.rememberVerifiedToken(b, digestB, Long.MAX_VALUE, "k1");
        assertThat(registry.byVerifiedToken(digestA)).isSameAs(a);
        assertThat(registry.byVerifiedToken(digestB.clone())).isSameAs(b);
        byte[] neither = digestA.clone();
        neither[31] = 2;
        assertThat(registry.byVerifiedToken(neither)).isNull();
        assertThat(registry.byVerifiedToken(null)).isNull();
    }

    @Test
    void aNewlyVerifiedTokenReplacesTheSessionsLastOne() {
        Session s = open("alice", "10.0.0.1", 0);
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        second[0] = 9;
        registry.rememberVerifiedToken(s, first, Long.MAX_VALUE, "k1");
        registry.rememberVerifiedToken(s, second, Long.MAX_VALUE, "k2");
        assertThat(registry.byVerifiedToken(first)).as("the refreshed-away token").isNull();
        assertThat(registry.byVerifiedToken(second)).isSameAs(s);
        assertThat(s.matchVerifiedToken(second, 0)).isEqualTo("k2");
    }

    @Test
    void everySessionIsFoundByIdAndListedOnceAfterTheTablesGrow() {
        SessionRegistry big = new SessionRegistry(() -> 10_000,
                () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        java.util.List<Session> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Session s = big.open("u" + i, SessionOrigin.BROWSER, 0, "10.0.0.1", "ua",
                    FingerprintPolicy.defaults().capture("10.0.0.1", h -> null), "", id -> new byte[32], 0);
            byte[] digest = dev.palisade.engine.Secrets.sha256(s.id());
            big.rememberVerifiedToken(s, digest, Long.MAX_VALUE, "k1");
            opened.add(s);
        }
        assertThat(big.size()).isEqualTo(1_000);
        assertThat(big.all()).hasSize(1_000).containsExactlyInAnyOrderElementsOf(opened);
        for (Session s : opened) {
            assertThat(big.get(s.id())).isSameAs(s);
            assertThat(big.byVerifiedToken(dev.palisade.engine.Secrets.sha256(s.id()))).isSameAs(s);
        }
        assertThat(big.get("no-such-session")).isNull();
        assertThat(big.get(null)).isNull();
    }

    @Test
    void aRememberedTokenIsRefusedForADifferenceInAnyOfItsBytes() {
        Session s = open("alice", "10.0.0.1", 0);
        byte[] digest = dev.palisade.engine.Secrets.sha256("the token");
        registry.rememberVerifiedToken(s, digest, Long.MAX_VALUE, "k1");
        assertThat(s.matchVerifiedToken(digest.clone(), 0)).isEqualTo("k1");
        for (int i = 0; i < digest.length; i++) {
            byte[] other = digest.clone();
            other[i] ^= 1;
            assertThat(s.matchVerifiedToken(other, 0)).as("byte %d differs", i).isNull();
            assertThat(registry.byVerifiedToken(other)).as("byte %d differs", i).isNull();
        }
        assertThat(s.matchVerifiedToken(java.util.Arrays.copyOf(digest, 31), 0)).as("shorter").isNull();
        assertThat(s.matchVerifiedToken(java.util.Arrays.copyOf(digest, 33), 0)).as("longer").isNull();
        assertThat(s.matchVerifiedToken(null, 0)).isNull();
        assertThat(s.verifiedTokenDigest()).isEqualTo(digest);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.rememberVerifiedToken(s, new byte[16], 1, "k1"))
                .isInstanceOf(IllegalArgumentException.class);
        registry.revoke(s.id(), 1);
        assertThat(s.verifiedTokenDigest()).isNull();
        assertThat(s.matchVerifiedToken(digest, 0)).isNull();
    }

    @Test
    void aSessionThatNeverVerifiedATokenMatchesNone() {
        Session s = open("alice", "10.0.0.1", 0);
        assertThat(s.verifiedTokenDigest()).isNull();
        assertThat(s.matchVerifiedToken(new byte[32], 0)).as("all zeros is not 'no token'").isNull();
        assertThat(registry.byVerifiedToken(new byte[32])).isNull();
    }

    @Test
    void aRememberedFingerprintHashServesOnlyTheSaltItWasTakenWith() {
        Session s = open("alice", "10.0.0.1", 0);
        assertThat(s.fingerprintHash("k1")).as("none taken yet").isNull();
        byte[] hash = {1, 2, 3};
        s.rememberFingerprintHash(s.fingerprint(), "k1", hash);
        assertThat(s.fingerprintHash("k1")).isSameAs(hash);
        assertThat(s.fingerprintHash("k2")).as("the salt rotated: taken afresh").isNull();
    }

    /*
     * Audit conc55 L4: the cluster's feed revoked a session this node did not hold yet; a call's adopt of the record
     * it had read before took the session in between the feed's look and its remembering the revocation, so the
     * session stayed live here.
     */
    @Test
    void aRevocationThatFindsNoSessionWhileItIsAdoptedStillRevokesIt() {
        SessionRegistry other = new SessionRegistry(() -> 1_000, () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        SessionRecord opened = other.open("alice", SessionOrigin.BROWSER, 0, "10.0.0.1", "ua",
                FingerprintPolicy.defaults().capture("10.0.0.1", h -> null), "", id -> new byte[32], 0).toRecord();
        Session[] adopted = new Session[1];
        registry.foundNone = () -> adopted[0] = registry.adopt(opened); // the call's adopt, just then

        assertThat(registry.revoke(opened.id(), 1_000)).isTrue();

        assertThat(adopted[0].isRevoked()).as("adopted while the revocation looked").isTrue();
        assertThat(registry.get(opened.id()).isRevoked()).isTrue();
    }

    /*
     * Audit conc55 L5: logins that each found one place left all took it, past the registry's bound. Each login
     * waits, after its look, for all the others.
     */
    @Test
    void loginsRacingForTheLastPlaceTakeItOnce() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            SessionRegistry ten = new SessionRegistry(() -> 10, () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
            for (int i = 0; i < 9; i++) ten.open("u" + i, SessionOrigin.BROWSER, 0, "10.0.0.1", "ua", null, "", id -> new byte[32], 0);
            int racers = 16;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(racers);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
            try {
                List<java.util.concurrent.Future<String>> logins = new java.util.ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    String user = "racer" + i;
                    logins.add(pool.submit(() -> {
                        try {
                            ten.open(user, SessionOrigin.BROWSER, 0, "10.0.0.2", "ua", null, "", id -> {
                                try {
                                    together.await(); // the key is made for the session about to be added
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                return new byte[32];
                            }, 0);
                            return "opened";
                        } catch (dev.palisade.engine.Denial d) {
                            return d.reason().code();
                        }
                    }));
                }
                List<String> outcomes = new java.util.ArrayList<>();
                for (var login : logins) outcomes.add(login.get());
                assertThat(outcomes).filteredOn("opened"::equals).hasSize(1);
                assertThat(outcomes).filteredOn("session_capacity"::equals).hasSize(racers - 1);
                assertThat(ten.size()).isEqualTo(10);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    /* Audit conc55 L6: what a login's sweep removed is handed on by maintenance's, whose caller deletes the rows. */
    @Test
    void sessionsALoginsSweepRemovedAreHandedOnByTheNextSweep() {
        SessionRegistry two = new SessionRegistry(() -> 2, () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        Session a = two.open("a", SessionOrigin.BROWSER, 0, "10.0.0.1", "ua", null, "", id -> new byte[32], 0);
        Session b = two.open("b", SessionOrigin.BROWSER, 0, "10.0.0.1", "ua", null, "", id -> new byte[32], 0);
        long idle = Duration.ofMinutes(31).toMillis();
        two.open("c", SessionOrigin.BROWSER, idle, "10.0.0.1", "ua", null, "", id -> new byte[32], idle);

        assertThat(two.size()).isEqualTo(1);
        assertThat(two.sweep(idle)).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(two.sweep(idle)).as("once").isEmpty();
    }
}
