package dev.palisade.engine.check;

import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions reach the pipeline from the store too, so the rule is checked on every call, not only at login. */
class BootstrapCheckTest {

    private final BootstrapCheck check = new BootstrapCheck();

    private static ProtectedRequest callWith(SessionOrigin origin, long bootstrapAt) {
        ProtectedRequest r = new ProtectedRequest("GET", "/api/notes", "127.0.0.1", "ua", "token", null,
                new dev.palisade.engine.signature.MessageParts("GET", "h", "/api/notes", null, java.util.Map.of()), null);
        r.attach(new Session(new SessionRecord("s", "alice", origin, 1, bootstrapAt, "127.0.0.1", "ua", 1, 0, 0, null, null, "")));
        return r;
    }

    @Test
    void aBrowserSessionWithoutBootstrapIsDenied() {
        assertThat(check.evaluate(callWith(SessionOrigin.BROWSER, 0)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);
    }

    @Test
    void aBootstrappedBrowserSessionOrAnApiKeySessionPasses() {
        assertThat(check.evaluate(callWith(SessionOrigin.BROWSER, 5))).isNull();
        assertThat(check.evaluate(callWith(SessionOrigin.API_KEY, 0))).isNull();
    }
}
