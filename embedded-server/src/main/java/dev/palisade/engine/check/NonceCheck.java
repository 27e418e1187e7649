package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.signature.NonceStore;
import dev.palisade.engine.signature.SignatureInput;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Technique 4, second half: each (session, nonce) is accepted once. Runs after the MAC, so forged
 * requests never take room in the nonce store; when the store is full it fails closed.
 */
public final class NonceCheck implements Check {

    private static final Verdict REPLAYED = Verdict.deny(Reason.REPLAYED, "nonce",
            "this nonce was already used: the request is a replay (each signed request needs a fresh nonce)");
    private static final Verdict FULL = Verdict.deny(Reason.NONCE_CAPACITY, "nonce",
            "replay protection holds its maximum of nonces for this second; the request is refused, try again");

    private final NonceStore nonces;
    private final Audit audit;
    private final Clock clock;
    private final AtomicLong lastFullEvent = new AtomicLong(Long.MIN_VALUE);

    public NonceCheck(NonceStore nonces, Audit audit, Clock clock) {
        this.nonces = nonces;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String name() { return "nonce"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        SignatureInput input = request.signature();
        if (input == null) return null;
        byte[] key = (request.session().id() + '\n' + input.nonce()).getBytes(StandardCharsets.UTF_8);
        return switch (nonces.record(Secrets.prefix(Secrets.sha256(key)), input.created())) {
            case FRESH -> null;
            case REPLAYED -> REPLAYED;
            case FULL -> {
                reportFull(input.created());
                yield FULL;
            }
        };
    }

    /** One event a second at most, however hard the store is being hit. */
    private void reportFull(long second) {
        long now = clock.millis() / 1000;
        long last = lastFullEvent.get();
        if (now != last && lastFullEvent.compareAndSet(last, now)) {
            audit.system("nonce_store_full", "the nonce store is full for created=" + second
                    + "; signed requests are refused until the second leaves the window (raise noncesPerSecondMax?)");
        }
    }
}
