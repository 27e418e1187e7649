package dev.palisade.bench;

import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.rate.RateLimiter;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRegistry;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Heap per live session: opens N sessions the way a login does (own id, signing key, bound
 * fingerprint with the User-Agent as its own string, a verified token remembered), then gives each
 * {@value #CALLS} calls through the default rate windows (per session and per address) and its call
 * history. Heap after a full GC, before and after, divided by N. Run in a JVM of its own.
 */
public final class SessionMemory {

    static final int CALLS = 10;
    private static final String UA = BenchEngine.USER_AGENT;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        SessionRegistry registry = new SessionRegistry(() -> 50_000_000,
                () -> new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(8)));
        List<RateWindow> windows = RateWindow.defaults();
        RateLimiter limiter = new RateLimiter(() -> windows);
        FingerprintPolicy fingerprints = FingerprintPolicy.defaults();
        long before = heapAfterGc();
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            String ip = "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
            String ua = new String(UA.toCharArray()); // each login's User-Agent arrives as its own string
            Session s = registry.open("user" + (i % 1000), SessionOrigin.BROWSER, now, ip, ua,
                    fingerprints.capture(ip, h -> h.equals("user-agent") ? ua : null), "", id -> Secrets.randomBytes(32), now);
            registry.rememberVerifiedToken(s, Secrets.sha256(s.id()), now + 900_000, "k1");
            for (int c = 0; c < CALLS; c++) {
                long at = now + c * 1_000L;
                limiter.acquire("/api/notes", null, s.rateCounts(), ip, null, at); // as RateCheck: no id text per call
                s.recordCall(at, "GET", "/api/notes", Reason.ALLOWED);
            }
        }
        long after = heapAfterGc();
        System.out.printf(Locale.ROOT, "sessions %d: heap %.1f MB → %.1f MB, %.0f B per live session (%.2f M sessions per GiB)%n",
                n, before / 1e6, after / 1e6, (after - before) / (double) n, (1L << 30) / ((after - before) / (double) n) / 1e6);
        if (registry.size() != n) throw new IllegalStateException("expected " + n + " sessions, have " + registry.size());
        if (args.length > 1 && args[1].equals("histogram")) {
            // the profile behind the figure: which classes hold the bytes (the top 25 of jcmd's histogram)
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < Math.min(lines.length, 28); i++) System.out.println(lines[i]);
            p.waitFor();
        }
        // what is measured must stay reachable until here: once main is compiled, the JIT lets
        // locals die at their last use, and the limiter (the addresses' counts) was collected before
        // the heap was read in some runs (904 B against 1 030 B), the registry before the histogram
        Reference.reachabilityFence(registry);
        Reference.reachabilityFence(limiter);
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
