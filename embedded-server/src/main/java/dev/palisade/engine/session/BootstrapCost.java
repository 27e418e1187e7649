package dev.palisade.engine.session;

/**
 * What the bootstrap that opened a session paid (ladder red team 55, M4: the operator saw an attacker's work per
 * bootstrap event, not per session): the bits of work of each of its page's puzzles (0 when a debug token waived the
 * work) and the milliseconds from serving the page to the bootstrap (a script answers in tens of milliseconds, a
 * person's browser in hundreds or more).
 */
public record BootstrapCost(int bits, long sincePageMillis) {

    /** The most bits a session keeps: more than any page asks ({@code powMaxBits} is at most 32). */
    public static final int MAX_BITS = Byte.MAX_VALUE;
    /** The most milliseconds a session keeps: a later bootstrap (the window can be 15 minutes) shows this. */
    public static final long MAX_SINCE_PAGE_MILLIS = Character.MAX_VALUE;

    public BootstrapCost {
        if (bits < 0 || bits > MAX_BITS) throw new IllegalArgumentException("bits from 0 to " + MAX_BITS + ", not " + bits);
        if (sincePageMillis < 0) throw new IllegalArgumentException("a bootstrap comes after its page");
    }

    /**
     * What a store gives back, or null where no version writes such values (a session written before the bootstrap
     * was kept is -1 in SQLite and has no member in Redis): a record a store cannot read never stops a start.
     */
    public static BootstrapCost stored(int bits, long sincePageMillis) {
        return bits < 0 || bits > MAX_BITS || sincePageMillis < 0 ? null : new BootstrapCost(bits, sincePageMillis);
    }

    /** As a session keeps it: the time capped at {@link #MAX_SINCE_PAGE_MILLIS}. */
    public BootstrapCost capped() {
        return sincePageMillis <= MAX_SINCE_PAGE_MILLIS ? this : new BootstrapCost(bits, MAX_SINCE_PAGE_MILLIS);
    }
}
