package dev.palisade.engine.check;

import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.session.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A token signed with the real key still needs its own, live session: the refusals no other test reached. */
class TokenCheckTest {

    @TempDir
    Path dir;
    private EngineFixture f;
    private LoginResult alice;
    private TokenService tokens;

    @BeforeEach
    void start() {
        f = new EngineFixture(dir);
        alice = f.login("alice");
        tokens = new TokenService(f.engine.keyRing(), "palisade", "palisade-api", () -> 30_000);
    }

    @AfterEach
    void stop() { f.close(); }

    private Verdict callWith(String subject, String sessionId) {
        long now = f.clock.millis();
        String token = tokens.issue(subject, sessionId, now, now + 600_000).token();
        return f.call("GET", "/api/notes", token, null);
    }

    @Test
    void aGenuineTokenForASessionThatDoesNotExistIsRefused() {
        Verdict v = callWith("alice", "no-such-session");
        assertThat(v.reason()).isEqualTo(Reason.SESSION_EXPIRED);
        assertThat(v.explanation()).contains("session has ended");
    }

    @Test
    void aGenuineTokenNamingAnotherUserForTheSessionIsRefused() {
        Verdict v = callWith("mallory", alice.sessionId());
        assertThat(v.reason()).isEqualTo(Reason.INVALID_TOKEN);
        assertThat(v.explanation()).contains("does not own");
        assertThat(f.call("GET", "/api/notes", alice.token().token(), null).allowed()).as("alice's own token").isTrue();
    }
}
