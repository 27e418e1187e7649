package dev.palisade.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk phase ({@code -t1}, pinned to a core) walking a file of pre-signed requests with
 * {@code signed.lua}, and what it reported: requests per second, p50 and p99 in µs, and how many
 * answers were not 2xx (a run with any is void). Also the CPU this JVM (the Palisade server under
 * test; not nginx, an upstream or Redis) spent per request in user and kernel mode over the phase,
 * from {@code /proc/self/stat}; NaN where that file or wrk's count is missing. Throughput drifts with
 * this VM's speed; the split tells whether a path's extra cost is its own Java code or the kernel's.
 */
record Wrk(double rps, double p50, double p99, long errors, double userMicrosPerCall, double kernelMicrosPerCall,
           double bytesPerCall) {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    /**
     * Connections wrk could not open or write, and requests it gave up on (2 s): a phase with any is void too, or
     * a stalled server only read as a slower one (audit 51). Read errors are left out: a server closing a kept
     * connection as the phase ends counts one.
     */
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read \\d+, write (\\d+), timeout (\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    /** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture Debian ships. */
    private static final double TICKS_PER_SECOND = 100;
    /** -Dbench.threads=true: print each phase's CPU, thread switches and system calls per call by thread group. */
    private static final boolean THREADS = Boolean.getBoolean("bench.threads");

    /** @param path the request path every line is sent to (the signatures cover {@code /api/notes}) */
    static Wrk run(String cpu, int connections, int seconds, int port, Path script, Path file, String userAgent, String path)
            throws Exception {
        ThreadCpu threadsBefore = THREADS ? ThreadCpu.now() : null;
        CoreTimes coresBefore = THREADS ? CoreTimes.now() : null;
        long[] before = ownCpuTicks();
        long allocatedBefore = allocatedByOthers();
        PhaseProfile.start();
        Process p = new ProcessBuilder("taskset", "-c", cpu, "wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + "/", "--", file.toString(), userAgent, path)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("wrk failed:\n" + out);
        long allocatedAfter = allocatedByOthers();
        long[] after = ownCpuTicks();
        ThreadCpu threadsAfter = THREADS ? ThreadCpu.now() : null;
        CoreTimes coresAfter = THREADS ? CoreTimes.now() : null;
        Matcher m = RPS.matcher(out);
        if (!m.find()) throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
        double rps = Double.parseDouble(m.group(1));
        double p50 = 0;
        double p99 = 0;
        Matcher pm = PCT.matcher(out);
        while (pm.find()) {
            double v = Double.parseDouble(pm.group(2)) * switch (pm.group(3)) {
                case "us" -> 1;
                case "ms" -> 1_000;
                default -> 1_000_000;
            };
            if (pm.group(1).equals("50")) p50 = v;
            else p99 = v;
        }
        Matcher e = NON2XX.matcher(out);
        Matcher n = REQUESTS.matcher(out);
        long requests = n.find() ? Long.parseLong(n.group(1)) : 0;
        PhaseProfile.stop(requests);
        double user = Double.NaN;
        double kernel = Double.NaN;
        if (requests > 0 && before != null && after != null) {
            double microsPerTickAndCall = 1e6 / TICKS_PER_SECOND / requests;
            user = (after[0] - before[0]) * microsPerTickAndCall;
            kernel = (after[1] - before[1]) * microsPerTickAndCall;
        }
        if (THREADS && requests > 0) System.out.println("         port " + port + " by thread:" + threadsAfter.perCallSince(threadsBefore, requests)
                + coresAfter.perCallSince(coresBefore, requests));
        double bytes = requests > 0 && allocatedBefore >= 0 && allocatedAfter >= 0
                ? (double) (allocatedAfter - allocatedBefore) / requests : Double.NaN;
        long errors = e.find() ? Long.parseLong(e.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            errors += Long.parseLong(socket.group(1)) + Long.parseLong(socket.group(2)) + Long.parseLong(socket.group(3));
        }
        return new Wrk(rps, p50, p99, errors, user, kernel, bytes);
    }

    /**
     * Bytes this JVM's threads other than the caller (the server's, here) have allocated so far, or -1 where the JVM
     * does not count them. A thread that ends within a phase takes its count with it; the servers' pools keep theirs.
     */
    private static long allocatedByOthers() {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long self = Thread.currentThread().getId();
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && bytes[i] > 0) sum += bytes[i];
        }
        return sum;
    }

    /** This process's user and kernel CPU time so far, in ticks; null where /proc is absent. */
    private static long[] ownCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = ProcStat.fieldsAfterName(stat);
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "user 12.3 + kernel 10.1 µs, 2345 B" of this JVM's CPU and allocation per request, or "not measured". */
    String cpuPerCall() {
        if (Double.isNaN(userMicrosPerCall)) return "not measured";
        String cpu = String.format(Locale.ROOT, "user %.1f + kernel %.1f µs", userMicrosPerCall, kernelMicrosPerCall);
        return Double.isNaN(bytesPerCall) ? cpu : cpu + String.format(Locale.ROOT, ", %.0f B", bytesPerCall);
    }

    /**
     * This JVM's CPU per call on each side (medians), and B's extra over A as the median of the pairs'
     * differences (each pair ran within seconds, so it shares the VM's speed of the moment).
     */
    static String cpuSummary(List<Wrk> as, List<Wrk> bs) {
        if (as.stream().anyMatch(w -> Double.isNaN(w.userMicrosPerCall())) || bs.stream().anyMatch(w -> Double.isNaN(w.userMicrosPerCall()))) {
            return "this JVM's CPU per call: not measured (no /proc/self/stat or no request count)";
        }
        double[] extraUser = new double[as.size()];
        double[] extraKernel = new double[as.size()];
        for (int i = 0; i < as.size(); i++) {
            extraUser[i] = bs.get(i).userMicrosPerCall() - as.get(i).userMicrosPerCall();
            extraKernel[i] = bs.get(i).kernelMicrosPerCall() - as.get(i).kernelMicrosPerCall();
        }
        return String.format(Locale.ROOT, "this JVM's CPU per call (medians): A user %.1f + kernel %.1f µs; B user %.1f + kernel %.1f µs;"
                        + " B's extra (median of the pairs): user %+.1f, kernel %+.1f µs%n"
                        + "allocated per call by the server's threads (medians): A %.0f B, B %.0f B",
                median(as.stream().mapToDouble(Wrk::userMicrosPerCall).toArray()),
                median(as.stream().mapToDouble(Wrk::kernelMicrosPerCall).toArray()),
                median(bs.stream().mapToDouble(Wrk::userMicrosPerCall).toArray()),
                median(bs.stream().mapToDouble(Wrk::kernelMicrosPerCall).toArray()),
                median(extraUser), median(extraKernel),
                median(as.stream().mapToDouble(Wrk::bytesPerCall).toArray()),
                median(bs.stream().mapToDouble(Wrk::bytesPerCall).toArray()));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
