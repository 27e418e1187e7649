package dev.palisade.bench;

import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.admin.Actor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Palisade behind nginx as docs/gateways/nginx.conf ships it: (A) nginx alone, proxying a path to a
 * fast upstream, against (B) the same nginx asking Palisade's decision listener first
 * ({@code auth_request}), then proxying. wrk sends the same pre-signed header bytes to both; only
 * the path's prefix differs ({@code /pub/notes} and {@code /api/notes}). Palisade runs in this JVM
 * (start it pinned: {@code taskset -c 0}); the gateway nginx, the upstream nginx and wrk share the
 * other core. A and B alternate in short phases; the figure is the median of the pairwise ratios.
 * Prints each pair, then {@code gateway ratio: 0.xx}. Needs nginx (Debian's package).
 */
public final class GatewayHarness {

    private static final int SESSIONS = 8;

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String otherCpu = args.length > 3 ? args[3] : "1";
        if (!ProxyHarness.hasNginx()) throw new IllegalStateException("the gateway harness needs nginx (apt-get install nginx)");
        Path dir = ScratchDirectory.create("palisade-gateway");
        int upstreamPort = ProxyHarness.freePort();
        Files.createDirectories(dir.resolve("upstream"));
        Process upstream = ProxyHarness.startUpstream(dir.resolve("upstream"), upstreamPort, otherCpu);
        Process gateway = null;
        PalisadeServer server = null;
        // exited only once the finally has stopped the upstream, gateway or redis-server: System.exit inside
        // the try left them running, pinned to the other core, after every void run (audit 51)
        boolean invalid = false;
        try {
            ProxyHarness.awaitListening(upstreamPort);
            server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir.resolve("data")).withPorts(0, 0)
                    .withDecide(new ServerConfig.Decide("127.0.0.1", 0))
                    .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
            Engine engine = server.engine();
            List<BenchLogins.Login> logins = BenchLogins.forLoad(engine, SESSIONS, LoadHarness.USER_AGENT);
            int port = ProxyHarness.freePort();
            gateway = startGateway(dir.resolve("gateway"), port, server.port(), server.decidePort(), upstreamPort, otherCpu);
            ProxyHarness.awaitListening(port);
            Path script = SignedRequests.script(dir);
            SignedRequests signer = new SignedRequests(logins, "127.0.0.1:" + port);
            Path file = dir.resolve("requests.tsv");
            System.out.printf(Locale.ROOT, "gateway: nginx (docs/gateways/nginx.conf, one worker) and the upstream nginx on cpu %s,"
                    + " wrk -t1 -c%d on cpu %s, Palisade's decisions in this JVM, %d pairs of %d s; server pid %d%n",
                    otherCpu, connections, otherCpu, pairs, seconds, ProcessHandle.current().pid());

            signer.write(file, 300_000);
            Wrk warmA = Wrk.run(otherCpu, connections, 15, port, script, file, LoadHarness.USER_AGENT, "/pub/notes");
            signer.write(file, 300_000);
            Wrk warmB = Wrk.run(otherCpu, connections, 15, port, script, file, LoadHarness.USER_AGENT, "/api/notes");
            System.out.printf(Locale.ROOT, "warm-up: A %.0f req/s, B %.0f req/s (not counted)%n", warmA.rps(), warmB.rps());
            if (warmB.errors() > 0) throw new IllegalStateException("B was refused in the warm-up ("
                    + Refusals.lately(engine) + "): the setup is wrong");

            AlternatingPairs run = AlternatingPairs.run(pairs, seconds, Math.max(warmA.rps(), warmB.rps()),
                    n -> ProxyHarness.write(signer, file, n),
                    () -> ProxyHarness.wrk(otherCpu, connections, seconds, port, script, file, "/pub/notes"),
                    () -> ProxyHarness.wrk(otherCpu, connections, seconds, port, script, file, "/api/notes"));
            long errors = run.errors();
            System.out.printf(Locale.ROOT, "nginx alone   (A): %.0f req/s median, p99 %.0f µs%n", run.aRps(), run.aP99());
            System.out.printf(Locale.ROOT, "with decision (B): %.0f req/s median, p99 %.0f µs%n", run.bRps(), run.bP99());
            System.out.printf(Locale.ROOT, "pairwise B/A: %.2f–%.2f%n", run.lowest(), run.highest());
            System.out.println(Wrk.cpuSummary(run.as(), run.bs()));
            System.out.printf(Locale.ROOT, "gateway ratio: %.2f%n", run.ratio());
            if (errors > 0) {
                System.out.println("INVALID: some requests were refused (" + Refusals.lately(engine) + "); the figures are void");
                invalid = true;
            }
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor();
            }
            if (server != null) server.close();
            upstream.destroy();
            upstream.waitFor();
        }
        if (invalid) System.exit(1);
    }

    /** nginx with the shipped file, its example addresses replaced, and a public /pub/ location beside /api/ for A. */
    private static Process startGateway(Path dir, int port, int api, int decide, int app, String cpu) throws Exception {
        Files.createDirectories(dir);
        String shipped = Files.readString(shippedFile(), StandardCharsets.UTF_8);
        String site = shipped.replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("127.0.0.1:8080", "127.0.0.1:" + api).replace("127.0.0.1:8082", "127.0.0.1:" + decide)
                .replace("127.0.0.1:3000", "127.0.0.1:" + app)
                .replace("    location /api/ {", "    location /pub/ {\n        proxy_pass http://app;\n    }\n\n    location /api/ {");
        Files.writeString(dir.resolve("palisade.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "worker_processes 1;", "daemon off;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;", "events { worker_connections 4096; }",
                "http {", "  access_log off;", "  keepalive_requests 1000000;",
                "  include " + dir.resolve("palisade.conf") + ";", "}", ""));
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        return new ProcessBuilder("taskset", "-c", cpu, nginx, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    }

    private static Path shippedFile() {
        for (Path p : List.of(Path.of("docs/gateways/nginx.conf"), Path.of("../docs/gateways/nginx.conf"))) {
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("run from the repository: docs/gateways/nginx.conf not found");
    }
}
