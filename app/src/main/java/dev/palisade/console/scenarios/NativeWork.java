package dev.palisade.console.scenarios;

import dev.palisade.protocol.WorkChallenge;

import java.lang.management.ManagementFactory;

/**
 * A page's proof of work solved as a script solves it, in native code, and the CPU time that took this thread: what
 * an L4 session costs its attacker, beside the person's wait in a browser.
 */
record NativeWork(WorkChallenge.Solution solution, double cpuMillis) {

    static NativeWork solve(WorkChallenge work) {
        var cpu = ManagementFactory.getThreadMXBean();
        long before = cpu.getCurrentThreadCpuTime();
        WorkChallenge.Solution solved = work.solve();
        return new NativeWork(solved, (cpu.getCurrentThreadCpuTime() - before) / 1e6);
    }

    /** "65 536 hashes" as a step tells it: "1 hash" or "N hashes". */
    String hashes() {
        return solution.hashes() + (solution.hashes() == 1 ? " hash" : " hashes");
    }

    /** "4 puzzles of 17 bits": what a page's work asks. */
    static String asked(WorkChallenge work) {
        return work.count() + (work.count() == 1 ? " puzzle" : " puzzles") + " of " + work.bits()
                + (work.bits() == 1 ? " bit" : " bits");
    }
}
