package dev.palisade.console;

import dev.palisade.engine.admin.Actor;
import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.EventType;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does the console keep up? A real server with 100 000 live sessions produces 10 000 events per
 * second; the real console window (Monocle's headless screen when there is no display) watches it
 * through the admin API for one minute, a quarter of it on each of Overview, Sessions, Events and
 * Rate anomalies. Measured in the app: the longest gap between two FX pulses (an AnimationTimer
 * runs on every pulse) and the longest wait of a task posted to the FX thread every 20 ms.
 *
 * <p>The flood first runs for a warm-up (8 s unless a fifth argument says otherwise) with each view
 * shown in turn, and its pauses are reported on a line of their own: while the JIT compiles the
 * event path on both sides, the first second of a flood pauses the window whatever view is shown,
 * and counting that against the first view measured made the Overview look slow (BENCHMARKS.md, section 2i).
 *
 * <p>In the console's package only to reach {@link ConsoleApp#prepare}, as the launcher does.
 */
public final class ConsolePauses {

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int eventsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        if (System.getenv("DISPLAY") == null || System.getProperty("glass.platform") != null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("headless.geometry", "1600x1000-32");
        }
        boolean remote = args.length > 3 && args[3].equals("remote");
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        PalisadeServer server = null;
        Process child = null;
        String adminUrl;
        String adminToken;
        String clientUrl;
        if (remote) {
            // the server in a JVM of its own, as with --remote: its collections no longer pause the window
            child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                    "-cp", System.getProperty("java.class.path"), ServerSide.class.getName(), String.valueOf(sessions))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            java.io.BufferedReader fromChild = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = fromChild.readLine()) != null && !line.startsWith("ADMIN ")) System.out.println(line);
            if (line == null) throw new IllegalStateException("the server process ended before it was ready");
            String[] parts = line.split(" ");
            adminUrl = parts[1];
            adminToken = Files.readString(Path.of(parts[2])).trim();
            clientUrl = parts[3];
        } else {
            server = startServer(sessions);
            adminUrl = server.adminUri().toString();
            adminToken = server.adminToken();
            clientUrl = server.apiUri() + "/";
        }

        ConsoleApp.prepare(new ConsoleContext(adminUrl, adminToken, clientUrl, "bench server " + clientUrl), null);
        Thread fx = new Thread(() -> Application.launch(ConsoleApp.class), "fx-launch");
        fx.setDaemon(true);
        fx.start();
        while (Window.getWindows().isEmpty()) Thread.sleep(100);
        Thread.sleep(3_000); // first layout and the first admin calls

        AtomicLong longestPulseGap = new AtomicLong();
        AtomicLong longestTaskWait = new AtomicLong();
        AtomicLong pulses = new AtomicLong();
        List<Long> gaps = new ArrayList<>();
        /** When each long gap ended (ns since the events began; 0 before) and its view: warm-up or steady state. */
        List<String> gapTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong began = new AtomicLong();
        String[] views = {"Overview", "Sessions", "Events", "Rate anomalies", "(warm-up)"};
        int warming = views.length - 1; // the warm-up's pauses are kept apart from the views'
        long[] longestPerView = new long[views.length];
        int[] slowPerView = new int[views.length];
        java.util.concurrent.atomic.AtomicInteger current = new java.util.concurrent.atomic.AtomicInteger(warming);
        Platform.runLater(() -> new AnimationTimer() {
            long last;

            @Override
            public void handle(long now) {
                int v = current.get(); // -1 once the measured minute is over
                if (last != 0 && v >= 0) {
                    long gap = now - last;
                    if (v != warming && gap > longestPulseGap.get()) longestPulseGap.set(gap);
                    if (v != warming && gap > 50_000_000L) gaps.add(gap);
                    longestPerView[v] = Math.max(longestPerView[v], gap);
                    if (gap > 50_000_000L) {
                        slowPerView[v]++;
                        long since = began.get() == 0 ? 0 : now - began.get();
                        // the wall clock too, to set a gap beside a flight recording's collections
                        gapTimes.add(String.format(Locale.ROOT, "%.1f s %s %.0f ms (at %s)", since / 1e9, views[v], gap / 1e6,
                                java.time.LocalTime.now()));
                    }
                }
                last = now;
                if (v >= 0 && v != warming) pulses.incrementAndGet();
            }
        }.start());

        Thread producer;
        if (remote) {
            Process c = child;
            c.getOutputStream().write(("go " + eventsPerSecond + " " + (warmup + seconds) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            c.getOutputStream().flush();
            producer = new Thread(() -> {
                try {
                    c.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else {
            PalisadeServer s = server;
            producer = new Thread(() -> produce(s.engine().events(), eventsPerSecond, warmup + seconds), "bench-events");
        }
        producer.start();
        began.set(System.nanoTime());
        // warm-up: each view in turn under the flood (a quarter each), not counted against any view
        long warmEnd = began.get() + warmup * 1_000_000_000L;
        int warmShown = -1;
        for (long now = System.nanoTime(); now < warmEnd; now = System.nanoTime()) {
            int view = (int) ((now - began.get()) * warming / (warmup * 1_000_000_000L));
            if (view != warmShown) {
                warmShown = view;
                String name = views[view];
                Platform.runLater(() -> show(name));
            }
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        int shown = -1;
        while (System.nanoTime() < end) {
            int view = (int) ((System.nanoTime() - start) * warming / (seconds * 1_000_000_000L));
            if (view != shown && view < warming) {
                shown = view;
                String name = views[view];
                int index = view;
                Platform.runLater(() -> {
                    current.set(index);
                    show(name);
                });
            }
            long posted = System.nanoTime();
            Platform.runLater(() -> {
                long wait = System.nanoTime() - posted;
                if (wait > longestTaskWait.get()) longestTaskWait.set(wait);
            });
            Thread.sleep(20);
        }
        current.set(-1); // the flood's end and the server's drain count against no view
        producer.join();
        Thread.sleep(500);
        System.out.printf(Locale.ROOT, "console (%s): %d events/s for %d s (after %d s of warm-up) with %d sessions: %d pulses,"
                        + " longest pulse gap %.1f ms, longest FX task wait %.1f ms, pulse gaps over 50 ms: %d%n",
                remote ? "server in its own JVM" : "bundled server, one JVM", eventsPerSecond, seconds, warmup, sessions, pulses.get(),
                longestPulseGap.get() / 1e6, longestTaskWait.get() / 1e6, gaps.size());
        for (int v = 0; v < views.length; v++) {
            System.out.printf(Locale.ROOT, "console:   %-15s longest pulse gap %6.1f ms, gaps over 50 ms: %d%n", views[v],
                    longestPerView[v] / 1e6, slowPerView[v]);
        }
        System.out.println("console: gaps over 50 ms, by when they ended since the flood began: " + gapTimes);
        if (server != null) {
            System.out.printf(Locale.ROOT, "console: events published %d, dropped by the server %d%n",
                    server.engine().events().lastId(), server.engine().events().dropped());
            server.close();
        }
        Platform.exit();
        System.exit(0);
    }

    /** A server with {@code sessions} live sessions, logged in through the engine. */
    static PalisadeServer startServer(int sessions) throws Exception {
        Path dir = dev.palisade.bench.ScratchDirectory.create("palisade-console-bench");
        PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        long t0 = System.nanoTime();
        for (int u = 0; u < (sessions + 9) / 10; u++) server.engine().operator(Actor.OWNER).createUser("u" + u, "password".toCharArray());
        dev.palisade.bench.BenchLogins logIn = new dev.palisade.bench.BenchLogins(server.engine());
        for (int i = 0; i < sessions; i++) {
            ClientFacts facts = ClientFacts.of("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255),
                    "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");
            logIn.login("u" + (i / 10), "password".toCharArray(), facts);
        }
        System.out.printf(Locale.ROOT, "console: %d live sessions made in %.1f s%n", server.engine().sessions().size(),
                (System.nanoTime() - t0) / 1e9);
        return server;
    }

    /**
     * The server side of the remote run: prints {@code ADMIN <admin url> <token file> <client url>}
     * when ready, produces events when told {@code go <per second> <seconds>}, then stops.
     */
    public static final class ServerSide {
        public static void main(String[] args) throws Exception {
            PalisadeServer server = startServer(Integer.parseInt(args[0]));
            System.out.println("ADMIN " + server.adminUri() + " " + server.dataDir().resolve("admin.token") + " "
                    + server.apiUri() + "/");
            System.out.flush();
            String[] go = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine().split(" ");
            produce(server.engine().events(), Integer.parseInt(go[1]), Integer.parseInt(go[2]));
            server.close();
            System.exit(0);
        }
    }

    /** Clicks the navigation button with this text, as an operator would. */
    private static void show(String name) {
        for (Window w : Window.getWindows()) {
            w.getScene().getRoot().lookupAll(".button").stream()
                    .filter(n -> n instanceof ButtonBase && name.equals(((Labeled) n).getText()))
                    .findFirst().ifPresent(n -> ((ButtonBase) n).fire());
        }
    }

    /** Decisions (one in five refused), fingerprint mismatches and rate anomalies, at a steady rate. */
    private static void produce(EventHub hub, int perSecond, int seconds) {
        String[] codes = {"allowed", "allowed", "allowed", "allowed", "missing_credentials", "allowed", "allowed", "allowed",
                "allowed", "replayed"};
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            long due = (now - start) * perSecond / 1_000_000_000L;
            while (sent < due) {
                String ip = "10.0." + (sent >>> 8 & 255) + "." + (sent & 255);
                long at = System.currentTimeMillis();
                Event e;
                if (sent % 500 == 7) {
                    e = new Event(0, at, EventType.FINGERPRINT_MISMATCH, "fingerprint_mismatch", "fingerprint", "s" + sent % 997,
                            "u" + sent % 97, ip, "GET", "/api/notes", 401, 0,
                            "{\"action\":\"reauth\",\"changes\":[{\"component\":\"userAgent\",\"from\":\"a\",\"to\":\"b\",\"action\":\"reauth\"}]}");
                } else if (sent % 500 == 11) {
                    e = new Event(0, at, EventType.RATE_ANOMALY, "rate_anomaly", "rate", "s" + sent % 997, "u" + sent % 97, ip,
                            "GET", "/api/notes", 429, 0, "session:20/1s observed 31");
                } else {
                    String code = codes[(int) (sent % codes.length)];
                    boolean allowed = code.equals("allowed");
                    e = new Event(0, at, EventType.DECISION, code, allowed ? "pipeline" : "credentials", "s" + sent % 997,
                            "u" + sent % 97, ip, "GET", "/api/notes", allowed ? 200 : 401, 4_000, allowed ? "" : "refused");
                }
                hub.publish(e);
                sent++;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }
}
