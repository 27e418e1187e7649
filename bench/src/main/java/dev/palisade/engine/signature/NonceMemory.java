package dev.palisade.engine.signature;

import java.util.Locale;

/**
 * What the embedded nonce store keeps at a steady rate of signed calls: {@code perSecond} nonces a
 * second for 700 seconds (more than the ring's 608), from 8 sessions, then the slots its tables hold.
 * With a second argument, the seconds behind a window of that many seconds (and 2 s more) are let go
 * every 5 s, as the engine's maintenance does (BENCHMARKS.md, section 2j).
 *
 * <p>In the store's package only to read {@link MemoryNonceStore#heldSlots()}.
 */
public final class NonceMemory {

    public static void main(String[] args) {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        MemoryNonceStore store = new MemoryNonceStore(() -> 1_000_000, () -> 1_000_000);
        long first = 1_800_000_000L;
        long nonce = 1;
        for (int s = 0; s < 700; s++) {
            for (int i = 0; i < perSecond; i++) store.record(1 + (i & 7), nonce++, first + s);
            if (window >= 0 && s % 5 == 0) store.forgetBefore(first + s - window - 2);
        }
        System.out.printf(Locale.ROOT, "nonce store: %d nonces/s for 700 s, %s: %d slots held, %.1f MB of tables%n", perSecond,
                window < 0 ? "nothing let go" : "let go behind a " + window + " s window every 5 s", store.heldSlots(),
                store.heldSlots() * 8 / 1e6);
    }
}
