package dev.palisade.console.scenarios;

import java.util.List;
import java.util.Locale;

/**
 * What a scenario met. An attack should end {@link Result#CAUGHT} (or {@link Result#FLAGGED} where
 * that is its rung's promise); the person should end {@link Result#PASSED}. A scenario that could not
 * run here (no browser) is {@link Result#SKIPPED} with the reason in {@code note}: that is reported,
 * not a failure.
 *
 * @param met   the code that decided the scenario (the denial, the flag's event code, or "ok")
 * @param check the check that caught or flagged it, empty otherwise
 */
public record Outcome(Scenario scenario, Result result, String met, String check, List<Step> steps, String note,
                      Cost cost) {

    public enum Result {
        CAUGHT, FLAGGED, PASSED, SKIPPED, ERROR;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    public static Outcome skipped(Scenario s, String reason) {
        return new Outcome(s, Result.SKIPPED, "", "", List.of(), reason, Cost.none("not run"));
    }

    public static Outcome error(Scenario s, String why, List<Step> steps) {
        return new Outcome(s, Result.ERROR, "error", "", steps, "could not run: " + why, Cost.none("not run"));
    }

    /** Whether the run may count this scenario as behaving: for an attack "passed" is a failure, for the person success. */
    public boolean asExpected() {
        return switch (result) {
            case SKIPPED -> true;
            case ERROR -> false;
            case PASSED -> scenario.legitimate();
            case CAUGHT, FLAGGED -> !scenario.legitimate() && scenario.meets(met, check);
        };
    }

    /** How the console and the command line say it: caught, flagged, passed, skipped, error; upper case when wrong. */
    public String verdict() {
        String label = result.label();
        return asExpected() ? label : label.toUpperCase(Locale.ROOT);
    }
}
