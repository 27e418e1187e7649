package dev.palisade.engine;

/**
 * A signed call's body could not be read for its digest (over the limit, cut short): the call is
 * refused with {@link #reason()}, and that refusal is a decision like any other, counted and kept as an
 * event of its session, so a caller sending huge bodies shows in the console.
 */
public final class BodyRefused extends PalisadeException {

    private final Reason reason;

    public BodyRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
