package dev.palisade.engine.fingerprint;

import dev.palisade.engine.session.KeyRing;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bootstrap ticket's client digest, judged at login on a node that may hold another view of the salts. */
class FingerprintBindingTest {

    private static final Fingerprint CLIENT = new Fingerprint(Map.of(FingerprintPolicy.USER_AGENT, "Firefox/140",
            FingerprintPolicy.IP, "192.0.2.0/24"));
    private static final Fingerprint OTHER = new Fingerprint(Map.of(FingerprintPolicy.USER_AGENT, "curl/8.5",
            FingerprintPolicy.IP, "192.0.2.0/24"));

    @TempDir
    Path dir;
    private SqliteStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    /*
     * Session 46's review: a person bootstrapped on a node that had just rotated the salt, and their login landed on
     * a node the change feed had not yet told: refused as another client, "reload the client page".
     */
    @Test
    void aTicketMadeUnderASaltAnotherNodeRotatedInIsTheSameClientOnANodeThatHasNotHeardOfIt() {
        store = SqliteStore.open(dir);
        FingerprintBinding here = new FingerprintBinding(
                new KeyRing(store, KeyRing.FINGERPRINT, () -> 3_600_000, 1_000, true), FingerprintPolicy::defaults);
        KeyRing theirSalts = new KeyRing(store, KeyRing.FINGERPRINT, () -> 3_600_000, 1_000, true);
        FingerprintBinding there = new FingerprintBinding(theirSalts, FingerprintPolicy::defaults);
        theirSalts.rotate(2_000);

        byte[] ticket = there.reauthDigest(CLIENT);

        assertThat(here.sameClient(ticket, CLIENT, 2_001)).as("the login that reads the ring").isTrue();
        assertThat(here.sameClient(ticket, OTHER, 2_001)).as("another client, under every salt").isFalse();
    }
}
