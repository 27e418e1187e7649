package dev.palisade.engine;

/**
 * A refusal with its reason code and an explanation for the caller and the operator. Thrown by
 * flows outside the pipeline (bootstrap, login, token verification); carries no stack trace, since
 * its cause is known and it may be thrown at attack rates.
 */
public final class Denial extends PalisadeException {
    private final Reason reason;
    private final long retryAfterSeconds;
    private final String check;

    /**
     * The check that refuses a page, ticket or session used from an address dearer than the one it was priced for
     * ({@code no_bootstrap}, {@code reauth_required}), in events and problem documents.
     */
    public static final String PRICE_CHECK = "price";

    /** Seconds a report refused {@code report_busy} is asked to wait. */
    public static final long REPORT_RETRY_SECONDS = 5;

    /** A report of the stored events or calls refused: too many are under way ({@code why}). */
    public static Denial reportBusy(String why) {
        return new Denial(Reason.REPORT_BUSY, why + "; try again in a few seconds", REPORT_RETRY_SECONDS, "report");
    }

    /**
     * A page or ticket used from another address than the one it was priced for, whose pages ask more work: a
     * {@code no_bootstrap} whose check, {@code price}, tells it from a nonce or ticket that is unknown, used or late.
     */
    public static Denial price(String why) {
        return new Denial(Reason.NO_BOOTSTRAP, why, 0, PRICE_CHECK);
    }

    public Denial(Reason reason, String explanation) {
        this(reason, explanation, 0);
    }

    /** @param retryAfterSeconds when trying again may succeed (sent as {@code Retry-After}); 0 for never */
    public Denial(Reason reason, String explanation, long retryAfterSeconds) {
        this(reason, explanation, retryAfterSeconds, "auth");
    }

    private Denial(Reason reason, String explanation, long retryAfterSeconds, String check) {
        super(explanation);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
        this.check = check;
    }

    public Reason reason() { return reason; }

    public long retryAfterSeconds() { return retryAfterSeconds; }

    /** What refused, as a problem document's {@code check} names it: {@code auth}, {@code report} for a busy report, {@code price} for
     * a page or ticket priced for another address. */
    public String check() { return check; }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; }
}
