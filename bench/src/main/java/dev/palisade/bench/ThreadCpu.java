package dev.palisade.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * This JVM's threads' CPU, context switches and system calls, from {@code /proc/self/task}, grouped
 * by thread name with its digits dropped ({@code qtp123-45} and {@code qtp123-46} are one group). Two
 * snapshots around a phase tell which threads carry a path's extra cost, and whether the kernel's part
 * of it comes with more thread switches or more system calls. A diagnostic
 * ({@code -Dbench.threads=true}); reading a few hundred small files at a phase's edges does not touch
 * the phase itself.
 */
final class ThreadCpu {

    /** One thread's counters: user and kernel ticks, voluntary and involuntary switches, read- and write-like system calls. */
    private record Counters(String group, long user, long kernel, long voluntary, long involuntary, long reads, long writes) { }

    private final Map<String, Counters> byTask;

    private ThreadCpu(Map<String, Counters> byTask) {
        this.byTask = byTask;
    }

    static ThreadCpu now() {
        Map<String, Counters> tasks = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = ProcStat.fieldsAfterName(stat);
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) voluntary = Long.parseLong(line.substring(24).trim());
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) involuntary = Long.parseLong(line.substring(27).trim());
                    }
                    long reads = 0;
                    long writes = 0;
                    try {
                        for (String line : Files.readAllLines(task.resolve("io"))) {
                            if (line.startsWith("syscr:")) reads = Long.parseLong(line.substring(6).trim());
                            if (line.startsWith("syscw:")) writes = Long.parseLong(line.substring(6).trim());
                        }
                    } catch (IOException noTaskIo) {
                        // a kernel without per-task I/O accounting: the calls show as 0
                    }
                    // a thread's id and start time: an id the kernel gives again to a new thread is another key
                    tasks.put(task.getFileName() + "@" + f[19], new Counters(name.replaceAll("[0-9]+", "#"),
                            Long.parseLong(f[11]), Long.parseLong(f[12]), voluntary, involuntary, reads, writes));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(tasks);
    }

    /**
     * Per call since {@code before}, by group: how many of its threads ran, µs user + kernel, switches voluntary / involuntary,
     * read- / write-like system calls. A thread that ended within the phase is not counted (its
     * counters went with it), so the groups may sum to less than the process's figure.
     */
    String perCallSince(ThreadCpu before, long calls) {
        Map<String, double[]> groups = new TreeMap<>();
        byTask.forEach((task, after) -> {
            Counters b = before.byTask.getOrDefault(task, new Counters(after.group(), 0, 0, 0, 0, 0, 0));
            double[] g = groups.computeIfAbsent(after.group(), k -> new double[7]);
            g[0] += after.user() - b.user();
            g[1] += after.kernel() - b.kernel();
            g[2] += after.voluntary() - b.voluntary();
            g[3] += after.involuntary() - b.involuntary();
            g[4] += after.reads() - b.reads();
            g[5] += after.writes() - b.writes();
            if (after.voluntary() + after.involuntary() > b.voluntary() + b.involuntary()) g[6]++; // ran in the phase
        });
        StringBuilder out = new StringBuilder();
        groups.forEach((group, g) -> {
            if ((g[0] + g[1]) * 1e4 / calls < 0.5 && (g[2] + g[3]) / calls < 0.01) return; // too little to tell
            out.append(String.format(Locale.ROOT, "%n           %-28s %3.0f threads ran; user %5.1f + kernel %5.1f µs, switches %.3f + %.3f, system calls read %.2f write %.2f",
                    group, g[6], g[0] * 1e4 / calls, g[1] * 1e4 / calls, g[2] / calls, g[3] / calls, g[4] / calls, g[5] / calls));
        });
        return out.toString();
    }
}
