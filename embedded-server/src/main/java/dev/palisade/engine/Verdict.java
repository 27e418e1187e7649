package dev.palisade.engine;

import java.util.Objects;

/**
 * One decision of the pipeline: allowed or denied, why, by which check, and what deciding cost.
 *
 * @param reason      {@link Reason#ALLOWED} or the denial's code
 * @param check       the check that decided ({@code "pipeline"} when every check passed)
 * @param explanation what a human needs to know: why it was denied, what would have passed
 * @param costNanos   time spent in the pipeline for this request
 * @param retryAfterSeconds when a retry may succeed (rate limits), 0 when it does not apply
 */
public record Verdict(Reason reason, String check, String explanation, long costNanos, long retryAfterSeconds) {

    public Verdict {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(explanation, "explanation");
    }

    public static Verdict deny(Reason reason, String check, String explanation) {
        return new Verdict(reason, check, explanation, 0, 0);
    }

    public boolean allowed() { return reason == Reason.ALLOWED; }

    public Verdict withCost(long nanos) {
        return new Verdict(reason, check, explanation, nanos, retryAfterSeconds);
    }
}
