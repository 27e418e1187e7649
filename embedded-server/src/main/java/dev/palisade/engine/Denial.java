package dev.palisade.engine;

/**
 * A refusal with its reason code and an explanation for the caller and the operator. Thrown by
 * flows outside the pipeline (bootstrap, login, token verification); carries no stack trace, since
 * its cause is known and it may be thrown at attack rates.
 */
public final class Denial extends PalisadeException {
    private final Reason reason;

    public Denial(Reason reason, String explanation) {
        super(explanation);
        this.reason = reason;
    }

    public Reason reason() { return reason; }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; }
}
