package dev.palisade.engine.session;

import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallHistoryTest {

    @Test
    void keepsTheLastCallsNewestFirst() {
        CallHistory history = new CallHistory(3);
        for (int i = 1; i <= 5; i++) history.add(0, i, "GET", "/api/notes/" + i, i == 5 ? Reason.INVALID_TOKEN : Reason.ALLOWED);
        assertThat(history.snapshot(0)).extracting(Call::path)
                .containsExactly("/api/notes/5", "/api/notes/4", "/api/notes/3");
        assertThat(history.snapshot(0).get(0)).satisfies(c -> {
            assertThat(c.code()).isEqualTo("invalid_token");
            assertThat(c.status()).isEqualTo(401);
            assertThat(c.at()).isEqualTo(5);
        });
    }

    @Test
    void emptyHistoryIsEmpty() {
        assertThat(new CallHistory(16).snapshot(0)).isEmpty();
    }

    @Test
    void theLastAllowedMatchingCallCountsFromItsExactTimeOn() {
        CallHistory history = new CallHistory(8);
        history.add(0, 100, "GET", "/api/cart", Reason.ALLOWED);
        history.add(0, 200, "GET", "/api/cart", Reason.RATE_LIMITED);
        history.add(0, 300, "POST", "/api/cart", Reason.ALLOWED);
        history.add(0, 400, "GET", "/api/notes", Reason.ALLOWED);
        assertThat(history.lastAllowed(0, "GET", "/api/cart"::equals, 100)).as("a call at exactly since counts").isEqualTo(100);
        assertThat(history.lastAllowed(0, "GET", "/api/cart"::equals, 101)).isEqualTo(-1);
        assertThat(history.lastAllowed(0, "POST", "/api/cart"::equals, 0)).isEqualTo(300);
        assertThat(history.lastAllowed(0, "GET", p -> p.startsWith("/api/"), 0)).isEqualTo(400);
        assertThat(history.lastAllowed(0, "DELETE", p -> true, 0)).isEqualTo(-1);
    }

    @Test
    void callsAreKeptRelativeToTheSessionsStartToTheMillisecond() {
        long began = 1_764_000_000_000L;
        CallHistory history = new CallHistory(4);
        history.add(began, began + 29L * 24 * 3_600_000 + 7, "DELETE", "/api/notes/9", Reason.ALLOWED);
        history.add(began, began - 5, "PATCH", "/api/notes/9", Reason.ALLOWED);
        assertThat(history.snapshot(began)).extracting(Call::at, Call::method)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(began, "PATCH"),
                        org.assertj.core.groups.Tuple.tuple(began + 29L * 24 * 3_600_000 + 7, "DELETE"));
        assertThat(history.lastAllowed(began, "DELETE", "/api/notes/9"::equals, began)).isEqualTo(began + 29L * 24 * 3_600_000 + 7);
    }

    @Test
    void everyReasonAndMethodFitsItsBits() {
        assertThat(Reason.values().length).as("reasons in %d bits", CallHistory.REASON_BITS).isLessThanOrEqualTo(1 << CallHistory.REASON_BITS);
        assertThat(CallHistory.METHODS.length).isLessThan(15);
        CallHistory history = new CallHistory(Reason.values().length);
        for (Reason r : Reason.values()) history.add(0, r.ordinal(), "GET", "/", r);
        List<String> newestFirst = new java.util.ArrayList<>(java.util.Arrays.stream(Reason.values()).map(Reason::code).toList());
        java.util.Collections.reverse(newestFirst);
        assertThat(history.snapshot(0)).extracting(Call::code).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void anUnusualMethodOrAPathWithoutANumberIsKeptAsItsString() {
        String longPath = "/api/" + "x".repeat(CallPaths.LONGEST);
        CallHistory history = new CallHistory(3);
        history.add(0, 1, "PROPFIND", "/api/notes", Reason.ALLOWED);
        history.add(0, 2, "GET", "/api/cart", Reason.ALLOWED);
        history.add(0, 3, "GET", longPath, Reason.ALLOWED);
        assertThat(history.snapshot(0)).extracting(Call::method, Call::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", longPath),
                org.assertj.core.groups.Tuple.tuple("GET", "/api/cart"),
                org.assertj.core.groups.Tuple.tuple("PROPFIND", "/api/notes"));
        assertThat(history.lastAllowed(0, "PROPFIND", "/api/notes"::equals, 0)).isEqualTo(1);
        assertThat(history.lastAllowed(0, "GET", longPath::equals, 0)).isEqualTo(3);
        history.add(0, 4, "GET", "/api/notes", Reason.ALLOWED); // takes the PROPFIND's slot: its strings go
        assertThat(history.snapshot(0)).extracting(Call::method, Call::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/api/notes"),
                org.assertj.core.groups.Tuple.tuple("GET", longPath),
                org.assertj.core.groups.Tuple.tuple("GET", "/api/cart"));
    }

    @Test
    void pathsAreNumberedOnceUntilTheTableIsFull() {
        CallPaths paths = new CallPaths();
        int first = paths.numberOf("/api/notes");
        assertThat(first).isNotEqualTo(CallPaths.NONE);
        assertThat(paths.numberOf(new String("/api/notes"))).isEqualTo(first);
        assertThat(paths.path(first)).isEqualTo("/api/notes");
        assertThat(paths.numberOf("/" + "x".repeat(CallPaths.LONGEST - 1))).as("the longest numbered").isNotEqualTo(CallPaths.NONE);
        assertThat(paths.numberOf("/" + "x".repeat(CallPaths.LONGEST))).as("one longer").isEqualTo(CallPaths.NONE);
        for (int i = 2; i < CallPaths.CAPACITY; i++) assertThat(paths.numberOf("/api/notes/" + i)).isNotEqualTo(CallPaths.NONE);
        assertThat(paths.numberOf("/api/one-too-many")).isEqualTo(CallPaths.NONE);
        assertThat(paths.numberOf("/api/notes/7")).as("a numbered path keeps its number").isNotEqualTo(CallPaths.NONE);
        assertThat(paths.path(paths.numberOf("/api/notes/" + (CallPaths.CAPACITY - 1)))).isEqualTo("/api/notes/" + (CallPaths.CAPACITY - 1));
    }

    @Test
    void keysAndTokensNeverPrintTheirSecrets() {
        SigningKey key = new SigningKey("k1", "super-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5, 0);
        assertThat(key.toString()).isEqualTo("SigningKey[k1, createdAt=5, retiredAt=0]");
        IssuedToken token = new IssuedToken("eyJhbGciOi.secret.part", 99, "k1");
        assertThat(token.toString()).isEqualTo("IssuedToken[kid=k1, expiresAt=99]");
    }

    @Test
    void signingKeysAreEqualOnlyWhenEveryFieldIs() {
        SigningKey key = new SigningKey("k1", new byte[] {1, 2}, 5, 0);
        assertThat(key).isEqualTo(new SigningKey("k1", new byte[] {1, 2}, 5, 0)).hasSameHashCodeAs(new SigningKey("k1", new byte[] {1, 2}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k2", new byte[] {1, 2}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k1", new byte[] {1, 3}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k1", new byte[] {1, 2}, 6, 0));
        assertThat(key).isNotEqualTo(key.retire(7));
        assertThat(key).isNotEqualTo("k1");
    }

    @Test
    void aGrowingRingKeepsEveryCallAndItsSpelledStringsInOrder() {
        for (int capacity : new int[] {3, CallHistory.STEP, 6, 16}) {
            CallHistory history = new CallHistory(capacity);
            List<String> made = new java.util.ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                String method = i % 3 == 0 ? "PROPFIND" : "GET"; // every third kept as its string
                history.add(0, i, method, "/api/notes/" + i, Reason.ALLOWED);
                made.add(0, method + " /api/notes/" + i);
                assertThat(history.snapshot(0)).as("capacity %d after %d calls", capacity, i)
                        .extracting(c -> c.method() + " " + c.path())
                        .containsExactlyElementsOf(made.subList(0, Math.min(i, capacity)));
                assertThat(history.lastAllowed(0, method, ("/api/notes/" + i)::equals, 0)).isEqualTo(i);
            }
        }
    }

    @Test
    void aHistoryKeepsOneToMaxCapacityCalls() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallHistory(0)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallHistory(CallHistory.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        CallHistory largest = new CallHistory(CallHistory.MAX_CAPACITY);
        for (int i = 1; i <= CallHistory.MAX_CAPACITY + 5; i++) largest.add(0, i, "GET", "/api/notes", Reason.ALLOWED);
        assertThat(largest.snapshot(0)).hasSize(CallHistory.MAX_CAPACITY).first().extracting(Call::at)
                .isEqualTo((long) CallHistory.MAX_CAPACITY + 5);
        assertThat(largest.snapshot(0).get(CallHistory.MAX_CAPACITY - 1).at()).isEqualTo(6);
        CallHistory one = new CallHistory(1);
        one.add(0, 1, "GET", "/a", Reason.ALLOWED);
        one.add(0, 2, "GET", "/b", Reason.ALLOWED);
        assertThat(one.snapshot(0)).extracting(Call::path).containsExactly("/b");
    }
}
