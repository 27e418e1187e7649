package dev.palisade.bench;

import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.state.redis.RedisHotState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What sharing state through Redis costs one node ({@code --cluster}), in two measurements:
 * <ol>
 *   <li>the round trip a signed call adds: the nonce script (record, then release) against a real
 *   redis-server on the other core, one caller, p50 and p99 over 100 000 calls, and 16 callers at once;</li>
 *   <li>(A) a node alone against (B) the same configuration on Redis, both in this JVM (start it
 *   pinned: {@code taskset -c 0}), wrk and redis-server on the other core, the same signed calls,
 *   alternating short pairs; prints {@code cluster ratio: 0.xx}.</li>
 * </ol>
 * Needs redis-server and wrk (Debian's packages).
 */
public final class ClusterHarness {

    private static final int SESSIONS = 8;

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String otherCpu = args.length > 3 ? args[3] : "1";
        Path dir = ScratchDirectory.create("palisade-cluster-bench");
        int redisPort = ProxyHarness.freePort();
        Files.createDirectories(dir.resolve("redis"));
        Process redis = new ProcessBuilder("taskset", "-c", otherCpu, "redis-server", "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.resolve("redis").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        PalisadeServer alone = null;
        PalisadeServer clustered = null;
        // exited only once the finally has stopped the upstream, gateway or redis-server: System.exit inside
        // the try left them running, pinned to the other core, after every void run (audit 51)
        boolean invalid = false;
        try {
            ProxyHarness.awaitListening(redisPort);
            java.net.URI uri = java.net.URI.create("redis://127.0.0.1:" + redisPort + "/0");
            roundTrips(uri);

            Path key = dir.resolve("cluster.key");
            Files.writeString(key, java.util.Base64.getEncoder().encodeToString(dev.palisade.engine.Secrets.randomBytes(32)));
            EngineOptions options = EngineOptions.defaults().withPasswordIterations(1_000);
            alone = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("alone")).withPorts(0, 0)
                    .withEngine(options));
            clustered = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("clustered")).withPorts(0, 0)
                    .withEngine(options).withCluster(new ServerConfig.Cluster(uri, null, null, key)));
            Path script = SignedRequests.script(dir);
            SignedRequests signA = new SignedRequests(BenchLogins.forLoad(alone.engine(), SESSIONS, LoadHarness.USER_AGENT),
                    "127.0.0.1:" + alone.port());
            SignedRequests signB = new SignedRequests(BenchLogins.forLoad(clustered.engine(), SESSIONS, LoadHarness.USER_AGENT),
                    "127.0.0.1:" + clustered.port());
            Path fileA = dir.resolve("a.tsv");
            Path fileB = dir.resolve("b.tsv");
            int portA = alone.port();
            int portB = clustered.port();
            System.out.printf(Locale.ROOT, "throughput: both nodes in this JVM (pid %d), wrk -t1 -c%d and redis-server on cpu %s,"
                    + " %d pairs of %d s%n", ProcessHandle.current().pid(), connections, otherCpu, pairs, seconds);
            signA.write(fileA, 300_000);
            signB.write(fileB, 300_000);
            Wrk warmA = Wrk.run(otherCpu, connections, 10, portA, script, fileA, LoadHarness.USER_AGENT, "/api/notes");
            Wrk warmB = Wrk.run(otherCpu, connections, 10, portB, script, fileB, LoadHarness.USER_AGENT, "/api/notes");
            System.out.printf(Locale.ROOT, "warm-up: A %.0f req/s, B %.0f req/s (not counted)%n", warmA.rps(), warmB.rps());
            if (warmA.errors() + warmB.errors() > 0) {
                throw new IllegalStateException("refused in the warm-up (A: " + Refusals.lately(alone.engine()) + "; B: "
                        + Refusals.lately(clustered.engine()) + "): the setup is wrong");
            }
            AlternatingPairs run = AlternatingPairs.run(pairs, seconds, Math.max(warmA.rps(), warmB.rps()), n -> {
                ProxyHarness.write(signA, fileA, n);
                ProxyHarness.write(signB, fileB, n);
            }, () -> ProxyHarness.wrk(otherCpu, connections, seconds, portA, script, fileA, "/api/notes"),
                    () -> ProxyHarness.wrk(otherCpu, connections, seconds, portB, script, fileB, "/api/notes"));
            System.out.printf(Locale.ROOT, "alone    (A): %.0f req/s median, p99 %.0f µs%n", run.aRps(), run.aP99());
            System.out.printf(Locale.ROOT, "on Redis (B): %.0f req/s median, p99 %.0f µs%n", run.bRps(), run.bP99());
            System.out.printf(Locale.ROOT, "pairwise B/A: %.2f–%.2f%n", run.lowest(), run.highest());
            System.out.println(Wrk.cpuSummary(run.as(), run.bs()));
            System.out.printf(Locale.ROOT, "cluster ratio: %.2f%n", run.ratio());
            if (run.errors() > 0) {
                System.out.println("INVALID: some requests were refused; the figures are void");
                invalid = true;
            }
        } finally {
            if (clustered != null) clustered.close();
            if (alone != null) alone.close();
            redis.destroy();
            redis.waitFor();
        }
        if (invalid) System.exit(1);
    }

    /** The nonce script's round trip, as a signed call pays it: one caller, then 16 at once. */
    private static void roundTrips(java.net.URI uri) throws Exception {
        try (RedisHotState state = RedisHotState.connect(uri, null, null)) {
            NonceStore nonces = state.nonces(() -> 1_000_000, () -> 1_000_000);
            long second = System.currentTimeMillis() / 1000;
            for (int i = 0; i < 20_000; i++) nonces.record(1, i, second); // warm-up
            int n = 100_000;
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                nonces.record(2, 1_000_000 + i, second + 1 + i / 50_000);
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "nonce round trip, one caller: p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs (%d calls)%n",
                    nanos[n / 2] / 1e3, nanos[(int) (n * 0.99)] / 1e3, nanos[(int) (n * 0.999)] / 1e3, n);
            int threads = 16;
            int each = 10_000;
            long[] all = new long[threads * each];
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        long s = System.nanoTime();
                        nonces.record(100 + id, 10_000_000L * (id + 1) + i, second + 3);
                        all[id * each + i] = System.nanoTime() - s;
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            double secs = (System.nanoTime() - start) / 1e9;
            Arrays.sort(all);
            System.out.printf(Locale.ROOT, "nonce round trip, %d callers on one connection: p50 %.0f µs, p99 %.0f µs, %.0f calls/s%n",
                    threads, all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3, all.length / secs);
        }
    }

    private ClusterHarness() {}
}
