package dev.palisade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each core's time from {@code /proc/stat} (user, kernel, soft interrupts, idle, steal), its rescheduling
 * and function-call interrupts from {@code /proc/interrupts} (one core waking a thread on another, or
 * asking it to run something), and this JVM's waited-for children's CPU (wrk's, once the phase's wrk has
 * exited). A phase can then say, per call, what the client's core and the client did while the server's
 * core served, and how often one core had to interrupt the other. A diagnostic
 * ({@code -Dbench.threads=true}) beside {@link ThreadCpu}.
 */
final class CoreTimes {

    /**
     * @param cores per core: user (+ nice), system, softirq, idle and steal ticks (not irq or iowait, both
     *              near nothing on these runs)
     * @param reschedules per core, rescheduling interrupts received
     * @param calls per core, function-call interrupts received
     * @param children the waited-for children's user and system ticks
     * @param tcp the machine's TCP counters named in {@link #TCP}, in that order
     */
    private record Snapshot(List<long[]> cores, long[] reschedules, long[] calls, long[] children, long[] tcp) { }

    /** TCP counters from /proc/net/snmp and /proc/net/netstat: segments sent, and how acknowledgements went. */
    private static final List<String> TCP = List.of("OutSegs", "DelayedACKs", "TCPPureAcks", "TCPHPAcks", "TCPBacklogCoalesce", "TCPAutoCorking");

    private final Snapshot snapshot;

    private CoreTimes(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    static CoreTimes now() {
        try {
            List<long[]> cores = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
                String[] f = line.trim().split("\\s+"); // cpuN user nice system idle iowait irq softirq steal
                cores.add(new long[] {Long.parseLong(f[1]) + Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[7]), Long.parseLong(f[4]), Long.parseLong(f[8])});
            }
            long[] reschedules = new long[cores.size()];
            long[] calls = new long[cores.size()];
            for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
                String t = line.trim();
                long[] into = t.startsWith("RES:") ? reschedules : t.startsWith("CAL:") ? calls : null;
                if (into == null) continue;
                String[] f = t.split("\\s+");
                for (int i = 0; i < into.length; i++) into[i] = Long.parseLong(f[i + 1]);
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = ProcStat.fieldsAfterName(stat);
            long[] children = {Long.parseLong(f[13]), Long.parseLong(f[14])}; // cutime, cstime
            long[] tcp = new long[TCP.size()];
            for (Path file : List.of(Path.of("/proc/net/snmp"), Path.of("/proc/net/netstat"))) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i + 1 < lines.size(); i += 2) { // a line of names, then a line of values
                    String[] names = lines.get(i).split("\\s+");
                    String[] values = lines.get(i + 1).split("\\s+");
                    if (!names[0].equals("Tcp:") && !names[0].equals("TcpExt:")) continue;
                    for (int k = 1; k < names.length && k < values.length; k++) {
                        int at = TCP.indexOf(names[k]);
                        if (at >= 0) tcp[at] = Long.parseLong(values[k]);
                    }
                }
            }
            return new CoreTimes(new Snapshot(cores, reschedules, calls, children, tcp));
        } catch (IOException | RuntimeException e) {
            return new CoreTimes(null);
        }
    }

    /** Per call since {@code before}: each core's µs by kind and interrupts received, and the client's user + kernel µs. */
    String perCallSince(CoreTimes before, long calls) {
        Snapshot now = snapshot;
        Snapshot was = before.snapshot;
        if (now == null || was == null || now.cores().size() != was.cores().size()) return " cores: not measured";
        double us = 1e4 / calls; // one tick is 10 ms
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < now.cores().size(); i++) {
            long[] a = now.cores().get(i);
            long[] b = was.cores().get(i);
            out.append(String.format(Locale.ROOT,
                    "%n           cpu%d: user %5.1f, kernel %5.1f, softirq %4.1f, idle %5.1f, steal %4.1f µs; interrupts: reschedule %.3f, call %.3f",
                    i, (a[0] - b[0]) * us, (a[1] - b[1]) * us, (a[2] - b[2]) * us, (a[3] - b[3]) * us, (a[4] - b[4]) * us,
                    (double) (now.reschedules()[i] - was.reschedules()[i]) / calls, (double) (now.calls()[i] - was.calls()[i]) / calls));
        }
        out.append(String.format(Locale.ROOT, "%n           wrk: user %5.1f + kernel %5.1f µs; tcp per call:",
                (now.children()[0] - was.children()[0]) * us, (now.children()[1] - was.children()[1]) * us));
        for (int k = 0; k < TCP.size(); k++) {
            out.append(String.format(Locale.ROOT, " %s %.3f", TCP.get(k), (double) (now.tcp()[k] - was.tcp()[k]) / calls));
        }
        return out.toString();
    }
}
