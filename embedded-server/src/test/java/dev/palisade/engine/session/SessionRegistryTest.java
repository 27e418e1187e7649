package dev.palisade.engine.session;

import dev.palisade.engine.fingerprint.FingerprintPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRegistryTest {

    private final SessionRegistry registry = new SessionRegistry(() -> 1_000,
            () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));

    private Session open(String user, String ip, long now) {
        return registry.open(user, SessionOrigin.BROWSER, now, ip, "ua",
                FingerprintPolicy.defaults().capture(ip, h -> null), "", id -> new byte[32], now);
    }

    @Test
    void liveSessionsAreCountedPerAddressAndPerUser() {
        open("alice", "10.0.0.1", 0);
        open("alice", "10.0.0.2", 0);
        Session bob = open("bob", "10.0.0.1", 0);
        open("carol", "10.0.0.3", 0);
        assertThat(registry.countLive("10.0.0.1", "alice", 1_000)).containsExactly(2, 2);
        assertThat(registry.countLive("10.0.0.9", "nobody", 1_000)).containsExactly(0, 0);
        registry.revoke(bob.id(), 1_000);
        assertThat(registry.countLive("10.0.0.1", "bob", 2_000)).as("revoked is not live").containsExactly(1, 0);
    }

    @Test
    void sweptSessionsLeaveTheCountsAndRevokingAUserReachesAllItsSessions() {
        open("alice", "10.0.0.1", 0);
        open("alice", "10.0.0.1", 0);
        long idle = Duration.ofMinutes(31).toMillis();
        Session fresh = open("alice", "10.0.0.1", idle);
        assertThat(registry.sweep(idle)).hasSize(2);
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.countLive("10.0.0.1", "alice", idle)).containsExactly(1, 1);
        assertThat(registry.revokeUser("alice", idle)).containsExactly(fresh.id());
        assertThat(registry.countLive("10.0.0.1", "alice", idle)).containsExactly(0, 0);
        open("dave", "10.0.0.1", idle);
        assertThat(registry.countLive("10.0.0.1", "dave", idle)).containsExactly(1, 1);
    }
}
