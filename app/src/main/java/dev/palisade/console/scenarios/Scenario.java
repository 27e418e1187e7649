package dev.palisade.console.scenarios;

import java.util.Set;
import java.util.function.Consumer;

/** An abuse demonstration (or the person), runnable from the console and the command line. */
public interface Scenario {

    int number();

    String name();

    /** The rung of the attacker ladder this caller stands on. */
    Level level();

    /** What the caller does, in one sentence. */
    String description();

    /** Which defence should trip. */
    String defence();

    /** The codes that count as caught (or flagged); empty for the person, who must meet no denial and no flag. */
    Set<String> expected();

    /** Runs the scenario, reporting each step as it happens. */
    Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception;

    default boolean legitimate() { return level() == Level.PERSON; }

    /** What must happen, as the console's table and the command line's say it. */
    default String expectedText() {
        return legitimate() ? "no denial, no flag" : String.join(" or ", expected());
    }
}
