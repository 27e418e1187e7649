package dev.palisade.console.scenarios;

import java.util.List;

/**
 * What a scenario met. For an attack, {@code passed} means it was caught as expected; for the
 * legitimate client, that nothing was denied.
 *
 * @param met the code that decided the scenario (the expected denial, or the first surprise)
 */
public record Outcome(Scenario scenario, boolean passed, String met, List<Step> steps, String note) {}
