package dev.palisade.engine.session;

/**
 * What the bootstrap that opened a session paid (ladder red team 55, M4: the operator saw an attacker's work per
 * bootstrap event, not per session): the bits of work of each of its page's puzzles (0 when a debug token waived the
 * work, which {@code workWaived} says, so a waived bootstrap is not read as a page that asked none) and the
 * milliseconds from serving the page to the bootstrap (a script answers in tens of milliseconds, a person's browser in
 * hundreds or more).
 */
public record BootstrapCost(int bits, long sincePageMillis, boolean workWaived) {

    /** The most bits a session keeps: more than any page asks ({@code powMaxBits} is at most 32). */
    public static final int MAX_BITS = Byte.MAX_VALUE;
    /** The most milliseconds a session keeps: a later bootstrap (the window can be 15 minutes) shows this. */
    public static final long MAX_SINCE_PAGE_MILLIS = Character.MAX_VALUE;

    /**
     * The bits a store writes for a bootstrap whose work a debug token waived: below the -1 of "not known", which
     * a version before it reads as not known.
     */
    public static final int WAIVED_BITS = -2;

    public BootstrapCost {
        if (bits < 0 || bits > MAX_BITS) throw new IllegalArgumentException("bits from 0 to " + MAX_BITS + ", not " + bits);
        if (sincePageMillis < 0) throw new IllegalArgumentException("a bootstrap comes after its page");
        if (workWaived && bits != 0) throw new IllegalArgumentException("a waived bootstrap did no work, not " + bits + " bits");
    }

    /** A bootstrap that did its page's work (of 0 bits when the page asked none). */
    public BootstrapCost(int bits, long sincePageMillis) {
        this(bits, sincePageMillis, false);
    }

    /** A bootstrap a debug token let through without its page's work. */
    public static BootstrapCost waived(long sincePageMillis) {
        return new BootstrapCost(0, sincePageMillis, true);
    }

    /** The bits as a store writes them: {@link #WAIVED_BITS} when the work was waived (read back by {@link #stored}). */
    public int storedBits() {
        return workWaived ? WAIVED_BITS : bits;
    }

    /**
     * What a store gives back, or null where no version writes such values (a session written before the bootstrap
     * was kept is -1 in SQLite and has no member in Redis): a record a store cannot read never stops a start.
     */
    public static BootstrapCost stored(int bits, long sincePageMillis) {
        if (sincePageMillis < 0) return null;
        if (bits == WAIVED_BITS) return waived(sincePageMillis);
        return bits < 0 || bits > MAX_BITS ? null : new BootstrapCost(bits, sincePageMillis);
    }

    /** As a session keeps it: the time capped at {@link #MAX_SINCE_PAGE_MILLIS}. */
    public BootstrapCost capped() {
        return sincePageMillis <= MAX_SINCE_PAGE_MILLIS ? this : new BootstrapCost(bits, MAX_SINCE_PAGE_MILLIS, workWaived);
    }
}
