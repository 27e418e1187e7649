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

    private static final FingerprintPolicy POLICY = FingerprintPolicy.defaults();

    private static Fingerprint browser(String userAgent) {
        return POLICY.capture("192.0.2.7", h -> h.equals("user-agent") ? userAgent : null);
    }

    private static dev.palisade.engine.session.Session boundTo(Fingerprint fp) {
        return new dev.palisade.engine.session.SessionRegistry(() -> 10, () -> new dev.palisade.engine.session.SessionPolicy(
                java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(8))).open("alice",
                dev.palisade.engine.session.SessionOrigin.BROWSER, 1_000, "192.0.2.7", "ua", fp, "", id -> new byte[32], 1_000);
    }

    /*
     * Audit conc55 L7: the first call after a salt rotation hashed the binding it read, an operator's re-bind came
     * between, and the old binding's hash was kept beside the new binding: the old client matched it, unreported.
     */
    @Test
    void aHashTakenBeforeARebindIsNotKeptForTheNewBinding() {
        store = SqliteStore.open(dir);
        KeyRing salts = new KeyRing(store, KeyRing.FINGERPRINT, () -> 3_600_000, 1_000, false);
        FingerprintBinding binding = new FingerprintBinding(salts, () -> POLICY);
        Fingerprint before = browser("Firefox/140");
        Fingerprint after = browser("Chrome/130");
        dev.palisade.engine.session.Session s = boundTo(before);
        assertThat(binding.matches(s, before)).isTrue();
        salts.rotate(2_000);
        binding.hashed = () -> {
            binding.hashed = () -> {};
            binding.rebind(s, after); // the operator accepts the other browser just then
        };

        binding.matches(s, before);

        assertThat(s.fingerprint()).isSameAs(after);
        assertThat(binding.matches(s, before)).as("the old browser, after the re-bind").isFalse();
        assertThat(binding.matches(s, after)).isTrue();
    }

    /*
     * Found beside L7: a call's match remembered its inputs after a re-bind that came between, so the old client's
     * calls were passed as the same client, without a look at the new binding or a fingerprint_mismatch event.
     */
    @Test
    void inputsThatMatchedTheBindingBeforeARebindAreNotRememberedForTheNewOne() {
        store = SqliteStore.open(dir);
        KeyRing salts = new KeyRing(store, KeyRing.FINGERPRINT, () -> 3_600_000, 1_000, false);
        FingerprintBinding binding = new FingerprintBinding(salts, () -> POLICY);
        dev.palisade.engine.MutableClock clock = dev.palisade.engine.MutableClock.at2026();
        java.util.List<dev.palisade.engine.event.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.palisade.engine.check.FingerprintCheck check = new dev.palisade.engine.check.FingerprintCheck(binding,
                new dev.palisade.engine.event.Audit(events::add, new dev.palisade.engine.event.TrafficStats(),
                        new dev.palisade.engine.event.RecentCalls(16), dev.palisade.engine.config.Settings::defaults, clock));
        dev.palisade.engine.session.Session s = boundTo(browser("Firefox/140"));
        binding.hashed = () -> {
            binding.hashed = () -> {};
            binding.rebind(s, browser("Chrome/130"));
        };

        assertThat(check.evaluate(call(s, "Firefox/140"))).as("matched the binding it read").isNull();

        dev.palisade.engine.Verdict next = check.evaluate(call(s, "Firefox/140"));
        assertThat(next).as("the old browser's next call, after the re-bind").isNotNull();
        assertThat(next.reason()).isEqualTo(dev.palisade.engine.Reason.REAUTH_REQUIRED);
    }

    private static dev.palisade.engine.ProtectedRequest call(dev.palisade.engine.session.Session s, String userAgent) {
        dev.palisade.engine.ProtectedRequest r = new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", "192.0.2.7",
                userAgent, null, null, new dev.palisade.engine.signature.MessageParts("GET", "h", "/api/notes", null,
                Map.of("user-agent", userAgent)), null);
        r.attach(s);
        return r;
    }
}
