package dev.palisade.engine;

import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.signature.MessageParts;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single node forgets the nonces it spent when it stops: a signed call it accepted must not be accepted
 * again by the next process, however soon that starts and wherever its clock stands (durability audit 61, L4).
 */
class RestartReplayTest extends EngineTestBase {

    @Test
    void aCallSignedASecondAheadIsNotAcceptedAgainAfterARestartWithinTwoSeconds() {
        LoginResult login = f.login("alice");
        String token = login.token().token();
        f.clock.advance(Duration.ofMillis(200));
        // palisade.js rounds the server's clock to whole seconds: a browser's clock a little ahead signs the next one
        f.clock.advance(Duration.ofSeconds(1));
        MessageParts ahead = f.wire("GET", "/api/notes", token, login);
        f.clock.advance(Duration.ofSeconds(-1));
        assertThat(f.call("GET", "/api/notes", token, null, ahead).allowed()).isTrue();

        f.restart(Duration.ofMillis(1_200)); // a start that took 1.2 s: after the second it was signed in

        Verdict again = f.call("GET", "/api/notes", token, null, ahead);
        assertThat(again.allowed()).as("the same signed call, sent again").isFalse();
        assertThat(again.reason()).isEqualTo(Reason.STALE);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("signed again in the next second").isTrue();
    }

    @Test
    void aRestartRefusesOnlyTheSecondsThePreviousRunAcceptedSignaturesIn() {
        LoginResult login = f.login("alice");
        String token = login.token().token();
        f.clock.advance(Duration.ofMillis(100));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).isTrue();

        f.restart(Duration.ofMillis(500)); // still the same second

        assertThat(f.call("GET", "/api/notes", token, null).reason()).as("signed in that second").isEqualTo(Reason.STALE);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("the next one, as palisade.js signs again").isTrue();
    }

    @Test
    void aClockSetBackAcrossARestartDoesNotLetTheLastCallsBeSentAgain() throws Exception {
        LoginResult login = f.login("alice");
        String token = login.token().token();
        f.clock.advance(Duration.ofSeconds(10));
        MessageParts accepted = f.wire("GET", "/api/notes", token, login);
        assertThat(f.call("GET", "/api/notes", token, null, accepted).allowed()).isTrue();

        f.restart(Duration.ofSeconds(-8)); // an NTP step at boot: 8 s back, inside the 30 s skew window

        Verdict again = f.call("GET", "/api/notes", token, null, accepted);
        assertThat(again.allowed()).as("created 8 s ahead of the new clock, within the skew: a replay").isFalse();
        assertThat(again.retryAfterSeconds()).as("how far the floor is ahead: a client signs from there (review 62, M1)")
                .isEqualTo(9);
        f.clock.advance(Duration.ofSeconds(9));
        MessageParts fromTheFloor = f.wire("GET", "/api/notes", token, login);
        f.clock.advance(Duration.ofSeconds(-9));
        assertThat(f.call("GET", "/api/notes", token, null, fromTheFloor).allowed()).as("signed from the floor, at once").isTrue();
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        assertThat(f.store.queryEvents(EventQuery.latest(50))).filteredOn(e -> e.type() == EventType.SYSTEM)
                .extracting(Event::code).contains("clock_went_back");
        f.clock.advance(Duration.ofSeconds(9));
        assertThat(f.call("GET", "/api/notes", token, null).allowed()).as("once the clock is past the last run's").isTrue();
    }
}
