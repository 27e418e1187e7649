package dev.palisade.engine.alert;

/**
 * Events counted over the last {@code steps} steps of time (seconds, or 30 s), a slot a step: a step leaves the count
 * whole once the newest step is that far past it. An event older than the window is not counted. Not thread-safe:
 * the alert thread's alone.
 */
final class SteppedCount {

    private final int[] bySteps;
    private long newestStep = Long.MIN_VALUE;
    private long inWindow;

    SteppedCount(int steps) {
        this.bySteps = new int[steps];
    }

    /** Counts an event of step {@code step}; false, and not counted, when it is older than the window. */
    boolean add(long step) {
        int steps = bySteps.length;
        if (step > newestStep) {
            long from = newestStep == Long.MIN_VALUE ? step - steps + 1 : Math.max(newestStep + 1, step - steps + 1);
            for (long s = from; s <= step; s++) {
                int i = (int) Math.floorMod(s, (long) steps);
                inWindow -= bySteps[i];
                bySteps[i] = 0;
            }
            newestStep = step;
        } else if (step <= newestStep - steps) {
            return false; // an event that waited long in a queue
        }
        bySteps[(int) Math.floorMod(step, (long) steps)]++;
        inWindow++;
        return true;
    }

    /** The newest step counted, or {@code Long.MIN_VALUE} before any. */
    long newestStep() { return newestStep; }

    /** The events within the window. */
    long count() { return inWindow; }
}
