package dev.palisade.console.ui.scenarios;

import dev.palisade.console.scenarios.Step;

/** One live step, with the scenario it belongs to. */
public record StepRow(String scenario, Step step) {}
