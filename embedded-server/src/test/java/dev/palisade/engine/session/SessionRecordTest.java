package dev.palisade.engine.session;

import dev.palisade.engine.fingerprint.Fingerprint;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stored session compares by every field (the store contract relies on it), never prints its key, and
 * names the API key that opened it only when one did.
 */
class SessionRecordTest {

    private static SessionRecord record(String user, long lastSeenAt, byte[] key, String automation) {
        return new SessionRecord("sid-1", user, SessionOrigin.BROWSER, 1_000, 900, "10.0.0.1", "ua", lastSeenAt, 3, 0,
                key, new Fingerprint(Map.of("ip", "10.0.0.0/24")), automation);
    }

    @Test
    void recordsAreEqualOnlyWhenEveryFieldIs() {
        SessionRecord a = record("alice", 5_000, new byte[] {1, 2}, "");
        assertThat(a).isEqualTo(record("alice", 5_000, new byte[] {1, 2}, "")).hasSameHashCodeAs(record("alice", 5_000, new byte[] {1, 2}, ""));
        assertThat(a).isNotEqualTo(record("bob", 5_000, new byte[] {1, 2}, ""));
        assertThat(a).isNotEqualTo(record("alice", 5_001, new byte[] {1, 2}, ""));
        assertThat(a).isNotEqualTo(record("alice", 5_000, new byte[] {1, 3}, ""));
        assertThat(a).isNotEqualTo(record("alice", 5_000, new byte[] {1, 2}, "webdriver"));
        assertThat(a).isNotEqualTo("sid-1");
        SessionRecord byKey = new SessionRecord("sid-1", "alice", SessionOrigin.API_KEY, 1, 0, null, null, 1, 0, 0, null, null,
                null, "k1");
        assertThat(byKey).isNotEqualTo(new SessionRecord("sid-1", "alice", SessionOrigin.API_KEY, 1, 0, null, null, 1, 0, 0,
                null, null, null, "k2"));
    }

    @Test
    void onlyAnApiKeysSessionNamesTheKeyThatOpenedIt() {
        assertThat(record("alice", 1, null, "").apiKeyId()).isEmpty();
        assertThatThrownBy(() -> new SessionRecord("sid-1", "alice", SessionOrigin.BROWSER, 1, 1, null, null, 1, 0, 0, null,
                null, null, "k1")).isInstanceOf(IllegalArgumentException.class);
        SessionRecord opened = new SessionRecord("sid-1", "alice", SessionOrigin.API_KEY, 1, 0, null, null, 1, 0, 0, null,
                null, null, "k1");
        Session session = new Session(opened);
        assertThat(session.origin()).isEqualTo(SessionOrigin.API_KEY);
        assertThat(session.openedBy("k1")).isTrue();
        assertThat(session.openedBy("k2")).isFalse();
        assertThat(session.toRecord()).isEqualTo(opened);
        Session unnamed = new Session(new SessionRecord("sid-2", "alice", SessionOrigin.API_KEY, 1, 0, null, null, 1, 0, 0,
                null, null, null));
        assertThat(unnamed.origin()).as("stored before keys were").isEqualTo(SessionOrigin.API_KEY);
        assertThat(unnamed.openedBy("")).isFalse();
        Session browser = new Session(record("alice", 1, null, ""));
        assertThat(browser.origin()).isEqualTo(SessionOrigin.BROWSER);
        assertThat(browser.apiKeyId()).isEmpty();
        assertThat(browser.openedBy("")).isFalse();
    }

    @Test
    void missingValuesBecomeEmptyAndTheKeyIsNeverPrinted() {
        SessionRecord r = new SessionRecord("sid-1", "alice", SessionOrigin.API_KEY, 1, 0, null, null, 1, 0, 7, null, null, null);
        assertThat(r.clientIp()).isEmpty();
        assertThat(r.userAgent()).isEmpty();
        assertThat(r.signingKey()).isEmpty();
        assertThat(r.fingerprint()).isEqualTo(Fingerprint.NONE);
        assertThat(r.automation()).isEmpty();
        SessionRecord keyed = record("alice", 5_000, "secret-key-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8), "");
        assertThat(keyed.toString()).isEqualTo("SessionRecord[sid-1, alice, BROWSER, revokedAt=0]");
    }
}
