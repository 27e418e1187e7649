package dev.palisade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code -Dbench.profile} folder ({@link PhaseProfile}) and prints, per frame, the CPU a call spent in it
 * on side A and on side B and the difference, largest first: {@code ProfileDiff DIR [total|self|under FRAME] [rows]}.
 * {@code total} (the default) counts a sample for every frame on its stack, {@code self} for its innermost frame
 * only, {@code under FRAME} for the frame called by the innermost FRAME on its stack (what FRAME's time is made of).
 * A sample is the sampling interval's CPU ({@code -Dbench.profileInterval}, 1 ms by default).
 */
public final class ProfileDiff {

    private final Map<String, Map<String, Long>> samples = new HashMap<>();
    private final Map<String, Long> requests = new HashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ProfileDiff DIR [total|self|under FRAME] [rows]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "total";
        String parent = mode.equals("under") ? args[2] : null;
        int rows = args.length > (parent == null ? 2 : 3) ? Integer.parseInt(args[parent == null ? 2 : 3]) : 40;
        double microsPerSample = Long.getLong("bench.profileInterval", 1_000_000) / 1000.0;
        ProfileDiff diff = new ProfileDiff();
        for (String line : Files.readAllLines(dir.resolve("phases.tsv"))) {
            String[] f = line.split("\t");
            diff.read(dir.resolve(f[0]), f[0].substring(0, f[0].indexOf('-')), Long.parseLong(f[1]), mode, parent);
        }
        diff.print(microsPerSample, rows);
    }

    private void read(Path file, String side, long calls, String mode, String parent) throws IOException {
        requests.merge(side, calls, Long::sum);
        Map<String, Long> bySide = samples.computeIfAbsent(side, s -> new HashMap<>());
        for (String line : Files.readAllLines(file)) {
            int space = line.lastIndexOf(' ');
            long n = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            bySide.merge("(all)", n, Long::sum);
            switch (mode) {
                case "self" -> bySide.merge(frames[frames.length - 1], n, Long::sum);
                case "under" -> {
                    for (int i = frames.length - 1; i >= 0; i--) {
                        if (!frames[i].equals(parent)) continue;
                        bySide.merge(i + 1 < frames.length ? frames[i + 1] : "(self)", n, Long::sum);
                        break;
                    }
                }
                default -> {
                    Set<String> once = new HashSet<>(List.of(frames)); // a recursive frame counts a sample once
                    for (String frame : once) bySide.merge(frame, n, Long::sum);
                }
            }
        }
    }

    private void print(double microsPerSample, int rows) {
        long callsA = requests.getOrDefault("A", 0L);
        long callsB = requests.getOrDefault("B", 0L);
        if (callsA == 0 || callsB == 0) throw new IllegalStateException("the folder holds no counted phase of side A and of side B");
        Map<String, Long> a = samples.get("A");
        Map<String, Long> b = samples.get("B");
        Set<String> frames = new HashSet<>(a.keySet());
        frames.addAll(b.keySet());
        List<double[]> values = new ArrayList<>();
        List<String> names = new ArrayList<>(frames);
        for (String frame : names) {
            double inA = a.getOrDefault(frame, 0L) * microsPerSample / callsA;
            double inB = b.getOrDefault(frame, 0L) * microsPerSample / callsB;
            values.add(new double[] {inA, inB});
        }
        Integer[] order = new Integer[names.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values.get(y)[1] - values.get(y)[0], values.get(x)[1] - values.get(x)[0]));
        System.out.printf(Locale.ROOT, "µs a call: %d calls of A, %d of B; B−A, A, B, frame%n", callsA, callsB);
        for (int i = 0; i < Math.min(rows, order.length); i++) {
            double[] v = values.get(order[i]);
            System.out.printf(Locale.ROOT, "%+7.2f %7.2f %7.2f  %s%n", v[1] - v[0], v[0], v[1], names.get(order[i]));
        }
    }
}
