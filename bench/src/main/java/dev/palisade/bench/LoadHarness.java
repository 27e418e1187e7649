package dev.palisade.bench;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.http.HandlerTree;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.http.ListenerRouter;
import dev.palisade.http.ProtectHandler;
import dev.palisade.http.demo.DemoApiHandler;
import dev.palisade.store.sqlite.SqliteDemoRepository;
import dev.palisade.store.sqlite.SqliteStore;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput and latency of one Jetty server, (A) unprotected and (B) with every check on and
 * valid signed requests, in short alternating pairs (A B, B A, …) in one run. Both listeners share one thread pool and
 * one HTTP configuration (PalisadeServer's) and serve the same demo API handler reading the same
 * SQLite notes; only B goes through Palisade. wrk sends the same pre-signed requests to both, so
 * the bytes on the wire are the same too. Run it pinned to one core ({@code taskset -c 0}); wrk is
 * pinned to the other. Prints each pair, then the medians and {@code ratio: 0.xx}, the median of
 * the pairwise ratios B/A: this VM's speed drifts by up to 2× within a minute, and a ratio taken
 * within a pair cancels most of it.
 *
 * <p>Every check runs in B: rate windows are raised to 1 000 000 calls per second so that this
 * load stays valid (with the defaults, 50 calls per second per address, B would measure refusals).
 */
public final class LoadHarness {

    static final String USER_AGENT = BenchEngine.USER_AGENT;
    private static final int SESSIONS = 8;

    /**
     * The pipeline's own mean time per allowed decision while serving this load (warm-up included),
     * from the server's Prometheus histogram: the time the checks take amid the server's other work,
     * to set beside JMH's decision alone.
     */
    static String decisionUnderLoad(dev.palisade.metrics.PalisadeMetrics metrics) throws java.io.IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        metrics.scrape(text);
        double sum = 0;
        double count = 0;
        java.util.Map<String, Double> atMost = new java.util.LinkedHashMap<>();
        for (String line : text.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.contains("result=\"allowed\"")) continue;
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("palisade_decision_duration_seconds_sum")) sum = value;
            if (line.startsWith("palisade_decision_duration_seconds_count")) count = value;
            java.util.regex.Matcher le = java.util.regex.Pattern.compile("le=\"([^\"]+)\"").matcher(line);
            if (line.startsWith("palisade_decision_duration_seconds_bucket") && le.find()) atMost.put(le.group(1), value);
        }
        StringBuilder shares = new StringBuilder();
        for (var e : atMost.entrySet()) {
            if (e.getKey().equals("+Inf") || count == 0) continue;
            shares.append(String.format(Locale.ROOT, "%s≤%.1f µs %.1f %%", shares.length() == 0 ? "" : ", ",
                    Double.parseDouble(e.getKey()) * 1e6, 100 * e.getValue() / count));
        }
        return String.format(Locale.ROOT, "decision under load (the pipeline's own timing, wall clock): mean %.2f µs over %.0f"
                + " allowed calls; %s", count == 0 ? 0 : sum / count * 1e6, count, shares);
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String wrkCpu = args.length > 3 ? args[3] : "1";
        Path dir = ScratchDirectory.create("palisade-load");
        SqliteStore store = SqliteStore.open(dir);
        // -Dbench.eventQueue=1 is a diagnostic: events are dropped instead of written, which shows
        // what persisting one event per decision costs on the server's single core
        int queue = Integer.getInteger("bench.eventQueue", EngineOptions.defaults().eventQueueCapacity());
        // the server's own meter (issue 16): every decision counted as in production
        dev.palisade.metrics.PalisadeMetrics metrics = new dev.palisade.metrics.PalisadeMetrics();
        Engine engine = new Engine(store, Clock.systemUTC(),
                EngineOptions.defaults().withPasswordIterations(1_000).withEventQueueCapacity(queue), new JettyAddressSets(),
                metrics);
        metrics.watch(engine);
        // what an allowed call leaves (issue 14): rollup (the default), sampled or all, as -Dbench.allowedEvents says
        String allowedEvents = System.getProperty("bench.allowedEvents", "rollup");
        int mode = dev.palisade.engine.config.Setting.ALLOWED_EVENTS.choices().indexOf(allowedEvents);
        if (mode < 0) throw new IllegalArgumentException("bench.allowedEvents: one of rollup, sampled, all");
        engine.operator(Actor.OWNER).updateSettings(java.util.Map.of("allowedEvents", (long) mode));
        List<BenchLogins.Login> logins = BenchLogins.forLoad(engine, SESSIONS, USER_AGENT);
        SqliteDemoRepository notes = new SqliteDemoRepository(store);
        for (int i = 0; i < 5; i++) notes.addNote("bench", "note " + i, "a short note body", System.currentTimeMillis());
        MemoryNotes demo = new MemoryNotes(notes.notes("bench"));

        Server jetty = new Server(pool());
        // the server's own HTTP settings; -Dbench.headerCacheSize=1024 puts back Jetty's default header cache
        HttpConfiguration http = dev.palisade.http.ListenerHttp.configuration();
        http.setHeaderCacheSize(Integer.getInteger("bench.headerCacheSize", http.getHeaderCacheSize()));
        ServerConnector guarded = connector(jetty, http, "guarded");
        ServerConnector open = connector(jetty, http, "open");
        jetty.setConnectors(new ServerConnector[] {guarded, open});
        jetty.setHandler(new ListenerRouter(open, HandlerTree.api(engine, demo), unprotected(demo, engine.clock())));
        jetty.start();
        String authority = "127.0.0.1:" + guarded.getLocalPort();

        Path script = SignedRequests.script(dir);
        SignedRequests signer = new SignedRequests(logins, authority);
        System.out.printf(Locale.ROOT, "load: wrk -t1 -c%d on cpu %s, %d s per phase, %d rounds; allowedEvents %s; server pid %d%n",
                connections, wrkCpu, seconds, rounds, allowedEvents, ProcessHandle.current().pid());

        // warm-up: both paths, so the JIT has compiled them before anything counts; in 3 s phases with a
        // file written for each, as the rounds do: one long file signed ahead goes stale before wrk reaches
        // its end in a slow hour (then the auto-block takes the harness's address, and every round is void)
        Path file = dir.resolve("requests.tsv");
        double warmRate = 0;
        Wrk warmA = null;
        Wrk warmB = null;
        long warmErrors = 0;
        for (int i = 0; i < 5; i++) {
            int lines = (int) (Math.max(100_000, warmRate * 2) * 3);
            signer.write(file, lines);
            warmA = Wrk.run(wrkCpu, connections, 3, open.getLocalPort(), script, file, USER_AGENT, "/api/notes");
            signer.write(file, lines);
            warmB = Wrk.run(wrkCpu, connections, 3, guarded.getLocalPort(), script, file, USER_AGENT, "/api/notes");
            warmRate = Math.max(warmRate, Math.max(warmA.rps(), warmB.rps()));
            warmErrors += warmA.errors() + warmB.errors();
        }
        System.out.printf(Locale.ROOT, "warm-up: A %.0f req/s, B %.0f req/s in the last of five phases (not counted)%n",
                warmA.rps(), warmB.rps());
        if (warmErrors > 0) {
            throw new IllegalStateException(warmErrors + " calls were refused in the warm-up (" + Refusals.lately(engine) + "): the setup is wrong");
        }

        List<Wrk> as = new ArrayList<>();
        List<Wrk> bs = new ArrayList<>();
        double[] ratios = new double[rounds];
        for (int r = 1; r <= rounds; r++) {
            // every line valid once: room for the fastest rate seen; the order alternates, so a drift
            // of this VM's speed within a pair does not always favour one side
            // (the warm-up is slow, so at least 100 000 a second: wrk reading the file a second time would send replays, and
            // this VM has served the unprotected path at 64 000 a second)
            int lines = (int) (Math.max(100_000, Math.max(warmRate, fastest(as, bs)) * 2) * seconds);
            Wrk a;
            Wrk b;
            if (r % 2 == 1) {
                signer.write(file, lines);
                PhaseProfile.as("A");
                a = Wrk.run(wrkCpu, connections, seconds, open.getLocalPort(), script, file, USER_AGENT, "/api/notes");
                signer.write(file, lines);
                PhaseProfile.as("B");
                b = Wrk.run(wrkCpu, connections, seconds, guarded.getLocalPort(), script, file, USER_AGENT, "/api/notes");
            } else {
                signer.write(file, lines);
                PhaseProfile.as("B");
                b = Wrk.run(wrkCpu, connections, seconds, guarded.getLocalPort(), script, file, USER_AGENT, "/api/notes");
                signer.write(file, lines);
                PhaseProfile.as("A");
                a = Wrk.run(wrkCpu, connections, seconds, open.getLocalPort(), script, file, USER_AGENT, "/api/notes");
            }
            as.add(a);
            bs.add(b);
            ratios[r - 1] = b.rps() / a.rps();
            System.out.printf(Locale.ROOT, "round %d: A %8.0f req/s p50 %6.0f µs p99 %6.0f µs | B %8.0f req/s p50 %6.0f µs p99 %6.0f µs | B/A %.2f%s%n",
                    r, a.rps(), a.p50(), a.p99(), b.rps(), b.p50(), b.p99(), ratios[r - 1],
                    b.errors() > 0 ? "  (B had " + b.errors() + " non-2xx: void)" : "");
            System.out.printf(Locale.ROOT, "         this JVM's CPU per call: A %s | B %s%n", a.cpuPerCall(), b.cpuPerCall());
        }
        double aRps = Wrk.median(as.stream().mapToDouble(w -> w.rps()).toArray());
        double bRps = Wrk.median(bs.stream().mapToDouble(w -> w.rps()).toArray());
        double aP50 = Wrk.median(as.stream().mapToDouble(w -> w.p50()).toArray());
        double bP50 = Wrk.median(bs.stream().mapToDouble(w -> w.p50()).toArray());
        double aP99 = Wrk.median(as.stream().mapToDouble(w -> w.p99()).toArray());
        double bP99 = Wrk.median(bs.stream().mapToDouble(w -> w.p99()).toArray());
        long errors = bs.stream().mapToLong(w -> w.errors()).sum() + as.stream().mapToLong(w -> w.errors()).sum();
        System.out.printf(Locale.ROOT, "unprotected (A): %.0f req/s (spread %.0f–%.0f), p50 %.0f µs, p99 %.0f µs%n", aRps,
                as.stream().mapToDouble(w -> w.rps()).min().orElse(0), as.stream().mapToDouble(w -> w.rps()).max().orElse(0), aP50, aP99);
        System.out.printf(Locale.ROOT, "protected   (B): %.0f req/s (spread %.0f–%.0f), p50 %.0f µs, p99 %.0f µs%n", bRps,
                bs.stream().mapToDouble(w -> w.rps()).min().orElse(0), bs.stream().mapToDouble(w -> w.rps()).max().orElse(0), bP50, bP99);
        System.out.printf(Locale.ROOT, "p99 protected / unprotected: %.2f%n", bP99 / aP99);
        System.out.println(Wrk.cpuSummary(as, bs));
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "pairwise B/A: %.2f–%.2f; medians B/A: %.2f%n", sorted[0], sorted[sorted.length - 1], bRps / aRps);
        System.out.printf(Locale.ROOT, "ratio: %.2f%n", Wrk.median(ratios));
        System.out.printf(Locale.ROOT, "events written %d, dropped %d; non-2xx responses %d%n",
                engine.events().written(), engine.events().dropped(), errors);
        System.out.println(decisionUnderLoad(metrics));
        jetty.stop();
        engine.close();
        store.close();
        if (errors > 0) {
            System.out.println("INVALID: some requests were refused (" + Refusals.lately(engine) + "); the figures are void");
            System.exit(1);
        }
    }

    private static double fastest(List<Wrk> as, List<Wrk> bs) {
        double max = 0;
        for (Wrk w : as) max = Math.max(max, w.rps());
        for (Wrk w : bs) max = Math.max(max, w.rps());
        return max;
    }

    private static QueuedThreadPool pool() {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("palisade-http");
        return threads;
    }

    private static ServerConnector connector(Server jetty, HttpConfiguration http, String name) {
        ServerConnector c = new ServerConnector(jetty, new HttpConnectionFactory(http));
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.setName(name);
        c.setIdleTimeout(30_000);
        return c;
    }

    /** The same demo API with no protection: an app that trusts every caller as the bench user. */
    private static Handler unprotected(MemoryNotes demo, Clock clock) {
        Handler api = new Handler.Wrapper(new DemoApiHandler(demo, clock)) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                request.setAttribute(ProtectHandler.PRINCIPAL, "bench");
                return super.handle(request, response, callback);
            }
        };
        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(PathSpec.from("/api/*"), api);
        return new ContextHandler(routes, "/");
    }
}
