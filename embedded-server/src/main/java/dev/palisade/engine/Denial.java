package dev.palisade.engine;

/**
 * A refusal with its reason code and an explanation for the caller and the operator. Thrown by
 * flows outside the pipeline (bootstrap, login, token verification); carries no stack trace, since
 * its cause is known and it may be thrown at attack rates.
 */
public final class Denial extends PalisadeException {
    private final Reason reason;
    private final long retryAfterSeconds;

    /** Seconds a report refused {@code report_busy} is asked to wait. */
    public static final long REPORT_RETRY_SECONDS = 5;

    /** A report of the stored events or calls refused: too many are under way ({@code why}). */
    public static Denial reportBusy(String why) {
        return new Denial(Reason.REPORT_BUSY, why + "; try again in a few seconds", REPORT_RETRY_SECONDS);
    }

    public Denial(Reason reason, String explanation) {
        this(reason, explanation, 0);
    }

    /** @param retryAfterSeconds when trying again may succeed (sent as {@code Retry-After}); 0 for never */
    public Denial(Reason reason, String explanation, long retryAfterSeconds) {
        super(explanation);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() { return reason; }

    public long retryAfterSeconds() { return retryAfterSeconds; }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; }
}
