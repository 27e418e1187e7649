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

    @Test
    void aSessionThisNodeDoesNotKnowIsLookedUpElsewhereAndWhenThatFailsTheCallIsRefusedNotLetThrough() {
        long now = f.clock.millis();
        String token = tokens.issue("alice", "opened-elsewhere", now, now + 600_000).token();
        TokenCheck unreachable = new TokenCheck(tokens, f.engine.keyRing(), f.engine.sessions(), id -> {
            throw new dev.palisade.engine.state.StateUnavailableException("Redis at 127.0.0.1:6379/0 could not read a session",
                    null);
        }, f.clock);
        dev.palisade.engine.ProtectedRequest request = new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", "10.0.0.1",
                "Mozilla", token, null, null, null);
        Verdict v = unreachable.evaluate(request);
        assertThat(v).as("a session that cannot be looked up is never let through").isNotNull();
        assertThat(v.reason()).isEqualTo(Reason.STATE_UNAVAILABLE);
        assertThat(v.retryAfterSeconds()).isEqualTo(2);
        assertThat(request.session()).isNull();

        dev.palisade.engine.session.SessionRecord elsewhere = new dev.palisade.engine.session.SessionRecord("opened-elsewhere",
                "alice", dev.palisade.engine.session.SessionOrigin.BROWSER, now, now, "10.0.0.1", "Mozilla", now, 0, 0,
                new byte[32], null, null);
        TokenCheck found = new TokenCheck(tokens, f.engine.keyRing(), f.engine.sessions(),
                id -> id.equals("opened-elsewhere") ? elsewhere : null, f.clock);
        dev.palisade.engine.ProtectedRequest again = new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", "10.0.0.1",
                "Mozilla", token, null, null, null);
        assertThat(found.evaluate(again)).as("adopted: the later checks decide").isNull();
        assertThat(again.session().id()).isEqualTo("opened-elsewhere");
        assertThat(f.engine.sessions().get("opened-elsewhere")).isSameAs(again.session());
    }
}
