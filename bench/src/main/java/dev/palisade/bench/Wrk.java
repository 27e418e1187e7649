package dev.palisade.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk phase ({@code -t1}, pinned to a core) walking a file of pre-signed requests with
 * {@code signed.lua}, and what it reported: requests per second, p50 and p99 in µs, and how many
 * answers were not 2xx (a run with any is void).
 */
record Wrk(double rps, double p50, double p99, long errors) {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    /** @param path the request path every line is sent to (the signatures cover {@code /api/notes}) */
    static Wrk run(String cpu, int connections, int seconds, int port, Path script, Path file, String userAgent, String path)
            throws Exception {
        Process p = new ProcessBuilder("taskset", "-c", cpu, "wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + "/", "--", file.toString(), userAgent, path)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("wrk failed:\n" + out);
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
        return new Wrk(rps, p50, p99, e.find() ? Long.parseLong(e.group(1)) : 0);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
