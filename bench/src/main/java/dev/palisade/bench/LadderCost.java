package dev.palisade.bench;

import dev.palisade.engine.admin.Actor;
import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.ServedPage;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.http.PageMarkup;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.protocol.P256;
import dev.palisade.protocol.SigningKeyAgreement;
import dev.palisade.protocol.WorkChallenge;
import dev.palisade.store.sqlite.SqliteStore;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the attacker ladder costs, and whom (BENCHMARKS.md, "The attacker ladder"):
 * <ol>
 *   <li>the server's cost of one page (nonce, work, challenge markup), one challenge script, one
 *       bootstrap (checking the work and the answer) and one login's key agreement, and a whole login
 *       with the default KDF;</li>
 *   <li>the hash rate of native code here (Java's SHA-256) against the page's worker;</li>
 *   <li>a person's added wait at first load: the proof of work and the challenge in headless
 *       Chromium, per bit count, median and p95 over many page loads.</li>
 * </ol>
 * Arguments: {@code [pages per bit count] [bit counts…]}, e.g. {@code 40 12 13 14 15 16}.
 */
public final class LadderCost {

    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int[] bits = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {12, 13, 14, 15, 16};
        serverCosts();
        nativeRate();
        browserWait(loads, bits);
    }

    private static void serverCosts() throws Exception {
        Path dir = ScratchDirectory.create("palisade-ladder");
        try (SqliteStore store = SqliteStore.open(dir);
             Engine engine = new Engine(store, Clock.systemUTC(), EngineOptions.defaults(), new JettyAddressSets())) {
            ClientFacts client = new ClientFacts("10.9.8.7", UA, Map.of("user-agent", UA, "sec-fetch-site", "same-origin",
                    "sec-fetch-mode", "cors")::get);
            engine.operator(Actor.OWNER).createUser("person", "a long enough password".toCharArray());
            // warm the code paths before timing them
            for (int i = 0; i < 20_000; i++) PageMarkup.head(engine.auth().servePage("10.0." + (i % 200) + ".1"));
            long[] page = new long[20_000];
            for (int i = 0; i < page.length; i++) {
                long t0 = System.nanoTime();
                PageMarkup.head(engine.auth().servePage("10.1." + (i % 200) + ".1"));
                page[i] = System.nanoTime() - t0;
            }
            report("server: one client page (nonce, work, challenge values)", page);
            long[] script = new long[20_000];
            ServedPage served = engine.auth().servePage("10.2.0.1");
            for (int i = 0; i < script.length; i++) {
                long t0 = System.nanoTime();
                served.challenge().program().script(served.nonce());
                script[i] = System.nanoTime() - t0;
            }
            report("server: one challenge script (written again from its seed)", script);
            List<BootstrapClaim> claims = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ServedPage p = engine.auth().servePage("10.3." + (i / 100) + "." + (i % 100 + 1));
                claims.add(new BootstrapClaim(p.nonce(), p.challenge().work().solve().counters(), p.challenge().answer()));
            }
            long[] boot = new long[claims.size()];
            List<String> tickets = new ArrayList<>();
            for (int i = 0; i < boot.length; i++) {
                long t0 = System.nanoTime();
                tickets.add(engine.auth().bootstrap(claims.get(i), Map.of(), null, client).value());
                boot[i] = System.nanoTime() - t0;
            }
            report("server: one bootstrap (work and answer checked, ticket minted, event)", boot);
            long[] agree = new long[2_000];
            ClientKeys browser = new ClientKeys();
            String[] xy = P256.jwk(browser.publicKey());
            for (int i = 0; i < agree.length + 500; i++) {
                long t0 = System.nanoTime();
                ECPublicKey theirs = P256.publicKey(xy[0], xy[1]);
                KeyPair ours = P256.generate();
                SigningKeyAgreement.derive(P256.sharedSecret(ours.getPrivate(), theirs), "session");
                P256.jwk((ECPublicKey) ours.getPublic());
                if (i >= 500) agree[i - 500] = System.nanoTime() - t0;
            }
            report("server: one login's key agreement (check the JWK, key pair, ECDH, HKDF)", agree);
            long[] login = new long[10];
            for (int i = 0; i < login.length; i++) {
                long t0 = System.nanoTime();
                engine.auth().login("person", "a long enough password".toCharArray(), tickets.get(i), null,
                        P256.publicKey(xy[0], xy[1]), client);
                login[i] = System.nanoTime() - t0;
            }
            report("server: one whole login with the default KDF (PBKDF2, 600 000 iterations)", login);
        }
    }

    private static void nativeRate() {
        WorkChallenge warm = new WorkChallenge("d2FybQ", 16, 8);
        warm.solve();
        long hashes = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 8; i++) hashes += new WorkChallenge("bmF0aXZl" + i, 18, 4).solve().hashes();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "native: Java SHA-256 solver %.2f MH/s on one core (%d hashes)%n",
                hashes / seconds / 1e6, hashes);
    }

    private static void browserWait(int loads, int[] bitCounts) throws Exception {
        Path dir = ScratchDirectory.create("palisade-ladder-server");
        Path profile = ScratchDirectory.create("palisade-ladder-browser");
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            ChromeDriver browser = person(profile);
            HttpClient http = HttpClient.newHttpClient();
            try {
                String page = server.apiUri() + "/";
                for (int bits : bitCounts) {
                    // exactly these bits: a benchmark loading many pages would otherwise raise its own work
                    String config = "{\"powMinBits\":" + bits + ",\"powBits\":" + bits + ",\"powMaxBits\":" + bits
                            + ",\"pagesPerMinuteMax\":100000}";
                    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.adminUri() + "/admin/config"))
                            .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
                    if (put.statusCode() != 200) throw new IllegalStateException(put.body());
                    long[] millis = new long[loads];
                    browser.get(page); // warm: the worker script is cached from here on, as for a returning person
                    waitForBootstrap(browser);
                    for (int i = 0; i < loads; i++) {
                        browser.get(page);
                        millis[i] = waitForBootstrap(browser) * 1_000_000L;
                    }
                    report("person: proof of work + challenge in headless Chromium, " + bits + " bits × 4 puzzles", millis);
                }
            } finally {
                browser.quit();
            }
        }
    }

    /** Waits until the page has bootstrapped; the wait palisade.js added for its work and challenge, in ms. */
    private static long waitForBootstrap(ChromeDriver browser) throws InterruptedException {
        JavascriptExecutor js = browser;
        for (int i = 0; i < 3_000; i++) {
            Object cost = js.executeScript("return window.Palisade && Palisade.lastBootstrap"
                    + " && document.getElementById('login') && !document.getElementById('login').hidden"
                    + " ? Palisade.lastBootstrap.millis : null");
            if (cost != null) return ((Number) cost).longValue();
            Thread.sleep(5);
        }
        throw new IllegalStateException("the page did not bootstrap: " + js.executeScript("return document.body.innerText"));
    }

    private static ChromeDriver person(Path profile) throws Exception {
        Process version = new ProcessBuilder("/usr/bin/chromium", "--version").redirectErrorStream(true).start();
        String major = new String(version.getInputStream().readAllBytes()).replaceAll("(?s).*?(\\d+)\\..*", "$1");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile,
                "--disable-blink-features=AutomationControlled", "--user-agent=Mozilla/5.0 (X11; Linux x86_64)"
                        + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + major + ".0.0.0 Safari/537.36");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build(), options);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1e6;
        double p95 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        String unit = p50 < 1 ? "µs" : "ms";
        double f = p50 < 1 ? 1_000 : 1;
        System.out.printf(Locale.ROOT, "%s: median %.1f %s, p95 %.1f %s, max %.1f %s (n=%d)%n", what, p50 * f, unit,
                p95 * f, unit, max * f, unit, nanos.length);
    }
}
