package dev.palisade.console.scenarios;

import java.util.Set;

/**
 * L4: a script that follows docs/protocol.md to the letter: loads the page, solves its proof of work
 * natively (far faster than a browser's worker), but does not model the page's layout, which the
 * page's challenge program reads, so its answer is a guess. A script that models the challenge's three
 * layout rules answers every page in about a millisecond (SECURITY.md): the challenge does not refuse
 * L4, the work prices it, and that price is what this scenario measures. It never uses a debug token:
 * its cost is the point.
 */
final class ProtocolScript {

    /** What a script sends without a model of the page's layout: any 16 hex digits are a guess. */
    private static final String GUESS = "0000000000000000";

    private ProtocolScript() {}

    static Attack scenario(int n) {
        return new Attack(n, "Protocol script", Level.PROTOCOL_SCRIPT,
                "a script speaks the documented protocol and solves the proof of work natively, but does not model the page's"
                        + " layout: its guessed answer is refused challenge_failed; one that models it still pays the proof"
                        + " of work measured here",
                "bootstrap (page challenge)", Set.of("challenge_failed"), (ctx, steps) -> {
                    try (ScenarioClient c = ctx.client(n, 10, ScenarioContext.BROWSER)) {
                        // first, that the work is not the script's choice: without it, or with it wrong, no ticket
                        // (else the cost below would be one the script chose to pay)
                        steps.attempt("bootstrap without the work", "POST /auth/bootstrap",
                                c.bootstrap(c.page(), null, GUESS), "work_required");
                        ScenarioClient.Page probe = c.page();
                        long[] madeUp = new long[probe.work().count()];
                        while (probe.work().isSolvedBy(madeUp)) madeUp[0]++; // at a bit or two, zeros may solve it
                        steps.attempt("bootstrap with the work's counters made up", "POST /auth/bootstrap",
                                c.bootstrap(probe, madeUp, GUESS), "work_invalid");
                        long wall0 = System.nanoTime();
                        ScenarioClient.Page page = c.page();
                        steps.add("load the page: nonce, " + NativeWork.asked(page.work()), "GET /", page.reply());
                        steps.add("fetch the challenge program (it reads the page's layout, which this script does not model)",
                                "GET " + page.challengeScript(), c.send(c.request(page.challengeScript()).get().build()));
                        NativeWork solved = NativeWork.solve(page.work());
                        steps.attempt("bootstrap with the work solved (" + solved.hashes() + ") and a guessed answer (this script"
                                        + " does not model the page's layout)",
                                "POST /auth/bootstrap", c.bootstrap(page, solved.solution().counters(), GUESS));
                        steps.cost(new Cost(solved.cpuMillis(), (System.nanoTime() - wall0) / 1e6,
                                "native SHA-256, " + solved.hashes() + ", the price of every L4 session: CPU time, page to refusal"));
                    }
                });
    }
}
