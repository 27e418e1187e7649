package dev.palisade.engine;

import java.util.List;

/** Runs the checks in order, cheapest first; the first denial stops the chain. */
public final class Pipeline {

    private static final String ALLOW_CHECK = "pipeline";
    private static final String ALLOW_EXPLANATION = "every check passed";

    private final Check[] checks;

    public Pipeline(List<Check> checks) {
        this.checks = checks.toArray(Check[]::new);
    }

    /** The checks' names in pipeline order: the values a denying verdict's {@code check} can take. */
    public List<String> checkNames() {
        return java.util.Arrays.stream(checks).map(Check::name).toList();
    }

    public Verdict evaluate(ProtectedRequest request) {
        long start = System.nanoTime();
        for (int i = 0; i < checks.length; i++) {
            Verdict denial = checks[i].evaluate(request);
            if (denial != null) {
                for (int done = i - 1; done >= 0; done--) checks[done].undo(request);
                return denial.withCost(System.nanoTime() - start);
            }
        }
        return new Verdict(Reason.ALLOWED, ALLOW_CHECK, ALLOW_EXPLANATION, System.nanoTime() - start, 0);
    }
}
