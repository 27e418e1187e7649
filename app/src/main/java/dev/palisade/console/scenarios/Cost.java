package dev.palisade.console.scenarios;

import java.util.Locale;

/**
 * What getting a session cost a caller, the measure the ladder is about: an attacker should pay far
 * more than the person. Null members were not measured (e.g. a caller that never got that far).
 *
 * @param workMillis the proof of work: CPU time for a native solver, {@code Palisade.lastBootstrap.millis}
 *                   in a browser
 * @param wallMillis from loading the page to a session (or to the refusal)
 * @param basis      how it was measured, or why there is nothing to measure
 */
public record Cost(Double workMillis, Double wallMillis, String basis) {

    /** Nothing measured, and why. */
    public static Cost none(String why) {
        return new Cost(null, null, why);
    }

    public static final Cost DEBUG_TOKEN = none("debug token: work and challenge skipped");

    public boolean measured() { return workMillis != null || wallMillis != null; }

    public static String millis(Double ms) {
        return ms == null ? "—" : String.format(Locale.ROOT, ms < 10 ? "%.1f" : "%.0f", ms);
    }

    @Override
    public String toString() {
        return measured() ? "work " + millis(workMillis) + " ms, wall " + millis(wallMillis) + " ms (" + basis + ")" : basis;
    }
}
