package dev.palisade.engine.rate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter on its own: windows of one scope side by side, and what the maintenance sweep forgets. */
class RateLimiterTest {

    private final AtomicReference<List<RateWindow>> windows = new AtomicReference<>();
    private final RateLimiter limiter = new RateLimiter(windows::get);

    @Test
    void eachWindowOfAScopeCountsInItsOwnSlot() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 100, 60, null), new RateWindow(Scope.SESSION, 3, 60, null),
                new RateWindow(Scope.IP, 100, 60, null), new RateWindow(Scope.IP, 4, 60, null)));
        WindowCounts session = new WindowCounts();
        for (int i = 0; i < 3; i++) assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.1", null, 1_000)).isNull();
        RateLimiter.Exceeded third = limiter.acquire("/api/notes", "s1", session, "10.0.0.1", null, 1_000);
        assertThat(third).isNotNull();
        assertThat(third.window().limit()).as("the second session window").isEqualTo(3);
        assertThat(third.key()).isEqualTo("s1");
        assertThat(limiter.acquire("/api/notes", "s2", new WindowCounts(), "10.0.0.1", null, 1_000)).as("another session").isNull();
        RateLimiter.Exceeded address = limiter.acquire("/api/notes", "s3", new WindowCounts(), "10.0.0.1", null, 1_000);
        assertThat(address.window().limit()).as("the second address window: 4 calls counted").isEqualTo(4);
        assertThat(address.key()).isEqualTo("10.0.0.1");
    }

    /* Audit 49: a call a later check (a sequence rule) refused stayed counted, and the person's next calls were refused 429. */
    @Test
    void aCallTakenBackLeavesRoomForTheNextInEachOfItsWindows() {
        // each scope's second window (slot 1) is the one that fills
        windows.set(List.of(new RateWindow(Scope.SESSION, 100, 60, null), new RateWindow(Scope.SESSION, 2, 60, "/api/orders"),
                new RateWindow(Scope.IP, 100, 60, null), new RateWindow(Scope.IP, 2, 60, null),
                new RateWindow(Scope.API_KEY, 100, 60, null), new RateWindow(Scope.API_KEY, 2, 60, null)));
        WindowCounts session = new WindowCounts();
        for (int i = 0; i < 2; i++) assertThat(limiter.acquire("/api/orders", "s1", session, "10.0.0.1", "k", 1_000)).isNull();
        limiter.release("/api/orders", session, "10.0.0.1", "k", 1_001);
        assertThat(limiter.acquire("/api/orders", "s1", session, "10.0.0.1", "k", 1_002)).as("room again in all three").isNull();
        assertThat(limiter.acquire("/api/orders", "s1", session, "10.0.0.1", "k", 1_003)).as("and no more").isNotNull();
        // a call to another route: out of the address's and the key's windows, not out of the session's on /api/orders
        limiter.release("/api/notes", session, "10.0.0.1", "k", 1_004);
        RateLimiter.Exceeded still = limiter.acquire("/api/orders", "s1", session, "10.0.0.1", "k", 1_005);
        assertThat(still).isNotNull();
        assertThat(still.window().route()).isEqualTo("/api/orders");
    }

    /*
     * Audit conc55 L2: a window was known by its whole definition, limit included, so an operator who lowered an
     * address's limit during an attack gave every caller a fresh count, and each its new limit's calls at once.
     */
    @Test
    void aLimitChangedKeepsTheCountsAndAWindowOfAnotherLengthOrRouteStartsAfresh() {
        windows.set(List.of(new RateWindow(Scope.IP, 10, 60, null), new RateWindow(Scope.SESSION, 10, 60, "/api/orders")));
        WindowCounts session = new WindowCounts();
        for (int i = 0; i < 8; i++) assertThat(limiter.acquire("/api/orders", "s1", session, "10.0.0.1", null, 1_000)).isNull();
        windows.set(List.of(new RateWindow(Scope.IP, 5, 60, null), new RateWindow(Scope.SESSION, 10, 60, "/api/orders")));
        RateLimiter.Exceeded lowered = limiter.acquire("/api/orders", "s2", new WindowCounts(), "10.0.0.1", null, 1_001);
        assertThat(lowered).as("8 calls counted against the address's new limit of 5").isNotNull();
        assertThat(lowered.window().limit()).isEqualTo(5);
        windows.set(List.of(new RateWindow(Scope.IP, 20, 60, null), new RateWindow(Scope.SESSION, 9, 60, "/api/orders")));
        assertThat(limiter.acquire("/api/orders", "s1", session, "10.0.0.2", null, 1_002)).as("the 9th of 9").isNull();
        RateLimiter.Exceeded session9 = limiter.acquire("/api/orders", "s1", session, "10.0.0.2", null, 1_003);
        assertThat(session9).as("the session's route window, its limit lowered to 9").isNotNull();
        assertThat(session9.key()).isEqualTo("s1");
        // another length is another count
        windows.set(List.of(new RateWindow(Scope.IP, 5, 30, null)));
        assertThat(limiter.acquire("/api/orders", "s3", new WindowCounts(), "10.0.0.1", null, 1_004)).isNull();
    }

    /*
     * Review 55 #5: the counts kept across a changed limit carried the window's "reported" mark, so the lowered
     * limit's refusals raised no rate_anomaly until the fixed window rolled over (up to a day for a day's window).
     */
    @Test
    void aChangedLimitsFirstRefusalIsReportedAgain() {
        windows.set(List.of(new RateWindow(Scope.IP, 3, 60, null)));
        for (int i = 0; i < 3; i++) assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_000)).isNull();
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_001).firstInWindow()).isTrue();
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_002).firstInWindow()).as("once a window").isFalse();
        windows.set(List.of(new RateWindow(Scope.IP, 2, 60, null)));
        RateLimiter.Exceeded lowered = limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_003);
        assertThat(lowered.window().limit()).isEqualTo(2);
        assertThat(lowered.firstInWindow()).as("the new limit's first refusal").isTrue();
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_004).firstInWindow()).isFalse();
    }

    /* Review 56: two windows that count the same calls under two limits keep each its own mark across a change. */
    @Test
    void twoLimitsOfOneWindowKeepTheirOwnMarksWhenOtherWindowsChange() {
        RateWindow five = new RateWindow(Scope.IP, 5, 60, null);
        RateWindow ten = new RateWindow(Scope.IP, 10, 60, null);
        windows.set(List.of(five, ten));
        for (int i = 0; i < 5; i++) assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_000)).isNull();
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_001).firstInWindow()).isTrue();
        windows.set(List.of(five, ten, new RateWindow(Scope.SESSION, 100, 60, null))); // an unrelated change
        RateLimiter.Exceeded again = limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 1_002);
        assertThat(again.window().limit()).isEqualTo(5);
        assertThat(again.firstInWindow()).as("the 5/60 window was reported already").isFalse();
    }

    @Test
    void eachWindowOfAnApiKeyCountsInItsOwnSlot() {
        windows.set(List.of(new RateWindow(Scope.API_KEY, 100, 60, null), new RateWindow(Scope.API_KEY, 2, 60, null)));
        for (int i = 0; i < 2; i++) assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", "reports", 1_000)).isNull();
        RateLimiter.Exceeded third = limiter.acquire("/api/notes", null, null, "10.0.0.2", "reports", 1_000);
        assertThat(third).as("the second key window, from another address").isNotNull();
        assertThat(third.window().limit()).isEqualTo(2);
        assertThat(third.key()).isEqualTo("reports");
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", "billing", 1_000)).as("another key").isNull();
    }

    @Test
    void whenWindowsOfTwoScopesAreExceededAtOnceTheFirstConfiguredIsTold() {
        for (boolean addressFirst : new boolean[] {true, false}) {
            RateWindow address = new RateWindow(Scope.IP, 2, 60, null);
            RateWindow session = new RateWindow(Scope.SESSION, 2, 60, null);
            RateWindow roomy = new RateWindow(Scope.SESSION, 100, 60, null);
            windows.set(addressFirst ? List.of(roomy, address, session) : List.of(roomy, session, address));
            RateLimiter fresh = new RateLimiter(windows::get);
            WindowCounts counts = new WindowCounts();
            for (int i = 0; i < 2; i++) assertThat(fresh.acquire("/api/notes", "s1", counts, "10.0.0.9", null, 1_000)).isNull();
            RateLimiter.Exceeded third = fresh.acquire("/api/notes", "s1", counts, "10.0.0.9", null, 1_000);
            assertThat(third.window()).as("both are exceeded; address first: %s", addressFirst)
                    .isEqualTo(addressFirst ? address : session);
            assertThat(third.key()).isEqualTo(addressFirst ? "10.0.0.9" : "s1");
            assertThat(third.observed()).isEqualTo(3.0);
        }
    }

    @Test
    void aCallRefusedByOneScopesWindowCountsInNoOtherScopes() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 2, 60, null), new RateWindow(Scope.IP, 3, 60, null),
                new RateWindow(Scope.API_KEY, 3, 60, null)));
        WindowCounts busy = new WindowCounts();
        for (int i = 0; i < 2; i++) assertThat(limiter.acquire("/api/notes", "s1", busy, "10.0.0.2", "key-2", 1_000)).isNull();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("/api/notes", "s1", busy, "10.0.0.2", "key-2", 1_000).key()).as("the session's window")
                    .isEqualTo("s1");
        }
        WindowCounts other = new WindowCounts();
        assertThat(limiter.acquire("/api/notes", "s2", other, "10.0.0.2", "key-2", 1_000))
                .as("the address and the key counted the two allowed calls only").isNull();
        RateLimiter.Exceeded next = limiter.acquire("/api/notes", "s2", other, "10.0.0.2", "key-2", 1_000);
        assertThat(next.key()).as("now the address's window").isEqualTo("10.0.0.2");
        assertThat(limiter.acquire("/api/notes", "s3", new WindowCounts(), "10.0.0.3", "key-2", 1_000).key())
                .as("and the key's, from another address").isEqualTo("key-2");
    }

    @Test
    void aCallCountedByOneKeyAndRefusedByAnotherIsTakenBackFromTheFirst() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 3, 60, null), new RateWindow(Scope.IP, 2, 60, null),
                new RateWindow(Scope.API_KEY, 3, 60, null)));
        WindowCounts session = new WindowCounts();
        for (int i = 0; i < 2; i++) assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.1", "key-1", 1_000)).isNull();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.1", "key-1", 1_000).key())
                    .as("the address's window, after the session's counted it").isEqualTo("10.0.0.1");
        }
        assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.2", "key-1", 1_000))
                .as("the session and the key counted two calls, not five").isNull();
        assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.3", "key-2", 1_000).key()).isEqualTo("s1");
        WindowCounts other = new WindowCounts();
        assertThat(limiter.acquire("/api/notes", "s2", other, "10.0.0.2", "key-1", 1_000).key())
                .as("the key's third call: refused by the key after the session and the address counted it").isEqualTo("key-1");
        assertThat(limiter.acquire("/api/notes", "s2", other, "10.0.0.2", "key-3", 1_000))
                .as("the address took it back: one call of its two").isNull();
        assertThat(limiter.acquire("/api/notes", "s2", other, "10.0.0.2", "key-3", 1_000).key()).isEqualTo("10.0.0.2");
    }

    @Test
    void aRefusedCallFilesNoNewAddressOrKey() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 1, 60, null), new RateWindow(Scope.IP, 5, 60, null),
                new RateWindow(Scope.API_KEY, 5, 60, null)));
        WindowCounts session = new WindowCounts();
        assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0.1", "key-1", 1_000)).isNull();
        assertThat(limiter.keysKept()).isEqualTo(2);
        for (int i = 2; i < 50; i++) {
            assertThat(limiter.acquire("/api/notes", "s1", session, "10.0.0." + i, "key-" + i, 1_000)).isNotNull();
        }
        assertThat(limiter.keysKept()).as("a session hopping addresses and keys, refused each time").isEqualTo(2);
    }

    @Test
    void theSweepForgetsIdleAddressesAndKeepsTheCountsOfActiveOnes() {
        windows.set(List.of(new RateWindow(Scope.IP, 3, 60, null), new RateWindow(Scope.API_KEY, 3, 60, null)));
        for (int i = 0; i < 3; i++) assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", "key-1", 1_000)).isNull();
        limiter.sweep(5_000);
        assertThat(limiter.keysKept()).isEqualTo(2);
        assertThat(limiter.acquire("/api/notes", null, null, "10.0.0.1", null, 5_000)).as("still counted after a sweep").isNotNull();
        assertThat(limiter.acquire("/api/notes", null, null, null, "key-1", 5_000)).as("the key too").isNotNull();
        limiter.sweep(120_000);
        assertThat(limiter.keysKept()).as("two windows later nothing weighs: forgotten").isZero();
    }

    @Test
    void addressesWhoseStringHashesCollideAreEachCountedAndRefusedOnTheirOwn() {
        windows.set(List.of(new RateWindow(Scope.IP, 2, 60, null)));
        List<String> addresses = new java.util.ArrayList<>();
        for (int i = 0; i < 1 << 12; i++) { // "Aa" and "BB" pairs: all 4 096 have one String.hashCode
            StringBuilder b = new StringBuilder("2001:db8::");
            for (int bit = 0; bit < 12; bit++) b.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
            addresses.add(b.toString());
        }
        assertThat(addresses.stream().map(String::hashCode).distinct()).hasSize(1);
        for (String a : addresses) assertThat(limiter.acquire("/api/notes", null, null, a, null, 1_000)).isNull();
        assertThat(limiter.keysKept()).isEqualTo(addresses.size());
        for (String a : addresses) {
            assertThat(limiter.acquire("/api/notes", null, null, new String(a), null, 1_000)).as(a).isNull();
            RateLimiter.Exceeded third = limiter.acquire("/api/notes", null, null, new String(a), null, 1_000);
            assertThat(third).as(a + ": its own two calls, not a neighbour's").isNotNull();
            assertThat(third.key()).isEqualTo(a);
        }
        limiter.sweep(120_000);
        assertThat(limiter.keysKept()).isZero();
        assertThat(limiter.acquire("/api/notes", null, null, addresses.get(7), null, 120_000)).as("forgotten, counted afresh").isNull();
    }
    /*
     * Calls of one key at once: each is checked and counted under the key's one lock, so no window
     * lets more through than its limit (checked, then counted under a second lock, calls in flight
     * at limit - 1 all passed). Many short rounds, as the race is a window of a few instructions.
     */
    @Test
    void callsAtOnceNeverPassAWindowsLimit() throws Exception {
        windows.set(List.of(new RateWindow(Scope.SESSION, 10, 60, null), new RateWindow(Scope.IP, 1_000, 60, null)));
        assertThat(overshoots(true)).as("rounds where one session's calls passed its limit of 10").isZero();
        windows.set(List.of(new RateWindow(Scope.SESSION, 1_000, 60, null), new RateWindow(Scope.IP, 10, 60, null)));
        assertThat(overshoots(false)).as("rounds where sessions sharing an address passed its limit of 10").isZero();
    }

    /*
     * A call refused by one key's window takes nothing from another key, not even for a moment: an
     * address one call short of its limit lets that call through while calls with a spent API key
     * from the same address are refused beside it (counted by the address first and then taken
     * back, the address looked full to the call in between).
     */
    @Test
    void callsAnotherKeyRefusesNeverFillAnAddressForAMoment() throws Exception {
        windows.set(List.of(new RateWindow(Scope.IP, 10, 60, null), new RateWindow(Scope.API_KEY, 1, 60, null)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            int refused = 0;
            for (int round = 0; round < 2_000; round++) {
                RateLimiter fresh = new RateLimiter(windows::get);
                for (int i = 0; i < 9; i++) assertThat(fresh.acquire("/api/notes", null, null, "10.0.0.1", null, 1_000)).isNull();
                assertThat(fresh.acquire("/api/notes", null, null, "10.0.0.2", "spent", 1_000)).isNull();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Future<?> spent = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        assertThat(fresh.acquire("/api/notes", null, null, "10.0.0.1", "spent", 1_000)).isNotNull();
                    }
                    return null;
                });
                java.util.concurrent.Future<RateLimiter.Exceeded> tenth = pool.submit(() -> {
                    start.await();
                    Thread.onSpinWait();
                    return fresh.acquire("/api/notes", null, null, "10.0.0.1", null, 1_000);
                });
                spent.get();
                if (tenth.get() != null) refused++;
            }
            assertThat(refused).as("rounds where the address's tenth call was refused").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rounds in which 4 threads making 5 calls each at once got more than 10 through. */
    private int overshoots(boolean oneSession) throws Exception {
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            int over = 0;
            for (int round = 0; round < 5_000; round++) {
                RateLimiter fresh = new RateLimiter(windows::get);
                WindowCounts shared = new WindowCounts();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    WindowCounts counts = oneSession ? shared : new WindowCounts();
                    String session = oneSession ? "s" : "s" + t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 5; i++) {
                            if (fresh.acquire("/api/notes", session, counts, "10.0.0.1", null, 1_000) == null) allowed.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) f.get();
                assertThat(allowed.get()).as("never fewer than the limit either").isGreaterThanOrEqualTo(10);
                if (allowed.get() > 10) over++;
            }
            return over;
        } finally {
            pool.shutdownNow();
        }
    }

    /*
     * DESIGN's L5 (ladder 58, I1): an automated browser let through by the policy alert was counted as any session. Held to
     * half its session windows, it is refused at the half, told the limit it was held to, and a call taken back is taken
     * back from its own counts; the address's windows and other sessions keep their whole limits.
     */
    @Test
    void aSessionHeldToAShareIsRefusedAtItsShareOfEachSessionWindow() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 10, 60, null), new RateWindow(Scope.SESSION, 1, 1, "/api/one"),
                new RateWindow(Scope.IP, 8, 60, null)));
        WindowCounts slowed = new WindowCounts();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("/api/notes", "s1", slowed, 50, "10.0.0.1", null, 1_000)).as("call " + (i + 1)).isNull();
        }
        RateLimiter.Exceeded sixth = limiter.acquire("/api/notes", "s1", slowed, 50, "10.0.0.1", null, 1_000);
        assertThat(sixth).as("the sixth of a session held to 50 %").isNotNull();
        assertThat(sixth.limit()).isEqualTo(5);
        assertThat(sixth.window().limit()).isEqualTo(10);
        assertThat(sixth.slowed()).isTrue();
        limiter.release("/api/notes", slowed, 50, "10.0.0.1", null, 1_000);
        assertThat(limiter.acquire("/api/notes", "s1", slowed, 50, "10.0.0.1", null, 1_001)).as("room for one again").isNull();
        // a limit of 1 is never cut to nothing
        assertThat(limiter.acquire("/api/one", "s1", new WindowCounts(), 50, "10.0.0.3", null, 1_000)).isNull();
        // a whole session beside it: its ten, though the address window (8) is the one it meets
        WindowCounts whole = new WindowCounts();
        for (int i = 0; i < 7; i++) assertThat(limiter.acquire("/api/notes", "s2", whole, "10.0.0.2", null, 1_000)).isNull();
        assertThat(limiter.acquire("/api/notes", "s2", whole, 100, "10.0.0.2", null, 1_000)).as("its eighth").isNull();
        RateLimiter.Exceeded over = limiter.acquire("/api/notes", "s2", whole, "10.0.0.2", null, 1_000);
        assertThat(over.window().scope()).as("the address's whole 8, not a share").isEqualTo(Scope.IP);
        assertThat(over.limit()).isEqualTo(8);
        assertThat(over.slowed()).isFalse();
    }

    /* The share is a setting an operator changes live: the counts stay, the new share applies to them. */
    @Test
    void aShareChangedKeepsTheSessionsCounts() {
        windows.set(List.of(new RateWindow(Scope.SESSION, 10, 60, null)));
        WindowCounts slowed = new WindowCounts();
        for (int i = 0; i < 4; i++) assertThat(limiter.acquire("/api/notes", "s1", slowed, 50, "10.0.0.1", null, 1_000)).isNull();
        assertThat(limiter.acquire("/api/notes", "s1", slowed, 30, "10.0.0.1", null, 1_000)).as("4 counted, 3 allowed now")
                .extracting(RateLimiter.Exceeded::limit).isEqualTo(3);
        for (int i = 0; i < 6; i++) assertThat(limiter.acquire("/api/notes", "s1", slowed, 100, "10.0.0.1", null, 1_000)).isNull();
        assertThat(limiter.acquire("/api/notes", "s1", slowed, 100, "10.0.0.1", null, 1_000)).as("the whole 10, the 4 kept").isNotNull();
    }
}
