package dev.palisade.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Short A and B runs in alternating order, pair after pair: this VM's speed drifts within a minute,
 * so a figure is the median of the pairwise ratios B/A. Before each pair, {@code refill} is given
 * how many signed requests the pair may need (each is valid once).
 */
record AlternatingPairs(List<Wrk> as, List<Wrk> bs, double[] ratios) {

    static AlternatingPairs run(int pairs, int seconds, double fastestSoFar, IntConsumer refill, Supplier<Wrk> a,
                                Supplier<Wrk> b) {
        List<Wrk> as = new ArrayList<>();
        List<Wrk> bs = new ArrayList<>();
        double[] ratios = new double[pairs];
        double fastest = fastestSoFar;
        for (int i = 0; i < pairs; i++) {
            refill.accept((int) Math.max(100_000, fastest * seconds * 3));
            // alternate which goes first, so a drift within a pair does not always favour one side
            Wrk ra;
            Wrk rb;
            if (i % 2 == 0) {
                PhaseProfile.as("A");
                ra = a.get();
                PhaseProfile.as("B");
                rb = b.get();
            } else {
                PhaseProfile.as("B");
                rb = b.get();
                PhaseProfile.as("A");
                ra = a.get();
            }
            as.add(ra);
            bs.add(rb);
            fastest = Math.max(fastest, Math.max(ra.rps(), rb.rps()));
            ratios[i] = rb.rps() / ra.rps();
            System.out.printf(Locale.ROOT, "pair %2d: A %7.0f req/s p99 %6.0f µs | B %7.0f req/s p99 %6.0f µs | B/A %.2f%s%n",
                    i + 1, ra.rps(), ra.p99(), rb.rps(), rb.p99(), ratios[i],
                    ra.errors() + rb.errors() > 0 ? "  (" + (ra.errors() + rb.errors()) + " non-2xx: void)" : "");
            System.out.printf(Locale.ROOT, "         this JVM's CPU per call: A %s | B %s%n", ra.cpuPerCall(), rb.cpuPerCall());
        }
        return new AlternatingPairs(as, bs, ratios);
    }

    long errors() { return as.stream().mapToLong(Wrk::errors).sum() + bs.stream().mapToLong(Wrk::errors).sum(); }

    double aRps() { return Wrk.median(as.stream().mapToDouble(Wrk::rps).toArray()); }

    double bRps() { return Wrk.median(bs.stream().mapToDouble(Wrk::rps).toArray()); }

    double aP99() { return Wrk.median(as.stream().mapToDouble(Wrk::p99).toArray()); }

    double bP99() { return Wrk.median(bs.stream().mapToDouble(Wrk::p99).toArray()); }

    double ratio() { return Wrk.median(ratios); }

    double lowest() { return java.util.Arrays.stream(ratios).min().orElse(0); }

    double highest() { return java.util.Arrays.stream(ratios).max().orElse(0); }
}
