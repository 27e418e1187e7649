package dev.palisade.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code -Dbench.profile=DIR}: async-profiler samples this JVM's CPU during each counted wrk phase (Java, JIT'd,
 * native and kernel frames, every {@code -Dbench.profileInterval} ns of CPU, 1 ms by default: at 100 µs this VM's
 * interrupt entry took a quarter of the samples and the server ran at a fifth of its speed). Each phase's stacks
 * are written collapsed to {@code DIR/<side>-<n>.collapsed}, and its request count to {@code DIR/phases.tsv};
 * {@link ProfileDiff} turns them into microseconds a call by frame, side by side (BENCHMARKS.md, section 2af).
 * Warm-up phases, which name no side, are not sampled. Off by default.
 */
final class PhaseProfile {

    private static final String DIR = System.getProperty("bench.profile");
    private static final long INTERVAL = Long.getLong("bench.profileInterval", 1_000_000);
    private static String side;
    private static int phases;

    private PhaseProfile() {}

    /** The next phase is a counted one of this side (A or B). */
    static void as(String name) {
        side = name;
    }

    static void start() throws Exception {
        if (DIR == null || side == null) return;
        one.profiler.AsyncProfiler.getInstance().execute("start,event=cpu,interval=" + INTERVAL);
    }

    static void stop(long requests) throws Exception {
        if (DIR == null || side == null) return;
        Files.createDirectories(Path.of(DIR));
        String name = side + "-" + (++phases) + ".collapsed";
        side = null;
        one.profiler.AsyncProfiler.getInstance().execute("stop,collapsed,file=" + Path.of(DIR, name));
        Files.writeString(Path.of(DIR, "phases.tsv"), name + "\t" + requests + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
