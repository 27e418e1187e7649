package dev.palisade.engine.event;

import dev.palisade.engine.Meter;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The protected app's verifying middleware refusing calls Palisade forwarded (reverse-proxy mode),
 * by the fault its answer names ({@code WWW-Authenticate: PalisadeUpstream error="…"}). Each is
 * counted; each fault is recorded as an {@code upstream_signature} event at most once a second, since
 * then the app may refuse every call, and a fault any caller can bring about (a body) must not hide
 * another (a key).
 */
public final class UpstreamRefusals {

    /** The faults counted, each a label of {@code palisade_upstream_refusals_total}: the middleware's, and {@code other}. */
    public static final java.util.List<String> FAULTS =
            java.util.Arrays.stream(Fault.values()).map(Fault::label).toList();
    /** The label of a refusal whose fault this server does not know. */
    public static final String OTHER = "other";

    /** What the middleware says was wrong, and what that tells the operator. */
    enum Fault {
        SIGNATURE("signature", "its middleware holds another key than this server's upstream.key, or the call was"
                + " changed on its way"),
        EXPIRED("expired", "its clock is further from this server's than its middleware allows (by default more than"
                + " 5 s behind, or more than 35 s ahead: the signature's 30 s life and the 5 s tolerance)"),
        NONCE("nonce", "its middleware saw the signature's nonce before, or could not check it (its nonce store)"),
        BODY("body", "its middleware refused the call's body: one this server sends without a digest (allowUndigestedBodies),"
                + " one over its maxBodyBytes, or one a body parser read before it"),
        OTHER("", "its middleware gave no reason this server knows");

        final String name;
        final String meaning;

        Fault(String name, String meaning) {
            this.name = name;
            this.meaning = meaning;
        }

        /** Its label in the metric: its name, {@code other} for {@link #OTHER}. */
        String label() { return this == OTHER ? UpstreamRefusals.OTHER : name; }

        static Fault of(String name) {
            for (Fault f : values()) if (f != OTHER && f.name.equals(name)) return f;
            return OTHER;
        }
    }

    private final Audit audit;
    private final Meter meter;
    private final Clock clock;
    /** When each fault was last recorded. */
    private final AtomicLong[] recorded = new AtomicLong[Fault.values().length];

    public UpstreamRefusals(Audit audit, Meter meter, Clock clock) {
        this.audit = audit;
        this.meter = meter;
        this.clock = clock;
        for (int i = 0; i < recorded.length; i++) recorded[i] = new AtomicLong(Long.MIN_VALUE);
    }

    /** A call to {@code path} refused for {@code fault} (the answer's {@code error}, null when it named none). */
    public void refused(String path, String fault) {
        Fault f = Fault.of(fault);
        meter.upstreamRefused(f.label());
        AtomicLong last = recorded[f.ordinal()];
        long now = clock.millis();
        long before = last.get();
        // a clock stepped back records at once: else a wrong clock, which this reports, would silence it
        boolean due = before == Long.MIN_VALUE || now < before || now - before >= 1_000;
        if (due && last.compareAndSet(before, now)) {
            audit.system("upstream_signature", path + ": the protected API refused a call this server forwarded"
                    + (f == Fault.OTHER ? "" : " (" + f.name + ")") + ": " + f.meaning
                    + " (each fault recorded at most once a second; palisade_upstream_refusals_total counts every refusal)");
        }
    }
}
