package dev.palisade.state.redis;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.SetArgs;

import java.time.Clock;

/**
 * Which life of the cluster's nonce store a node records into. Redis may lose what it holds (a restart
 * without persistence, {@code FLUSHALL}, an eviction) while the nodes keep their sessions in memory:
 * every nonce recorded before would then be taken again, so a captured request could be replayed. One
 * key, written once with no expiry, names the store's life and the second it began in; the nonce script
 * compares it on every call (no extra round trip), and a node that finds it gone or changed adopts the
 * new life, whose signatures created in or before its first second are refused as stale, as a single
 * server refuses those from before its start.
 */
final class NonceEpoch {

    /** A life and the last second whose signatures it refuses. */
    record Life(String value, long floor) {}

    private static final Life UNKNOWN = new Life("", Long.MIN_VALUE); // never stored: the first call adopts

    private final RedisLink link;
    private final String key;
    private final Clock clock;
    private volatile Life life = UNKNOWN;

    NonceEpoch(RedisLink link, Clock clock) {
        this.link = link;
        this.key = link.key("nonce:epoch");
        this.clock = clock;
    }

    String key() { return key; }

    Life life() { return life; }

    /**
     * At a node's start: begins a life if the store has none, refusing only the seconds before this one,
     * so a new cluster's first calls are taken (as a single server refuses those from before its start).
     */
    synchronized void open() {
        if (life != UNKNOWN) return;
        try {
            String found = read();
            if (found == null) begin(-1);
            adopt(found == null ? read() : found);
        } catch (StateUnavailableException e) {
            // Redis went away again: the first signed call adopts the life it finds
        }
    }

    /**
     * Takes the life the script found in Redis ({@code ""} when there is none: the store lost its data,
     * so a life begins now).
     */
    synchronized void adopt(String found) {
        if (found == null || found.isEmpty()) {
            begin(0); // this second's nonces may have been recorded before the loss
            found = read();
            if (found == null) {
                throw new StateUnavailableException("Redis at " + link.where() + " lost the nonce store's epoch"
                        + " as soon as it was written (is it evicting keys?)", null);
            }
        }
        int space = found.lastIndexOf(' ');
        long floor;
        try {
            floor = Long.parseLong(found.substring(space + 1));
        } catch (NumberFormatException e) {
            throw new StateUnavailableException("Redis at " + link.where() + " holds a nonce store epoch this"
                    + " version cannot read", e);
        }
        life = new Life(found, floor);
    }

    private String read() {
        return link.call("read the nonce store's epoch", r -> r.get(key));
    }

    /** Begins a life that refuses signatures up to this second plus {@code seconds}, unless another node began one. */
    private void begin(int seconds) {
        String value = Secrets.randomToken(9) + " " + (Math.floorDiv(clock.millis(), 1_000L) + seconds);
        link.call("begin the nonce store's epoch", r -> r.set(key, value, SetArgs.Builder.nx()));
    }
}
