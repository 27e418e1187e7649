package dev.palisade.engine.signature;

/**
 * The first second a single node accepts signatures created in after a start. Nonces live in memory, so a
 * signature created before the start may have been used already; so may one created in a second the previous
 * run accepted a signature in ({@link NoncesAhead#signedThrough()}), which a start quicker than two seconds, or
 * a clock set back, puts after the start.
 *
 * @param second      the floor, in epoch seconds
 * @param clockBehind how many seconds at least this start's clock is behind the previous run's (0: it is not)
 * @param capped      whether the floor stops at the skew window past the start, short of the previous run's
 *                    newest second: a clock set back further would refuse every signed call for that long
 */
public record StartFloor(long second, long clockBehind, boolean capped) {

    public static StartFloor of(long startedAtMillis, long signedThrough, long skewSeconds) {
        long start = Math.floorDiv(startedAtMillis, 1000);
        if (signedThrough < start) return new StartFloor(start, 0, false);
        // the previous run's newest unwritten second is at most one ahead of its clock: further, its clock was ahead
        long behind = Math.max(0, signedThrough - 1 - start);
        // a client signs from the floor (told by Retry-After), so it stays within the skew window; and past the seconds
        // a quick restart may leave open, however narrow the window (review 62, L3)
        long limit = start + Math.max(skewSeconds, NoncesAhead.AHEAD_SECONDS);
        return signedThrough + 1 > limit ? new StartFloor(limit, behind, true) : new StartFloor(signedThrough + 1, behind, false);
    }
}
