package dev.palisade.console.scenarios;

import java.util.Set;
import java.util.function.Consumer;

/** An abuse demonstration (or the legitimate client), runnable from the console and the command line. */
public interface Scenario {

    int number();

    String name();

    /** What the attacker does, in one sentence. */
    String description();

    /** Which defence should trip. */
    String defence();

    /** The codes that count as caught; empty for the legitimate client, which must meet no denial. */
    Set<String> expected();

    /** Runs the scenario, reporting each step as it happens. */
    Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception;

    default boolean legitimate() { return expected().isEmpty(); }
}
