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

    /**
     * The check that must have refused it, where its code alone does not tell the rung ({@code no_bootstrap} is L0's
     * hotlinking, and L4's price when the {@code price} check refuses it); empty when the code is enough.
     */
    default String expectedCheck() { return ""; }

    /** Whether {@code code} from {@code check} is what this scenario must meet. */
    default boolean meets(String code, String check) {
        return expected().contains(code) && (expectedCheck().isEmpty() || expectedCheck().equals(check));
    }

    /** Runs the scenario, reporting each step as it happens. */
    Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception;

    default boolean legitimate() { return level() == Level.PERSON; }

    /** What must happen, as the console's table and the command line's say it. */
    default String expectedText() {
        if (legitimate()) return "no denial, no flag";
        return String.join(" or ", expected()) + (expectedCheck().isEmpty() ? "" : " by " + expectedCheck());
    }
}
