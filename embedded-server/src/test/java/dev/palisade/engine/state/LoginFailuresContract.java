package dev.palisade.engine.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link LoginFailures} must do (STYLE 12); a subclass says how to make an empty one. */
public abstract class LoginFailuresContract {

    private static final long T = 1_800_000_000_000L;
    private static final long WINDOW = 900_000;

    protected abstract LoginFailures store();

    @Test
    void failuresAddUpPerUserAndClientKindAndStartAgainAfterAWholeWindowWithoutOne() {
        LoginFailures s = store();
        assertThat(s.get("ann", "others")).isNull();
        s.failed("ann", "others", T, WINDOW);
        s.failed("ann", "others", T + 10, WINDOW);
        s.failed("ann", "laptop", T + 20, WINDOW);
        s.failed("bob", "others", T + 30, WINDOW);
        assertThat(s.get("ann", "others")).isEqualTo(new LoginFailures.Failures(2, T, T + 10));
        assertThat(s.get("ann", "laptop")).isEqualTo(new LoginFailures.Failures(1, T + 20, T + 20));
        s.failed("ann", "others", T + 10 + WINDOW - 1, WINDOW);
        assertThat(s.get("ann", "others").count()).as("a window after the last failure, less a millisecond: counted on")
                .isEqualTo(3);
        long last = T + 10 + WINDOW - 1;
        s.failed("ann", "others", last + WINDOW, WINDOW);
        assertThat(s.get("ann", "others")).as("a whole window without one: anew")
                .isEqualTo(new LoginFailures.Failures(1, last + WINDOW, last + WINDOW));
    }

    @Test
    void eachAttemptThatBeginsSeesThoseInFlightBeforeItUntilItEnds() {
        LoginFailures s = store();
        s.failed("ann", "others", T, WINDOW);
        LoginFailures.Begun first = s.begin("ann", "others", T + 1);
        assertThat(first.failures()).isEqualTo(new LoginFailures.Failures(1, T, T));
        assertThat(first.inFlight()).isZero();
        LoginFailures.Begun second = s.begin("ann", "others", T + 2);
        assertThat(second.inFlight()).as("the first is still in flight").isEqualTo(1);
        assertThat(second.attempt()).isNotEqualTo(first.attempt());
        assertThat(s.begin("ann", "laptop", T + 2).inFlight()).as("another client kind").isZero();
        assertThat(s.begin("bob", "others", T + 2).inFlight()).as("another user").isZero();
        s.failed("ann", "others", T + 3, WINDOW);
        s.ended("ann", "others", first.attempt());
        LoginFailures.Begun third = s.begin("ann", "others", T + 4);
        assertThat(third.failures()).isEqualTo(new LoginFailures.Failures(2, T, T + 3));
        assertThat(third.inFlight()).as("the second is still in flight").isEqualTo(1);
        s.ended("ann", "others", second.attempt());
        s.ended("ann", "others", second.attempt()); // twice: nothing more
        s.ended("ann", "others", third.attempt());
        assertThat(s.begin("ann", "others", T + 5).inFlight()).as("all ended").isZero();
    }

    @Test
    void anAttemptThatNeverEndsStopsCountingAMinuteAfterItBeganAndALiftForgetsIt() {
        LoginFailures s = store();
        for (int i = 0; i < 5; i++) s.begin("ann", "others", T); // their node died
        assertThat(s.begin("ann", "others", T + LoginFailures.IN_FLIGHT_MILLIS - 1).inFlight())
                .as("within the minute, all five, whatever came after").isEqualTo(5);
        assertThat(s.begin("ann", "others", T + LoginFailures.IN_FLIGHT_MILLIS).inFlight())
                .as("a minute after they began, only the one begun since").isEqualTo(1);
        s.begin("bob", "others", T);
        s.failed("ann", "others", T, WINDOW);
        s.clearUser("ann");
        assertThat(s.begin("ann", "others", T + LoginFailures.IN_FLIGHT_MILLIS).inFlight())
                .as("an operator's lift forgets the attempts in flight too").isZero();
        assertThat(s.begin("bob", "others", T + 1).inFlight()).as("not another user's").isEqualTo(1);
    }

    @Test
    void aClientKindOrAWholeUserIsForgotten() {
        LoginFailures s = store();
        s.failed("ann", "others", T, WINDOW);
        s.failed("ann", "laptop", T, WINDOW);
        s.failed("bob", "others", T, WINDOW);
        assertThat(s.of("ann")).containsOnlyKeys("others", "laptop");
        s.clear("ann", "laptop");
        assertThat(s.of("ann")).containsOnlyKeys("others");
        s.failed("ann", "phone", T, WINDOW);
        assertThat(s.clearUser("ann")).isEqualTo(2);
        assertThat(s.of("ann")).isEmpty();
        assertThat(s.clearUser("ann")).isZero();
        assertThat(s.get("bob", "others").count()).as("another user keeps hers").isEqualTo(1);
    }

    @Test
    void aUsersKnownClientsAreTheNewestFew() {
        LoginFailures s = store();
        assertThat(s.knows("ann", "c1")).isFalse();
        for (int i = 1; i <= 4; i++) s.remember("ann", "c" + i, 3);
        assertThat(s.knows("ann", "c1")).as("the oldest of four went").isFalse();
        assertThat(s.knows("ann", "c2")).isTrue();
        s.remember("ann", "c2", 3); // c2 is the newest again
        s.remember("ann", "c5", 3);
        assertThat(s.knows("ann", "c3")).isFalse();
        assertThat(s.knows("ann", "c2")).isTrue();
        assertThat(s.knows("ann", "c4")).isTrue();
        assertThat(s.knows("bob", "c2")).as("another user's clients are not hers").isFalse();
    }

    @Test
    void aDeletedUsersKnownClientsAreForgottenAndNoOneElses() {
        LoginFailures s = store();
        s.remember("ann", "c1", 3);
        s.remember("bob", "c1", 3);
        s.forgetKnown("ann");
        assertThat(s.knows("ann", "c1")).isFalse();
        assertThat(s.knows("bob", "c1")).isTrue();
        s.forgetKnown("nobody");
    }
}
