package dev.palisade.bench;

import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.scenarios.ScenarioClient;
import dev.palisade.protocol.ClientKeys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logins under a password-guessing flood (BENCHMARKS.md, section 7): a real server with the default
 * KDF (PBKDF2-SHA256, 600 000 iterations), {@code guessers} clients on their own loopback addresses
 * guessing passwords for other users as fast as they are answered, and one real user who logs in
 * every second. Reports how many logins the server answers a second and by what, and the real
 * user's login latency, first with no flood and then with it.
 * Arguments: {@code [guessers] [seconds]}, e.g. {@code 12 20}.
 */
public final class LoginFlood {

    public static void main(String[] args) throws Exception {
        int guessers = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = ScratchDirectory.create("palisade-login-flood");
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            AdminClient admin = new AdminClient(server.adminUri().toString(), server.adminToken());
            admin.updateConfig(Map.of("pagesPerMinuteMax", 1_000_000L, "autoBlockDenials", 0L));
            String debug = admin.createDebugToken("login-flood", 3_600).token();
            admin.createUser("alice", "alice's long password");
            for (int g = 0; g < guessers; g++) admin.createUser("victim" + g, "a password nobody guesses " + g);
            String target = server.apiUri().toString();

            long[] quiet = realUser(target, debug, seconds / 2, new AtomicBoolean(true));
            report("no flood: a real login", quiet);

            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < guessers; g++) {
                int n = g;
                Thread t = new Thread(() -> guess(target, debug, "victim" + n, "127.0.61." + (n + 1), running, answers));
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            long t0 = System.nanoTime();
            long[] flooded = realUser(target, debug, seconds, running);
            running.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            for (Thread t : threads) t.join(10_000);
            long total = answers.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf(Locale.ROOT, "flood: %d guessers answered %.1f logins/s (%s)%n", guessers, total / elapsed,
                    answers.entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f/s",
                            e.getValue().get() / elapsed)).sorted().toList());
            report("flood: a real login (alice, her own browser)", flooded);
        }
    }

    /** Logs alice in about once a second until told to stop or the time is up; login latencies in ns. */
    private static long[] realUser(String target, String debug, int seconds, AtomicBoolean running) throws Exception {
        List<Long> took = new ArrayList<>();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        try (ScenarioClient alice = new ScenarioClient(target, "127.0.60.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")) {
            while (System.nanoTime() < until && running.get()) {
                ScenarioClient.Reply ticket = alice.bootstrap(alice.page(), debug);
                ClientKeys keys = new ClientKeys();
                long t0 = System.nanoTime();
                ScenarioClient.Reply login = alice.login("alice", "alice's long password", ScenarioClient.ticket(ticket), keys);
                long t = System.nanoTime() - t0;
                if (login.status() == 200) {
                    took.add(t);
                    alice.logOut(ScenarioClient.session(login, keys));
                } else {
                    System.out.println("real login refused: " + login.code());
                }
                Thread.sleep(Math.max(0, 1_000 - t / 1_000_000));
            }
        }
        return took.stream().mapToLong(Long::longValue).toArray();
    }

    private static void guess(String target, String debug, String user, String source, AtomicBoolean running,
                              Map<String, AtomicLong> answers) {
        try (ScenarioClient c = new ScenarioClient(target, source, "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0")) {
            for (int i = 0; running.get(); i++) {
                ScenarioClient.Reply ticket = c.bootstrap(c.page(), debug);
                ScenarioClient.Reply r = c.login(user, "guess number " + i, ScenarioClient.ticket(ticket), new ClientKeys());
                answers.computeIfAbsent(r.code(), k -> new AtomicLong()).incrementAndGet();
            }
        } catch (Exception e) {
            if (running.get()) System.out.println("guesser " + user + " stopped: " + e);
        }
    }

    private static void report(String what, long[] nanos) {
        if (nanos.length == 0) {
            System.out.println(what + ": no login succeeded");
            return;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%s: median %.0f ms, p95 %.0f ms, max %.0f ms (n=%d)%n", what, s[s.length / 2] / 1e6,
                s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] / 1e6, s[s.length - 1] / 1e6, s.length);
    }
}
