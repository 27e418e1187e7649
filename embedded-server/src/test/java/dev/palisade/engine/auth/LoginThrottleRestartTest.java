package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A guesser's failed logins outlive a restart: the throttle kept them in memory, and every restart gave five free tries again. */
class LoginThrottleRestartTest extends EngineTestBase {

    private Denial guess() {
        try {
            f.engine.auth().login("alice", "not her password".toCharArray(), f.ticket(EngineFixture.BROWSER), null,
                    EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), EngineFixture.BROWSER);
        } catch (Denial d) {
            return d;
        }
        throw new AssertionError("a wrong password logged in");
    }

    @Test
    void failedLoginsAreStillCountedAfterARestart() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) assertThat(guess().reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
        assertThat(guess().reason()).isEqualTo(Reason.LOGIN_THROTTLED);
        f.restart();
        assertThat(f.engine.operator(Actor.OWNER).loginThrottleOf("alice")[0]).as("the failures counted").isEqualTo(LoginThrottle.FREE_FAILURES);
        assertThat(guess().reason()).as("still made to wait").isEqualTo(Reason.LOGIN_THROTTLED);
        f.engine.operator(Actor.OWNER).liftLoginThrottle("alice");
        f.restart();
        assertThat(f.engine.operator(Actor.OWNER).loginThrottleOf("alice")[0]).as("a lifted throttle stays lifted").isZero();
    }

    /* The lift cleared memory only, and the store learnt it at the next checkpoint: a server killed in those seconds throttled again. */
    @Test
    void aLiftedThrottleIsStoredBeforeTheLiftIsAnswered() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) guess();
        f.engine.maintain();
        assertThat(f.store.loadLoginFailures(0)).as("the failures, stored").isNotEmpty();
        f.engine.operator(Actor.OWNER).liftLoginThrottle("alice");
        assertThat(f.store.loadLoginFailures(0)).as("no checkpoint ran: the store has it as a kill -9 would leave it")
                .noneSatisfy(k -> assertThat(k.user()).isEqualTo("alice"));
    }

    /*
     * The browsers a user logged in from were kept in memory only: after a restart, a user whose
     * session had ended was counted with the guessers flooding their name, and waited with them.
     */
    @Test
    void aUsersOwnBrowserIsStillTheirsAfterARestartWhileOthersGuess() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        var mine = f.login("alice");
        f.engine.operator(Actor.OWNER).revokeSession(mine.sessionId()); // logged out: no live session names the browser
        var guesser = EngineFixture.browser("127.0.0.9", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/141.0");
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            try {
                f.engine.auth().login("alice", "not her password".toCharArray(), f.ticket(guesser), null,
                        EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), guesser);
            } catch (Denial expected) {
                // refused: a wrong password, then throttled
            }
        }
        f.restart();
        assertThatThrownBy(() -> f.engine.auth().login("alice", "not her password".toCharArray(), f.ticket(guesser), null,
                EngineFixture.publicKey(new dev.palisade.protocol.ClientKeys()), guesser)).as("the guesser waits")
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.LOGIN_THROTTLED));
        assertThat(f.login("alice").sessionId()).as("her own browser logs in at once").isNotNull();
    }

    /* A user made again after a delete took the deleted one's browsers (and, kept across restarts now, for good) for its own. */
    @Test
    void aDeletedUsersBrowsersAndFailuresGoWithThem() {
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        f.login("alice");
        guess();
        f.engine.maintain();
        assertThat(f.store.loadKnownClients()).extracting(k -> k.user()).contains("alice");
        f.engine.operator(Actor.OWNER).deleteUser("alice");
        assertThat(f.store.loadKnownClients()).as("stored before the delete is answered").extracting(k -> k.user())
                .doesNotContain("alice");
        assertThat(f.store.loadLoginFailures(0)).noneSatisfy(k -> assertThat(k.user()).isEqualTo("alice"));
        f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
        assertThat(f.engine.operator(Actor.OWNER).loginThrottleOf("alice")[0]).isZero();
    }
}
