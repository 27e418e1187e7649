package dev.palisade.bench;

import dev.palisade.engine.admin.Actor;
import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.config.ProxyRoutes;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reverse-proxy mode as a developer runs it: one Palisade server ({@code --upstream}) in front of a
 * fast upstream that answers a small JSON, measured on (A) a public path, passed on unprotected,
 * against (B) a protected path with every check on. wrk sends the same pre-signed header bytes to
 * both, only the path's prefix differs ({@code /pub/notes} and {@code /api/notes}). Palisade runs
 * in this JVM (start it pinned: {@code taskset -c 0}); wrk and the upstream share the other core.
 * This VM's speed drifts within a minute, so A and B alternate in short phases and the figure is
 * the median of the pairwise ratios B/A. Prints each pair, then {@code proxy ratio: 0.xx}.
 *
 * <p>The upstream is nginx from Debian's packages when {@code nginx} is on the PATH, else the JDK's
 * own HTTP server in a JVM of its own ({@link TinyUpstream}); the report names which.
 */
public final class ProxyHarness {

    private static final int SESSIONS = 8;
    private static final String BODY = "{\"items\":[{\"id\":1,\"title\":\"note 1\",\"body\":\"a short note body\"}]}";

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String otherCpu = args.length > 3 ? args[3] : "1";
        Path dir = ScratchDirectory.create("palisade-proxy");
        int upstreamPort = freePort();
        Process upstream = startUpstream(dir, upstreamPort, otherCpu);
        PalisadeServer server = null;
        // exited only once the finally has stopped the upstream, gateway or redis-server: System.exit inside
        // the try left them running, pinned to the other core, after every void run (audit 51)
        boolean invalid = false;
        try {
            awaitListening(upstreamPort);
            server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("data")).withPorts(0, 0)
                    .withEngine(EngineOptions.defaults().withPasswordIterations(1_000))
                    .withUpstream(URI.create("http://127.0.0.1:" + upstreamPort), Duration.ofSeconds(30)));
            Engine engine = server.engine();
            engine.operator(Actor.OWNER).updateProxyRoutes(ProxyRoutes.validated(List.of("/pub/*"), List.of("/")));
            List<BenchLogins.Login> logins = BenchLogins.forLoad(engine, SESSIONS, LoadHarness.USER_AGENT);
            int port = server.port();
            Path script = SignedRequests.script(dir);
            SignedRequests signer = new SignedRequests(logins, "127.0.0.1:" + port);
            Path file = dir.resolve("requests.tsv");
            System.out.printf(Locale.ROOT, "proxy: upstream %s on cpu %s, wrk -t1 -c%d on cpu %s, %d pairs of %d s; server pid %d%n",
                    upstreamName(), otherCpu, connections, otherCpu, pairs, seconds, ProcessHandle.current().pid());

            // the proxy path warms slowly on one core (the JIT competes with the requests): 20 s a side, in
            // phases of 5 s with a file each: one file for 20 s ran out of lines in a fast hour (21 000 a second:
            // replays, then the harness's address auto-blocked), and a million takes so long to write that a
            // slow warm-up reaches lines past the skew window
            Wrk warmA = null;
            Wrk warmB = null;
            long warmErrors = 0;
            for (int i = 0; i < 4; i++) {
                signer.write(file, 300_000);
                warmA = Wrk.run(otherCpu, connections, 5, port, script, file, LoadHarness.USER_AGENT, "/pub/notes");
                signer.write(file, 300_000);
                warmB = Wrk.run(otherCpu, connections, 5, port, script, file, LoadHarness.USER_AGENT, "/api/notes");
                warmErrors += warmB.errors();
            }
            System.out.printf(Locale.ROOT, "warm-up: A %.0f req/s, B %.0f req/s in the last phase (not counted)%n",
                    warmA.rps(), warmB.rps());
            if (warmErrors > 0) throw new IllegalStateException("B was refused in the warm-up ("
                    + Refusals.lately(engine) + "): the setup is wrong");

            AlternatingPairs run = AlternatingPairs.run(pairs, seconds, Math.max(warmA.rps(), warmB.rps()), n -> write(signer, file, n),
                    () -> wrk(otherCpu, connections, seconds, port, script, file, "/pub/notes"),
                    () -> wrk(otherCpu, connections, seconds, port, script, file, "/api/notes"));
            long errors = run.errors();
            System.out.printf(Locale.ROOT, "public    (A): %.0f req/s median, p99 %.0f µs%n", run.aRps(), run.aP99());
            System.out.printf(Locale.ROOT, "protected (B): %.0f req/s median, p99 %.0f µs%n", run.bRps(), run.bP99());
            System.out.printf(Locale.ROOT, "pairwise B/A: %.2f–%.2f%n", run.lowest(), run.highest());
            System.out.printf(Locale.ROOT, "p99 protected / public: %.2f%n", run.bP99() / run.aP99());
            System.out.println(Wrk.cpuSummary(run.as(), run.bs()));
            System.out.printf(Locale.ROOT, "proxy ratio: %.2f%n", run.ratio());
            if (errors > 0) {
                System.out.println("INVALID: some requests were refused (" + Refusals.lately(engine) + "); the figures are void");
                invalid = true;
            }
        } finally {
            if (server != null) server.close();
            upstream.destroy();
            upstream.waitFor();
        }
        if (invalid) System.exit(1);
    }

    /** A file of {@code lines} signed requests, each valid once (an I/O failure ends the run). */
    static void write(SignedRequests signer, Path file, int lines) {
        try {
            signer.write(file, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Wrk wrk(String cpu, int connections, int seconds, int port, Path script, Path file, String path) {
        try {
            return Wrk.run(cpu, connections, seconds, port, script, file, LoadHarness.USER_AGENT, path);
        } catch (Exception e) {
            throw new IllegalStateException("wrk failed: " + e.getMessage(), e);
        }
    }

    static boolean hasNginx() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, "nginx"))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    private static String upstreamName() {
        return hasNginx() ? "nginx (one worker, return 200 with a small JSON)" : "TinyUpstream (the JDK's HTTP server)";
    }

    static Process startUpstream(Path dir, int port, String cpu) throws Exception {
        if (!hasNginx()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder("taskset", "-c", cpu, java, "-cp", System.getProperty("java.class.path"),
                    TinyUpstream.class.getName(), Integer.toString(port), BODY).inheritIO().start();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "worker_processes 1;", "daemon off;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("nginx-error.log") + " warn;",
                "events { worker_connections 4096; }",
                "http {", "  access_log off;", "  keepalive_requests 1000000;",
                "  server {", "    listen 127.0.0.1:" + port + ";",
                "    location / { default_type application/json; return 200 '" + BODY + "'; }", "  }", "}", ""));
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        return new ProcessBuilder("taskset", "-c", cpu, nginx, "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    }

    static void awaitListening(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the upstream did not listen on " + port);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
