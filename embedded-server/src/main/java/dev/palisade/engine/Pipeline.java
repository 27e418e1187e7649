package dev.palisade.engine;

import java.util.List;

/** Runs the checks in order, cheapest first; the first denial stops the chain. */
public final class Pipeline {

    private static final String ALLOW_CHECK = "pipeline";
    private static final String ALLOW_EXPLANATION = "every check passed";
    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    private final Check[] checks;
    /**
     * When a check's failure, and an undo's, was last logged: a caller who found a way to make one fail may send it at
     * line rate. Apart, so an undo failing in the wake of a check's failure does not hide the check's.
     */
    private final OncePer checkLogged = new OncePer(java.time.Duration.ofMinutes(1));
    private final OncePer undoLogged = new OncePer(java.time.Duration.ofMinutes(1));

    public Pipeline(List<Check> checks) {
        this.checks = checks.toArray(Check[]::new);
    }

    /** The checks' names in pipeline order: the values a denying verdict's {@code check} can take. */
    public List<String> checkNames() {
        return java.util.Arrays.stream(checks).map(Check::name).toList();
    }

    public Verdict evaluate(ProtectedRequest request) {
        long start = System.nanoTime();
        int i = 0;
        Verdict denial = null;
        try {
            for (; i < checks.length && denial == null; i++) denial = checks[i].evaluate(request);
        } catch (BodyRefused e) {
            undoBefore(i, request);
            throw e;
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            // the cluster's shared state did not answer a check that does not say so itself: nothing was decided
            undoBefore(i, request);
            return new Verdict(Reason.STATE_UNAVAILABLE, checks[i].name(), "the cluster's shared state does not answer;"
                    + " try again in a few seconds", System.nanoTime() - start, 2);
        } catch (RuntimeException e) {
            // a defect (audit 49: the JWT library threw on a header `null`) still ends in a refusal that is recorded,
            // not in a 500 no event tells of, and the checks before it give back what they took
            failed(checkLogged, "check " + checks[i].name() + " failed on " + request.method(), e);
            undoBefore(i, request);
            return new Verdict(Reason.INTERNAL_ERROR, checks[i].name(), "the server failed on this call; the server log"
                    + " tells of such failures", System.nanoTime() - start, 0);
        }
        if (denial == null) return new Verdict(Reason.ALLOWED, ALLOW_CHECK, ALLOW_EXPLANATION, System.nanoTime() - start, 0);
        undoBefore(i - 1, request); // outside the try: an undo that fails is not the check's failure, nor undone twice
        return denial.withCost(System.nanoTime() - start);
    }

    /** Undoes the checks before check {@code failed}, latest first; one whose undo fails leaves its record (logged). */
    private void undoBefore(int failed, ProtectedRequest request) {
        for (int done = failed - 1; done >= 0; done--) {
            try {
                checks[done].undo(request);
            } catch (RuntimeException e) {
                failed(undoLogged, "undo of check " + checks[done].name() + " failed on " + request.method(), e);
            }
        }
    }

    /** Logs a failure, at most once a minute: a caller who found a way to make one fail may send it at line rate. */
    private static void failed(OncePer logged, String what, RuntimeException e) {
        if (logged.take()) LOG.log(System.Logger.Level.ERROR, what + " (logged at most once a minute)", e);
    }
}
