package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The per-user guessing throttle at its exact edges: the free tries, each wait, the window, the own browser. */
class LoginThrottleTest {

    private static final long T0 = 1_000_000_000L;
    private final LoginThrottle throttle = new LoginThrottle();

    private void fail(int times, String client, long at) {
        for (int i = 0; i < times; i++) throttle.failed("ann", client, at);
    }

    private Denial refusal(String client, long at) {
        return catchThrowableOfType(() -> throttle.check("ann", client, at), Denial.class);
    }

    @Test
    void guessesSentInParallelPassNoFasterThanOneAfterAnother() {
        throttle.succeeded("ann", "laptop"); // her own browser
        fail(4, "elsewhere", T0);
        LoginThrottle.Attempt last = throttle.begin("ann", "elsewhere", T0 + 1);
        Denial second = catchThrowableOfType(() -> throttle.begin("ann", "elsewhere", T0 + 1), Denial.class);
        assertThat(second).as("the fifth guess is in flight: the sixth waits as if it had failed").isNotNull();
        assertThat(second.reason()).isEqualTo(Reason.LOGIN_THROTTLED);
        assertThat(second.retryAfterSeconds()).isEqualTo(1);
        assertThat(second.getMessage()).as("the ones in flight are counted").startsWith("5 failed logins");
        assertThat(throttle.begin("ann", "laptop", T0 + 1)).as("her own browser is not held back").isNotNull();
        throttle.failed(last, T0 + 2);
        assertThat(refusal("elsewhere", T0 + 1_001)).as("one second after the fifth failure").isNotNull();
        assertThatCode(() -> throttle.ended(throttle.begin("ann", "elsewhere", T0 + 1_002))).doesNotThrowAnyException();

        LoginThrottle.Attempt right = throttle.begin("ann", "elsewhere", T0 + 1_003);
        throttle.succeeded(right, "phone");
        assertThat(throttle.knows("ann", "phone")).as("a right password makes its browser hers").isTrue();
        LoginThrottle.Attempt after = throttle.begin("ann", "elsewhere", T0 + 3_003);
        assertThat(after).as("a right password ends its attempt: nothing left in flight").isNotNull();
    }

    @Test
    void aThrottledAttemptIsNotInFlightAfterwards() {
        fail(5, "elsewhere", T0);
        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowableOfType(() -> throttle.begin("ann", "elsewhere", T0 + 10), Denial.class)).isNotNull();
        }
        assertThatCode(() -> throttle.ended(throttle.begin("ann", "elsewhere", T0 + 1_000)))
                .as("refused tries left nothing in flight: the wait is the fifth failure's one second").doesNotThrowAnyException();
    }

    @Test
    void fiveFailuresAreFreeAndTheSixthTryWaitsOneSecondToTheMillisecond() {
        fail(4, "elsewhere", T0);
        assertThatCode(() -> throttle.check("ann", "elsewhere", T0)).doesNotThrowAnyException();
        fail(1, "elsewhere", T0);
        Denial d = refusal("elsewhere", T0);
        assertThat(d.reason()).isEqualTo(Reason.LOGIN_THROTTLED);
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        assertThat(d.getMessage()).isEqualTo("5 failed logins for this user lately; wait 1 s before the next try");
        assertThat(refusal("elsewhere", T0 + 999)).as("the last millisecond of the wait").isNotNull();
        assertThat(refusal("elsewhere", T0 + 999).retryAfterSeconds()).as("a part second rounds up to one").isEqualTo(1);
        assertThatCode(() -> throttle.check("ann", "elsewhere", T0 + 1_000)).doesNotThrowAnyException();
    }

    @Test
    void eachFurtherFailureDoublesTheWaitCountedFromTheLastFailure() {
        fail(6, "elsewhere", T0);
        throttle.failed("ann", "elsewhere", T0 + 5_000);
        assertThat(refusal("elsewhere", T0 + 5_000).retryAfterSeconds()).isEqualTo(4);
        assertThat(refusal("elsewhere", T0 + 5_001).retryAfterSeconds()).isEqualTo(4);
        assertThat(refusal("elsewhere", T0 + 6_000).retryAfterSeconds()).isEqualTo(3);
        assertThat(refusal("elsewhere", T0 + 8_999).retryAfterSeconds()).isEqualTo(1);
        assertThatCode(() -> throttle.check("ann", "elsewhere", T0 + 9_000)).doesNotThrowAnyException();
        assertThat(refusal("elsewhere", T0 + 5_000).getMessage()).startsWith("7 failed logins");
    }

    @Test
    void theWaitStopsGrowingAtFifteenMinutes() {
        fail(40, "elsewhere", T0);
        assertThat(refusal("elsewhere", T0).retryAfterSeconds()).isEqualTo(15 * 60);
    }

    @Test
    void failuresAreForgottenOnceAWholeWindowPassesWithoutOne() {
        fail(5, "elsewhere", T0);
        long last = T0 + 20 * 60_000;
        fail(1, "elsewhere", last); // the sixth, twenty minutes on: still counted, wait 2 s from here
        assertThat(refusal("elsewhere", last + 1_999)).isNotNull();
        long end = last + LoginThrottle.WINDOW_MILLIS;
        fail(1, "elsewhere", end - 1); // the seventh, just inside the window: wait 4 s
        assertThat(refusal("elsewhere", end + 3_998)).as("a failure inside the window keeps the count").isNotNull();
        long quiet = end - 1 + LoginThrottle.WINDOW_MILLIS;
        assertThat(refusal("elsewhere", quiet - 1)).as("forgotten only a whole window after the last").isNull();
        assertThatCode(() -> throttle.check("ann", "elsewhere", quiet)).doesNotThrowAnyException();
        assertThatCode(() -> throttle.ended(throttle.begin("ann", "elsewhere", quiet))).as("for an attempt too")
                .doesNotThrowAnyException();
        fail(4, "elsewhere", quiet);
        assertThatCode(() -> throttle.check("ann", "elsewhere", quiet)).as("four anew").doesNotThrowAnyException();
        fail(1, "elsewhere", quiet);
        assertThat(refusal("elsewhere", quiet)).isNotNull();
    }

    /**
     * A guesser who waits out each wait: counted from the first failure, the window ended before the
     * waits reached fifteen minutes, and five free tries came back every window (56 guesses an hour).
     */
    @Test
    void aGuesserWhoWaitsOutEveryWaitReachesTheFifteenMinuteWait() {
        long t = T0;
        int guesses = 0;
        long longest = 0;
        while (t < T0 + 2 * 3_600_000L) {
            LoginThrottle.Attempt a = throttle.begin("ann", "elsewhere", t);
            throttle.failed(a, t);
            guesses++;
            dev.palisade.engine.Denial d = refusal("elsewhere", t);
            long wait = d == null ? 0 : d.retryAfterSeconds() * 1000L;
            longest = Math.max(longest, wait);
            t += Math.max(1, wait);
        }
        assertThat(longest).isEqualTo(LoginThrottle.MAX_WAIT_MILLIS);
        // 5 free, 10 waits of 1 s … 512 s (17 min), then one every 15 minutes
        assertThat(guesses).as("guesses in two hours").isLessThanOrEqualTo(5 + 10 + 8);
    }

    @Test
    void theUsersOwnBrowserIsCountedApartFromEveryoneElse() {
        throttle.succeeded("ann", "laptop");
        assertThat(throttle.knows("ann", "laptop")).isTrue();
        assertThat(throttle.knows("ann", "phone")).isFalse();
        assertThat(throttle.knows("bob", "laptop")).isFalse();
        fail(20, "guesser-1", T0);
        fail(20, "guesser-2", T0);
        assertThat(refusal("guesser-3", T0)).as("all other clients share one count").isNotNull();
        assertThatCode(() -> throttle.check("ann", "laptop", T0)).doesNotThrowAnyException();
        fail(5, "laptop", T0);
        assertThat(refusal("laptop", T0)).as("her own browser has its own five").isNotNull();
        throttle.succeeded("ann", "laptop");
        assertThatCode(() -> throttle.check("ann", "laptop", T0)).as("a success forgets her own failures").doesNotThrowAnyException();
        assertThat(refusal("guesser-1", T0)).as("and not the guessers'").isNotNull();
    }

    @Test
    void theUserKeepsHerEightMostRecentBrowsers() {
        for (int i = 0; i < 9; i++) throttle.succeeded("ann", "browser-" + i);
        assertThat(throttle.knows("ann", "browser-0")).isFalse();
        assertThat(throttle.knows("ann", "browser-1")).isTrue();
        assertThat(throttle.knows("ann", "browser-8")).isTrue();
        throttle.succeeded("ann", "browser-1"); // used again: the newest, not counted twice
        throttle.succeeded("ann", "browser-9");
        assertThat(throttle.knows("ann", "browser-1")).isTrue();
        assertThat(throttle.knows("ann", "browser-2")).isFalse();
    }

    @Test
    void floodedWithNamesItKeepsCountingTheUsersItTracksAndForgetsNewOnes() {
        fail(3, "elsewhere", T0);
        for (int i = 1; i < 100_000; i++) throttle.failed("name-" + i, "elsewhere", T0);
        fail(2, "elsewhere", T0);
        assertThat(refusal("elsewhere", T0)).as("a flood of names does not stop her count").isNotNull();
        for (int i = 0; i < 5; i++) throttle.failed("newcomer", "elsewhere", T0);
        assertThatCode(() -> throttle.check("newcomer", "elsewhere", T0)).as("no room for a new name").doesNotThrowAnyException();
    }

    @Test
    void aSweepKeepsFailuresStillInTheirWindow() {
        fail(6, "elsewhere", T0);
        throttle.sweep(T0 + 1_000);
        assertThat(refusal("elsewhere", T0 + 1_000)).as("the 2 s wait still runs").isNotNull();
        throttle.sweep(T0 + LoginThrottle.WINDOW_MILLIS);
        fail(4, "elsewhere", T0 + LoginThrottle.WINDOW_MILLIS);
        assertThatCode(() -> throttle.check("ann", "elsewhere", T0 + LoginThrottle.WINDOW_MILLIS)).doesNotThrowAnyException();
    }

    @Test
    void floodedWithNamesItForgetsRatherThanGrowsAndASweepMakesRoomAgain() {
        for (int i = 0; i < 100_000; i++) throttle.failed("name-" + i, "elsewhere", T0);
        fail(5, "elsewhere", T0 + 1);
        assertThatCode(() -> throttle.check("ann", "elsewhere", T0 + 1)).as("no room: not counted").doesNotThrowAnyException();
        long stale = T0 + LoginThrottle.WINDOW_MILLIS;
        fail(5, "elsewhere", stale); // the first of these sweeps the stale names away
        assertThat(refusal("elsewhere", stale)).as("counted again once the old names are swept").isNotNull();
    }
}
