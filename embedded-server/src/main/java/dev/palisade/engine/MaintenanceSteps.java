package dev.palisade.engine;

/**
 * The steps of one maintenance run: each runs whatever failed before it, and the first failure is
 * thrown once all have run (later ones ride along as suppressed), so the run is still seen to fail.
 */
final class MaintenanceSteps {

    private RuntimeException failed;

    void step(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (failed == null) failed = e;
            else failed.addSuppressed(e);
        }
    }

    void done() {
        if (failed != null) throw failed;
    }
}
