package dev.palisade.console.scenarios;

import java.util.List;

/**
 * A run's last line, the same in the console and on the command line: whether every scenario behaved, and how many
 * could not run. A scenario not run proves nothing of its rung: "all behaved" read as if it had (audits 50 and 52).
 */
public final class RunVerdict {

    private RunVerdict() {
    }

    public static String of(List<Outcome> outcomes) {
        long failed = outcomes.stream().filter(o -> !o.asExpected()).count();
        long skipped = outcomes.stream().filter(o -> o.result() == Outcome.Result.SKIPPED).count();
        boolean one = outcomes.size() == 1;
        if (failed > 0) return (one ? "The scenario" : failed + " of " + outcomes.size() + " scenarios") + " did NOT behave as expected.";
        if (skipped > 0) {
            return (outcomes.size() - skipped) + " of " + outcomes.size() + " scenario" + (one ? "" : "s")
                    + " behaved as expected; " + skipped + " could not run here (see their notes), so what they show is not proven.";
        }
        long attacks = outcomes.stream().filter(o -> !o.scenario().legitimate()).count();
        boolean person = outcomes.size() > attacks;
        String what = (attacks == 0 ? "" : attacks == 1 ? "the attack was caught or flagged" : "every attack was caught or flagged")
                + (attacks > 0 && person ? ", " : "") + (person ? "the person was neither refused nor flagged" : "");
        return (one ? "The scenario" : "All " + outcomes.size() + " scenarios") + " behaved as expected: " + what + ".";
    }
}
