package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.MutableClock;
import dev.palisade.http.proxy.UpstreamSignature;
import dev.palisade.protocol.RequestSigner;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped verifying middleware, each in front of a real app of its framework behind a real
 * Palisade: Express (middleware/express, node) and Flask (middleware/flask, Debian's python3-flask).
 * Forwarded calls pass (query, percent-encoded paths, bodies, a mount point, the app's own page);
 * direct calls, replays, expired signatures, changed bodies and malformed signatures are refused
 * with a 401 problem, never a 500.
 */
class MiddlewareHttpTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Process app;
    private ServerFixture s;
    private int appPort;
    private final OkHttpClient direct = new OkHttpClient.Builder().followRedirects(false).readTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        if (s != null) s.close();
        if (app != null) app.destroyForcibly();
        direct.dispatcher().executorService().shutdown();
    }

    /** Starts Palisade in front of the framework's test app, and the app with Palisade's upstream.key. */
    private void start(String framework) throws Exception {
        start(framework, "127.0.0.1");
    }

    /** The same, with the upstream's URL naming the app's host as {@code host}. */
    private void start(String framework, String host) throws Exception {
        start(framework, host, List.of());
    }

    /** The same, with the app's own options after its port and key file. */
    private void start(String framework, String host, List<String> options) throws Exception {
        start(framework, host, options, null);
    }

    /** The same, the app given {@code appKey} instead of Palisade's upstream.key when not null. */
    private void start(String framework, String host, List<String> options, Path appKey) throws Exception {
        List<String> command = command(framework);
        // the app's port is free when chosen, but Palisade's listeners (port 0) may be given it next: then the
        // app could not bind it, and Palisade's own listener answered as the app (admin_unauthorized in CI)
        for (int tries = 0; ; tries++) {
            try (ServerSocket free = new ServerSocket(0)) {
                appPort = free.getLocalPort();
            }
            URI upstream = URI.create("http://" + host + ":" + appPort);
            s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withUpstream(upstream, Duration.ofSeconds(5)));
            boolean taken = s.server.port() == appPort || s.server.adminPort() == appPort;
            if (!taken || tries == 5) break;
            s.close();
        }
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[],\"clientPages\":[\"/\",\"/old-page\"]}").code())
                .isEqualTo(200);
        Path key = dir.resolve("upstream.key");
        assertThat(key).exists();
        List<String> full = new java.util.ArrayList<>(command);
        full.add(Integer.toString(appPort));
        full.add((appKey != null ? appKey : key).toString());
        full.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dir.resolve(framework + ".log").toFile());
        pb.directory(REPO.resolve(framework.equals("express") ? "middleware/express/test-app" : "middleware/flask").toFile());
        if (framework.equals(WSGIREF)) pb.environment().put("PALISADE_TEST_SERVER", "wsgiref");
        app = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try (Socket probe = new Socket("127.0.0.1", appPort)) {
                return;
            } catch (IOException notYet) {
                if (!app.isAlive()) break;
                Thread.sleep(100);
            }
        }
        throw new AssertionError(framework + " app did not start: " + Files.readString(dir.resolve(framework + ".log")));
    }

    /**
     * The Flask app under the standard library's WSGI server (wsgiref), which gives the middleware no raw target
     * (RAW_URI, REQUEST_URI): it rebuilds the target from the decoded path.
     */
    private static final String WSGIREF = "flask-wsgiref";

    private static List<String> command(String framework) {
        boolean ci = System.getenv("CI") != null;
        if (framework.equals("express")) {
            boolean ready = Files.isExecutable(Path.of("/usr/bin/node"))
                    && Files.isDirectory(REPO.resolve("middleware/express/test-app/node_modules/express"));
            String hint = "the Express test needs node and `npm ci` in middleware/express/test-app";
            if (!ready && ci) throw new IllegalStateException(hint);
            Assumptions.assumeTrue(ready, hint);
            return List.of("/usr/bin/node", "app.js");
        }
        boolean ready = Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/flask"));
        String hint = "the Flask test needs Debian's python3-flask";
        if (!ready && ci) throw new IllegalStateException(hint);
        Assumptions.assumeTrue(ready, hint);
        return List.of("/usr/bin/python3", "test_app.py");
    }

    private ServerFixture.Reply directly(Request.Builder b) {
        try (okhttp3.Response r = direct.newCall(b.build()).execute()) {
            return new ServerFixture.Reply(r.code(), r.headers(), r.body() == null ? "" : r.body().string());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String appUrl(String path) { return "http://127.0.0.1:" + appPort + path; }

    /** The key Palisade signs forwarded calls with, to sign calls straight to the app as it would. */
    private byte[] upstreamKey() throws IOException {
        return Base64.getDecoder().decode(Files.readString(dir.resolve("upstream.key")).trim());
    }

    private static void assertRefused(ServerFixture.Reply r) {
        assertThat(r.code()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo("upstream_signature");
        assertThat(r.header("WWW-Authenticate")).as("a 401 names its scheme").matches("PalisadeUpstream error=\"(signature|expired|nonce|body)\"");
    }

    /** Refused, naming {@code fault}, which Palisade's reverse proxy counts and tells its operator. */
    private static void assertRefused(ServerFixture.Reply r, String fault) {
        assertRefused(r);
        assertThat(r.header("WWW-Authenticate")).as(r.body()).isEqualTo("PalisadeUpstream error=\"" + fault + "\"");
    }

    /**
     * An app holding another key than Palisade's (a key file from another data directory, or a node that made a
     * new one) refuses every forwarded call: the operator saw only allowed calls. The refusals are counted and
     * recorded (one event a second at most), and the caller gets the app's 401 as it came.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void anAppHoldingAnotherKeyRefusesEveryCallAndTheOperatorIsTold(String framework) throws Exception {
        Path other = dir.resolve("other.key");
        Files.writeString(other, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        start(framework, "127.0.0.1", List.of(), other);
        String key = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api\"]}").json().get("key").asText();
        long started = System.nanoTime();
        // the client page Palisade fetches, and a call it forwards: each refused by the app, passed on as it came
        assertRefused(s.get(s.api("/"), null));
        for (int i = 0; i < 2; i++) {
            assertRefused(s.send(new Request.Builder().url(s.api("/api/items")).header("X-Api-Key", key).build()));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String counted = "palisade_upstream_refusals_total{fault=\"signature\"} 3.0";
        assertThat(s.metricsHolding(counted)).contains(counted);
        com.fasterxml.jackson.databind.JsonNode items = s.adminCall("GET", "/admin/events?code=upstream_signature", null)
                .json().get("items");
        assertThat(items.size()).as("one event a second at most").isBetween(1, (int) (1 + seconds));
        assertThat(items.get(0).get("detail").asText()).startsWith("/: ").contains("(signature)").contains("upstream.key");
    }

    /*
     * Audit 50: an app held one key, read once at its start: replacing a leaked upstream.key meant every forwarded call
     * refused until each app had the new key and was restarted. An app's key file holds one key a line, a call signed
     * with any accepted, and is read again within a second of a change: the next key is added beside the current
     * one, Palisade switches, the old one is taken out, and no call is refused on the way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void anAppsKeyFileTakesTheNextKeyBesideTheCurrentOneWithoutARestart(String framework) throws Exception {
        Path appKey = dir.resolve("app.key");
        String other = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(appKey, other + "\n");
        start(framework, "127.0.0.1", List.of(), appKey);
        String apiKey = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api\"]}").json().get("key").asText();
        assertRefused(forwarded(apiKey), "signature");
        String palisades = Files.readString(dir.resolve("upstream.key")).trim();
        Files.writeString(appKey, "# the next key, then the current one\n" + other + "\n" + palisades + "\n");
        assertThat(codeWithin(apiKey, 200)).as("accepted beside the other key, without a restart").isEqualTo(200);
        Files.writeString(appKey, other + "\n");
        assertThat(codeWithin(apiKey, 401)).as("the key taken out").isEqualTo(401);
        Files.writeString(appKey, palisades + "\n");
        assertThat(codeWithin(apiKey, 200)).isEqualTo(200);
        assertThat(app.isAlive()).isTrue();
    }

    /*
     * Audit 52 (M2): a key file deleted, emptied or edited with a line that is no key (the next key pasted with a
     * character lost) kept the keys the app held for as long as it stayed so: a leaked key taken out that way went
     * on working. They are kept for a moment (a rename, a file half written), then none, and the log says so once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aKeyFileDeletedEmptiedOrBadlyEditedStopsTheKeysItHeldAfterAMoment(String framework) throws Exception {
        Path appKey = dir.resolve("app.key");
        Files.writeString(appKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        start(framework, "127.0.0.1", List.of(), appKey);
        String apiKey = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api\"]}").json().get("key").asText();
        String palisades = Files.readString(dir.resolve("upstream.key")).trim();
        Files.writeString(appKey, palisades + "\n"); // the app's own copy of Palisade's key
        assertThat(codeWithin(apiKey, 200)).isEqualTo(200);
        Path log = dir.resolve(framework + ".log");
        String nextWithACharacterLost = Base64.getEncoder().encodeToString(new byte[32]).substring(1);
        // moved away and back (mv, a restore): the same time and size as the file whose keys were dropped (review 52)
        Path aside = dir.resolve("app.key.aside");
        List<String> ways = List.of("deleted", "emptied", "a line that is no key", "moved away");
        for (int i = 0; i < ways.size(); i++) {
            String way = ways.get(i);
            switch (way) {
                case "deleted" -> Files.delete(appKey);
                case "emptied" -> Files.writeString(appKey, "");
                case "moved away" -> Files.move(appKey, aside);
                default -> Files.writeString(appKey, palisades + "\n" + nextWithACharacterLost + "\n");
            }
            int told = i + 1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (count(log, "cannot be read") < told && System.nanoTime() < until) {
                Thread.sleep(200); // the app looks at its key file at a call, once a second
                forwarded(apiKey);
            }
            assertThat(count(log, "cannot be read")).as(way + ": the app looked and said so, once").isEqualTo(told);
            assertThat(forwarded(apiKey).code()).as(way + ": for a moment (a rename, a file half written) the keys held go on")
                    .isEqualTo(200);
            assertThat(codeWithin(apiKey, 401, 10)).as(way + ": then the key taken out no longer works").isEqualTo(401);
            assertRefused(forwarded(apiKey), "signature");
            assertThat(count(log, "has held no usable key")).as(way + ": said once").isEqualTo(told);
            if (way.equals("moved away")) Files.move(aside, appKey);
            else Files.writeString(appKey, palisades + "\n");
            assertThat(codeWithin(apiKey, 200)).as(way + ": the file holds the key again").isEqualTo(200);
        }
        assertThat(Files.readString(log)).as("no key in the log").doesNotContain(palisades).doesNotContain(nextWithACharacterLost);
        assertThat(app.isAlive()).isTrue();
    }

    private static int count(Path log, String text) throws IOException {
        String all = Files.readString(log);
        int n = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + 1)) n++;
        return n;
    }

    /*
     * Audit 52 (L1): Express paced its key file's reads by the wall clock: a clock an hour fast at the app's start,
     * then stepped back, stopped them for that hour (the next key refused, a key taken out accepted). Flask paces
     * them by a monotonic clock, as Express now does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aClockSteppedBackDoesNotStopTheKeyFilesReads(String framework) throws Exception {
        Path appKey = dir.resolve("app.key");
        Files.writeString(appKey, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        start(framework, "127.0.0.1", List.of("clock-stepped-back"), appKey);
        String apiKey = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api\"]}").json().get("key").asText();
        assertRefused(forwarded(apiKey), "signature");
        Files.writeString(appKey, Files.readString(dir.resolve("upstream.key")).trim() + "\n");
        assertThat(codeWithin(apiKey, 200)).as("the next key read within a second of the change").isEqualTo(200);
    }

    /** A call Palisade forwards to the app, made with an API key (a session's login needs the app's own page). */
    private ServerFixture.Reply forwarded(String apiKey) {
        return s.send(new Request.Builder().url(s.api("/api/items")).header("X-Api-Key", apiKey).build());
    }

    /** The status of a forwarded call once it is {@code wanted}, or the last one after 5 s. */
    private int codeWithin(String apiKey, int wanted) throws InterruptedException {
        return codeWithin(apiKey, wanted, 5);
    }

    /** The status of a forwarded call once it is {@code wanted}, or the last one after {@code seconds}. */
    private int codeWithin(String apiKey, int wanted, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int code;
        while ((code = forwarded(apiKey).code()) != wanted && System.nanoTime() < until) {
            Thread.sleep(200); // the app looks at its key file once a second
        }
        return code;
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask", WSGIREF})
    void forwardedCallsPassAndTellTheAppWhoCalls(String framework) throws Exception {
        start(framework);
        String token = s.token("alice");
        JsonNode items = s.get(s.api("/api/items?colour=red&size=l"), token).json();
        assertThat(items.get("user").asText()).isEqualTo("alice");
        assertThat(items.get("query").get("colour").asText()).isEqualTo("red");
        ServerFixture.Reply encoded = s.get(s.api("/api/files/na%C3%AFve%20plan.txt"), token);
        assertThat(encoded.code()).as(encoded.toString()).isEqualTo(200);
        assertThat(encoded.json().get("name").asText()).isEqualTo("naïve plan.txt");
        // escaped as encodeURIComponent escapes a name: sub-delimiters too, which a rebuilt target would leave raw
        ServerFixture.Reply delimiters = s.get(s.api("/api/files/alice%40example.com%2Bnotes%3A1%2C2"), token);
        assertThat(delimiters.code()).as(delimiters.toString()).isEqualTo(200);
        assertThat(delimiters.json().get("name").asText()).isEqualTo("alice@example.com+notes:1,2");
        ServerFixture.Reply emptyQuery = s.get(s.api("/api/items?"), token);
        assertThat(emptyQuery.code()).as("a target with an empty query: " + emptyQuery).isEqualTo(200);
        ServerFixture.Reply posted = s.postJson(s.api("/api/items"), "{\"name\":\"pen\",\"qty\":2}", token);
        assertThat(posted.code()).as(posted.toString()).isEqualTo(201);
        assertThat(posted.json().get("got").get("name").asText()).isEqualTo("pen");
        JsonNode apiKey = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/api/items\"]}").json();
        ServerFixture.Reply byKey = s.send(new Request.Builder().url(s.api("/api/items")).header("X-Api-Key",
                apiKey.get("key").asText()).post(RequestBody.create("{\"name\":\"ink\"}", ServerFixture.JSON)).build());
        assertThat(byKey.code()).as(byKey.toString()).isEqualTo(201);
        assertThat(byKey.json().get("user").asText()).isEqualTo("apikey:robot");
    }

    /**
     * The test apps read X-Forwarded-* as apps behind a proxy do (Express's {@code trust proxy}, werkzeug's
     * {@code ProxyFix}); the middleware still checks the target Palisade signed: the scheme and Host of the
     * connection Palisade made, not what the headers say the client used.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void anAppThatReadsForwardingHeadersStillAcceptsPalisadesCalls(String framework) throws Exception {
        start(framework);
        String token = s.token("alice");
        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("127.0.0.1");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", policy.toString()).code()).isLessThan(300);
        // behind a TLS balancer that Palisade trusts: its view of the call goes on to the app
        ServerFixture.Reply behind = s.send(s.request("GET", s.api("/api/items?colour=red"), null, token)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example")
                .header("X-Forwarded-Prefix", "/shop").build());
        assertThat(behind.code()).as(behind.toString()).isEqualTo(200);
        assertThat(behind.json().get("user").asText()).isEqualTo("alice");
        ServerFixture.Reply page = s.send(new Request.Builder().url(s.api("/")).header("X-Forwarded-Proto", "https").build());
        assertThat(page.code()).as(page.toString()).isEqualTo(200);
    }

    /**
     * Behind a gateway terminating TLS (nginx, Caddy), Palisade's decision signs the client's scheme, which
     * the gateway sends on as X-Forwarded-Proto, while the app is reached over plain HTTP: accepted too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aCallSignedForTheClientsSchemeBehindATlsGatewayIsAccepted(String framework) throws Exception {
        start(framework);
        byte[] key = dev.palisade.DataDirectory.upstreamKey(dir);
        String authority = "127.0.0.1:" + appPort;
        dev.palisade.http.proxy.UpstreamSignature.Headers https = dev.palisade.http.proxy.UpstreamSignature.sign(key, "GET",
                "https://" + authority + "/api/items?x=1", "alice", "s1", null, System.currentTimeMillis() / 1000,
                dev.palisade.http.proxy.UpstreamSignature.nonce());
        Request.Builder asTheGatewaySends = new Request.Builder().url(appUrl("/api/items?x=1"))
                .header("X-Palisade-User", "alice").header("X-Palisade-Session", "s1")
                .header("Signature-Input", https.signatureInput()).header("Signature", https.signature());
        ServerFixture.Reply viaTls = directly(asTheGatewaySends.header("X-Forwarded-Proto", "https"));
        assertThat(viaTls.code()).as(viaTls.toString()).isEqualTo(200);
        assertThat(viaTls.json().get("user").asText()).isEqualTo("alice");
        // the same signature with no word of TLS: the target it covers is not this request's
        dev.palisade.http.proxy.UpstreamSignature.Headers again = dev.palisade.http.proxy.UpstreamSignature.sign(key, "GET",
                "https://" + authority + "/api/items?x=1", "alice", "s1", null, System.currentTimeMillis() / 1000,
                dev.palisade.http.proxy.UpstreamSignature.nonce());
        assertRefused(directly(new Request.Builder().url(appUrl("/api/items?x=1"))
                .header("X-Palisade-User", "alice").header("X-Palisade-Session", "s1")
                .header("Signature-Input", again.signatureInput()).header("Signature", again.signature())));
    }

    /**
     * Express routes {@code /api/Items} and {@code /api/items/} to {@code /api/items}: a rate window on the
     * route counts those calls too, so spelling the path another way does not buy more calls.
     */
    @Test
    void aRouteWindowCountsTheSpellingsExpressRoutesAlike() throws Exception {
        start("express");
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":1,"
                + "\"windowSeconds\":60,\"route\":\"/api/items\"}]}").code()).isEqualTo(200);
        String token = s.token("alice");
        ServerFixture.Reply first = s.get(s.api("/api/Items/"), token);
        assertThat(first.code()).as("Express serves the route under this spelling: " + first).isEqualTo(200);
        assertThat(first.json().get("user").asText()).isEqualTo("alice");
        for (String spelling : new String[] {"/api/items", "/api/ITEMS", "/api/items/"}) {
            ServerFixture.Reply again = s.get(s.api(spelling), token);
            assertThat(again.code()).as(spelling + ": " + again).isEqualTo(429);
            assertThat(again.json().get("code").asText()).isEqualTo("rate_limited");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void theAppsOwnPageKeepsItsCookiesRedirectsAndPolicy(String framework) throws Exception {
        start(framework);
        ServerFixture.Reply page = s.send(new Request.Builder().url(s.api("/")).header("Cookie", "session=abc").build());
        assertThat(page.code()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Shop</title>").contains("palisade-nonce").contains("/assets/palisade.js");
        assertThat(page.headers().values("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("theme=dark"));
        if (framework.equals("express")) {
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("img-src https:")
                    .contains("script-src 'self'").contains("connect-src 'self'");
        } else {
            assertThat(page.headers().values("Content-Security-Policy")).as("each of the app's policies, merged on its own")
                    .containsExactly("script-src 'self'", "frame-ancestors 'none'");
        }
        OkHttpClient noRedirects = s.http.newBuilder().followRedirects(false).build();
        try (okhttp3.Response moved = noRedirects.newCall(new Request.Builder().url(s.api("/old-page")).build()).execute()) {
            assertThat(moved.code()).isEqualTo(302);
            assertThat(moved.header("Location")).endsWith("/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void directCallsReplaysChangedBodiesAndMalformedSignaturesAreRefused(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        // a direct call, around Palisade
        assertRefused(directly(new Request.Builder().url(appUrl("/api/items"))), "signature");
        assertRefused(directly(new Request.Builder().url(appUrl("/api/items")).header("X-Palisade-User", "admin")), "signature");
        // headers captured from a forwarded request (as an upstream log would keep them), sent again
        JsonNode seen = s.get(s.api("/api/echo-headers"), s.token("alice")).json();
        Request.Builder replay = new Request.Builder().url(appUrl("/api/echo-headers"));
        for (String h : new String[] {"signature-input", "signature", "x-palisade-user", "x-palisade-session"}) {
            replay.header(h, seen.get(h).asText());
        }
        assertRefused(directly(replay), "nonce");
        long now = System.currentTimeMillis() / 1000;
        String target = appUrl("/api/items");
        // expired: created and expires in the past, otherwise perfect
        UpstreamSignature.Headers old = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now - 120, "old-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", old.signatureInput()).header("Signature", old.signature())), "expired");
        // made in the future, past the tolerance: the clocks are apart as well
        UpstreamSignature.Headers ahead = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now + 60, "ahead-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", ahead.signatureInput()).header("Signature", ahead.signature())), "expired");
        // expiring before it was made: no signature Palisade makes, whatever the clocks
        // (in the near future, within the tolerance: a slow machine must not see it expire before it is read)
        UpstreamSignature.Headers backwards = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now + 3, now + 2, "back-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", backwards.signatureInput()).header("Signature", backwards.signature())), "signature");
        // good for 31 s: Palisade signs for 30, so a longer life was made with the key elsewhere
        UpstreamSignature.Headers lasting = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now, now + 31, "long-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", lasting.signatureInput()).header("Signature", lasting.signature())), "signature");
        UpstreamSignature.Headers thirty = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now, now + 30, "long-2");
        ServerFixture.Reply atLimit = directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                .header("X-Palisade-Session", "").header("Signature-Input", thirty.signatureInput()).header("Signature", thirty.signature()));
        assertThat(atLimit.code()).as("Palisade's own 30 s: " + atLimit).isEqualTo(200);
        // a body changed after Palisade signed it
        String digest = RequestSigner.contentDigest("{\"name\":\"pen\"}".getBytes(StandardCharsets.UTF_8));
        UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "POST", target, "alice", "", digest, now, "body-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Content-Digest", digest).header("Signature-Input", signed.signatureInput())
                .header("Signature", signed.signature()).post(RequestBody.create("{\"name\":\"gold\"}", ServerFixture.JSON))), "body");
        // the same, untouched, passes: the refusals above are about what changed
        UpstreamSignature.Headers good = UpstreamSignature.sign(key, "POST", target, "alice", "", digest, now, "body-2");
        ServerFixture.Reply ok = directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                .header("X-Palisade-Session", "").header("Content-Digest", digest).header("Signature-Input", good.signatureInput())
                .header("Signature", good.signature()).post(RequestBody.create("{\"name\":\"pen\"}", ServerFixture.JSON)));
        assertThat(ok.code()).as(ok.toString()).isEqualTo(201);
        // malformed signatures: wrong length, not base64, another label
        for (String bad : new String[] {"palisade=:abc=:", "palisade=:!!!:", "sig1=:" + good.signature().substring(10), ""}) {
            UpstreamSignature.Headers g2 = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now, "m-" + bad.length());
            assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                    .header("X-Palisade-Session", "").header("Signature-Input", g2.signatureInput()).header("Signature", bad)), "signature");
        }
        assertRefused(directly(new Request.Builder().url(target).header("Signature-Input", "palisade=(\"@method\"")
                .header("Signature", "palisade=:AAAA:")), "signature");
    }

    /**
     * Behind a gateway Palisade never sees the body, so a session's call that signs no digest is signed
     * without one: an app that accepts undigested bodies for API keys must not accept them for sessions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void undigestedBodiesAreAcceptedWhereAllowedButNeverOnASessionsCall(String framework) throws Exception {
        start(framework, "127.0.0.1", List.of("allow-undigested"));
        byte[] key = upstreamKey();
        long now = System.currentTimeMillis() / 1000;
        String target = appUrl("/api/items");
        UpstreamSignature.Headers forKey = UpstreamSignature.sign(key, "POST", target, "key:uploads", "", null, now, "u-1");
        ServerFixture.Reply byKey = directly(new Request.Builder().url(target).header("X-Palisade-User", "key:uploads")
                .header("X-Palisade-Session", "").header("Signature-Input", forKey.signatureInput())
                .header("Signature", forKey.signature()).post(RequestBody.create("{\"name\":\"pen\"}", ServerFixture.JSON)));
        assertThat(byKey.code()).as("an API key's upload, as allowed: " + byKey).isEqualTo(201);
        UpstreamSignature.Headers forSession = UpstreamSignature.sign(key, "POST", target, "alice", "s-1", null, now, "u-2");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                .header("X-Palisade-Session", "s-1").header("Signature-Input", forSession.signatureInput())
                .header("Signature", forSession.signature()).post(RequestBody.create("{\"name\":\"gold\"}", ServerFixture.JSON))), "body");
    }

    /*
     * Audit 50: the Express middleware put the nonce store's error in its refusal, which Palisade passes on to any
     * caller of a public path: a Redis client's names its server's address (and more); Flask's told no one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aNonceStoreThatFailsIsToldToTheOperatorNotToTheCaller(String framework) throws Exception {
        start(framework, "127.0.0.1", List.of("store-away"));
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/api/items\"],\"clientPages\":[\"/\"]}").code())
                .isEqualTo(200);
        ServerFixture.Reply refused = s.send(new Request.Builder().url(s.api("/api/items")).build());
        assertRefused(refused, "nonce");
        assertThat(refused.body()).contains("the nonce store did not answer").doesNotContain("10.20.30.40");
        // audit 52 (L7): the store client's error names its URL, password and all: the log keeps the address only
        assertThat(Files.readString(dir.resolve(framework + ".log"))).as("the app's log tells the operator")
                .contains("10.20.30.40").doesNotContain("hunter2");
    }

    /*
     * Audit 52 (M1): the documented shared store, Redis SET nonce 1 NX EXAT until, was given until = expires + skew,
     * the last second the signature is accepted. Redis drops the key once that second has begun, and a SET with an
     * EXAT already past keeps nothing: a captured call passed again, any number of times, in that second. until is
     * now the first second the signature is refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aReplayThroughARedisLikeStoreInTheSignaturesLastSecondIsRefused(String framework) throws Exception {
        start(framework, "127.0.0.1", List.of("redis-like"));
        byte[] key = upstreamKey();
        String target = appUrl("/api/items");
        directly(new Request.Builder().url(target)); // the app's first call (a cold start is slow), unsigned: refused
        while (System.currentTimeMillis() % 1000 > 300) Thread.sleep(20); // the three calls within one second
        long now = System.currentTimeMillis() / 1000;
        // expired 5 s ago: the tolerated clock difference, so this is the last second the signature is accepted
        UpstreamSignature.Headers last = UpstreamSignature.sign(key, "GET", target, "alice", "", null, now - 35, now - 5, "last-1");
        Request.Builder call = new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", last.signatureInput()).header("Signature", last.signature());
        ServerFixture.Reply first = directly(call);
        assertThat(first.code()).as("still accepted: " + first).isEqualTo(200);
        assertRefused(directly(call), "nonce");
        assertRefused(directly(call), "nonce");
    }

    /*
     * Audit 52: a process's memory of nonces starts empty, so a call captured before the app restarted (a deploy, a
     * crash) went through once more. Its memory takes no signature made more than the tolerated clock difference (5 s)
     * before the process started; the session's review: one made by a Palisade whose clock is up to 5 s behind, just
     * after the start, is taken (a first version refused those, and any signed in the second before a start).
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aSignatureMadeBeforeTheAppStartedIsNotTakenByItsMemoryOfNonces(String framework) throws Exception {
        long before = System.currentTimeMillis() / 1000 - 1;
        start(framework);
        byte[] key = upstreamKey();
        String target = appUrl("/api/items");
        UpstreamSignature.Headers captured = UpstreamSignature.sign(key, "GET", target, "alice", "", null, before - 6, "before-start");
        ServerFixture.Reply replayed = directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                .header("X-Palisade-Session", "").header("Signature-Input", captured.signatureInput())
                .header("Signature", captured.signature()));
        assertRefused(replayed, "nonce");
        assertThat(replayed.body()).contains("made before the app started");
        UpstreamSignature.Headers behind = UpstreamSignature.sign(key, "GET", target, "alice", "", null,
                System.currentTimeMillis() / 1000 - 5, "clock-behind");
        assertThat(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", behind.signatureInput()).header("Signature", behind.signature())).code())
                .as("a Palisade clock 5 s behind, just after the start").isEqualTo(200);
    }

    /*
     * Audit 52 (M3): Express took a maxSkewSeconds given as a string ("5", from process.env) and added it as text, so no
     * signature ever expired; Flask answered every call 500; Flask took a key given as base64 text and answered 500.
     * Options are checked when the middleware is made: the app does not start, and says which option is wrong.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void optionsOfTheWrongTypeStopTheAppAtItsStart(String framework) throws Exception {
        Path keyFile = dir.resolve("app.key");
        String text = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(keyFile, text + "\n");
        List<String> cases = framework.equals("express")
                ? List.of("{\"maxSkewSeconds\":\"5\"}", "{\"maxSkewSeconds\":3600}", "{\"maxBodyBytes\":\"1mb\"}",
                        "{\"allowUndigestedBodies\":\"false\"}", "{\"key\":\"" + text + "\"}")
                : List.of("{\"max_skew_seconds\":\"5\"}", "{\"max_skew_seconds\":3600}", "{\"max_body_bytes\":\"1mb\"}",
                        "{\"key\":\"" + text + "\"}");
        for (String options : cases) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            List<String> full = new java.util.ArrayList<>(command(framework));
            full.addAll(List.of(Integer.toString(port), keyFile.toString(), options));
            Path log = dir.resolve(framework + "-options.log");
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(REPO.resolve(framework.equals("express") ? "middleware/express/test-app" : "middleware/flask").toFile())
                    .start();
            try {
                boolean ended = p.waitFor(20, TimeUnit.SECONDS);
                String said = Files.readString(log);
                assertThat(ended).as(options + ": the app must not start: " + said).isTrue();
                assertThat(p.exitValue()).as(options).isNotZero();
                String name = options.substring(2, options.indexOf('"', 2));
                assertThat(said).as(options).contains(name).doesNotContain(text);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /*
     * An outside test (session 54): a signed body the Flask app could not read whole (chunks that are no chunks, a
     * Content-Length the client did not send) made werkzeug raise in the middleware: a 500 with its stack trace, or
     * werkzeug's 400 page, where the documented answer is 401 error="body".
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aSignedBodyThatCannotBeReadWholeIsRefusedAsABody(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        String authority = "127.0.0.1:" + appPort;
        String body = "{\"name\":\"tea\"}";
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8))) + ":";
        long now = System.currentTimeMillis() / 1000;
        String[][] cases = {
                {"chunks that are no chunks", "Transfer-Encoding: chunked\r\n", "zz\r\n" + body + "\r\n0\r\n\r\n"},
                {"a chunk without its line end", "Transfer-Encoding: chunked\r\n", Integer.toHexString(body.length()) + "\r\n"
                        + body + "0\r\n\r\n"},
                {"a Content-Length not sent", "Content-Length: 100\r\n", body},
        };
        int n = 0;
        for (String[] c : cases) {
            UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "POST", "http://" + authority + "/api/items", "alice",
                    "s1", digest, now, "cut-" + n++);
            String head = "POST /api/items HTTP/1.1\r\nHost: " + authority + "\r\nX-Palisade-User: alice\r\n"
                    + "X-Palisade-Session: s1\r\nContent-Type: application/json\r\nContent-Digest: " + digest + "\r\n" + c[1]
                    + "Signature-Input: " + signed.signatureInput() + "\r\nSignature: " + signed.signature()
                    + "\r\nConnection: close\r\n\r\n" + c[2];
            String[] answer = rawCall(head, true);
            if (framework.equals("express") && answer[0].contains(" 400")) continue; // Node's own parser refuses it first
            assertThat(answer[0]).as(c[0]).contains(" 401");
            assertThat(answer[1]).as(c[0]).isEqualTo("PalisadeUpstream error=\"body\"");
        }
    }

    /** A raw HTTP exchange with the app: its status line and its WWW-Authenticate, if any. */
    private String[] rawCall(String head) throws IOException {
        return rawCall(head, false);
    }

    /** @param cut whether the request ends with what was sent (the connection's sending half closed) */
    private String[] rawCall(String head, boolean cut) throws IOException {
        try (Socket raw = new Socket("127.0.0.1", appPort)) {
            raw.setSoTimeout(5_000);
            raw.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            if (cut) raw.shutdownOutput();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            String challenge = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.regionMatches(true, 0, "WWW-Authenticate:", 0, 17)) challenge = line.substring(17).trim();
            }
            return new String[] {status, challenge};
        }
    }

    /*
     * Audit 52 (L4, L2): no test took a valid signature and changed what it covers; Flask read a call without Host
     * against its X-Forwarded-Host (ProxyFix makes that request.host), so a call signed for another app behind the
     * same Palisade passed. Each change is refused as a signature that does not match.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aValidSignatureOnAChangedRequestIsRefused(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        String authority = "127.0.0.1:" + appPort;
        // what is changed, and the request as sent: {method, target, Host or null, user, session, extra headers, version}
        String[][] changes = {
                {"nothing", "GET", "/api/items?colour=red", authority, "alice", "s1", "", "HTTP/1.1"},
                {"the path", "GET", "/api/echo-headers?colour=red", authority, "alice", "s1", "", "HTTP/1.1"},
                {"the query", "GET", "/api/items?colour=blue", authority, "alice", "s1", "", "HTTP/1.1"},
                {"the method", "POST", "/api/items?colour=red", authority, "alice", "s1", "Content-Length: 0\r\n", "HTTP/1.1"},
                {"the Host", "GET", "/api/items?colour=red", "localhost:" + appPort, "alice", "s1", "", "HTTP/1.1"},
                {"the user", "GET", "/api/items?colour=red", authority, "admin", "s1", "", "HTTP/1.1"},
                {"the user, left out", "GET", "/api/items?colour=red", authority, null, "s1", "", "HTTP/1.1"},
                {"the session", "GET", "/api/items?colour=red", authority, "alice", "s2", "", "HTTP/1.1"},
                {"no Host, the signed one as X-Forwarded-Host", "GET", "/api/items?colour=red", null, "alice", "s1",
                        "X-Forwarded-Host: " + authority + "\r\n", "HTTP/1.0"},
                {"another Host, the signed one as X-Forwarded-Host", "GET", "/api/items?colour=red", "billing.internal", "alice", "s1",
                        "X-Forwarded-Host: " + authority + "\r\n", "HTTP/1.1"},
        };
        long now = System.currentTimeMillis() / 1000;
        int n = 0;
        for (String[] c : changes) {
            UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "GET", "http://" + authority + "/api/items?colour=red",
                    "alice", "s1", null, now, "changed-" + n++);
            String head = c[1] + " " + c[2] + " " + c[7] + "\r\n" + (c[3] == null ? "" : "Host: " + c[3] + "\r\n")
                    + (c[4] == null ? "" : "X-Palisade-User: " + c[4] + "\r\n") + "X-Palisade-Session: " + c[5] + "\r\n" + c[6]
                    + "Signature-Input: " + signed.signatureInput() + "\r\nSignature: " + signed.signature() + "\r\nConnection: close\r\n\r\n";
            String[] answer = rawCall(head);
            if (c[0].equals("nothing")) {
                assertThat(answer[0]).as("the request as signed").contains(" 200");
            } else {
                assertThat(answer[0]).as(c[0] + " changed").contains(" 401");
                assertThat(answer[1]).as(c[0] + " changed").isEqualTo("PalisadeUpstream error=\"signature\"");
            }
        }
    }

    /**
     * Anyone can have the app refuse a body Palisade forwards undigested (one over 64 KiB to a public path): that was
     * recorded as the app holding another key. The answer names its fault, and the event says it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aBodyTheAppRefusesIsToldAsABodyNotAsAnotherKey(String framework) throws Exception {
        start(framework);
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/api/items\"],\"clientPages\":[\"/\"]}").code())
                .isEqualTo(200);
        String upload = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        ServerFixture.Reply refused = s.send(new Request.Builder().url(s.api("/api/items"))
                .post(RequestBody.create(upload, ServerFixture.JSON)).build());
        assertRefused(refused);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("PalisadeUpstream error=\"body\"");
        String counted = "palisade_upstream_refusals_total{fault=\"body\"} 1.0";
        assertThat(s.metricsHolding(counted)).contains(counted);
        JsonNode items = s.adminCall("GET", "/admin/events?code=upstream_signature", null).json().get("items");
        assertThat(items).singleElement().satisfies(e -> assertThat(e.get("detail").asText()).contains("(body)")
                .doesNotContain("upstream.key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void oddNumbersHugeBodiesAndAHostInCapitalsAreAnsweredAsTheyShouldBe(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        long now = System.currentTimeMillis() / 1000;
        String target = appUrl("/api/items");
        // a number longer than a language's integers: a refusal, not a 500
        assertRefused(directly(new Request.Builder().url(target).header("Signature", "palisade=:AAAA:").header("Signature-Input",
                "palisade=(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\");created=" + "9".repeat(5000)
                        + ";expires=1;nonce=\"n\";alg=\"hmac-sha256\"")));

        // a forged signature is refused from its headers: the app does not wait for (or hold) a body. Its length is under
        // the app's limit, so the refusal is the signature's (audit 52 L3: a length over it was refused as a body
        // before the signature was looked at, so the test passed whatever the order), and most of it never comes
        UpstreamSignature.Headers forged = UpstreamSignature.sign(new byte[32], "POST", target, "alice", "",
                "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":", now, "forged-1");
        String[] answer = rawCall("POST /api/items HTTP/1.1\r\nHost: 127.0.0.1:" + appPort + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500000\r\nX-Palisade-User: alice\r\nX-Palisade-Session: \r\nContent-Digest: sha-256=:"
                + Base64.getEncoder().encodeToString(new byte[32]) + ":\r\nSignature-Input: " + forged.signatureInput()
                + "\r\nSignature: " + forged.signature() + "\r\n\r\n{");
        assertThat(answer[0]).as("answered with the body still on its way").contains(" 401");
        assertThat(answer[1]).isEqualTo("PalisadeUpstream error=\"signature\"");

        // a body over the app's limit (1 MiB by default) is refused even when Palisade signed it
        byte[] big = ("{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        String bigDigest = RequestSigner.contentDigest(big);
        UpstreamSignature.Headers bigSigned = UpstreamSignature.sign(key, "POST", target, "alice", "", bigDigest, now, "big-1");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Content-Digest", bigDigest).header("Signature-Input", bigSigned.signatureInput())
                .header("Signature", bigSigned.signature()).post(RequestBody.create(big, ServerFixture.JSON))), "body");

        // a gateway passes the client's Host as it came; the decision signed it in lower case
        UpstreamSignature.Headers lower = UpstreamSignature.sign(key, "GET", "http://localhost:" + appPort + "/api/items", "alice", "",
                null, now, "host-1");
        ServerFixture.Reply capitals = directly(new Request.Builder().url(target).header("Host", "LocalHost:" + appPort)
                .header("X-Palisade-User", "alice").header("X-Palisade-Session", "").header("Signature-Input", lower.signatureInput())
                .header("Signature", lower.signature()));
        assertThat(capitals.code()).as(capitals.toString()).isEqualTo(200);
    }

    /**
     * Express's own parsers mounted after the middleware, as its comment advises: they find the stream
     * spent and must find the body read, not answer 500; malformed JSON is the app's 400.
     */
    @Test
    void expressParsersMountedAfterTheMiddlewareFindTheBodyRead() throws Exception {
        start("express");
        String token = s.token("alice");
        ServerFixture.Reply form = s.send(s.request("POST", s.api("/api/form"), "colour=red&size=l", token)
                .post(RequestBody.create("colour=red&size=l", okhttp3.MediaType.get("application/x-www-form-urlencoded"))).build());
        assertThat(form.code()).as(form.toString()).isEqualTo(201);
        assertThat(form.json().get("got").get("colour").asText()).isEqualTo("red");
        ServerFixture.Reply text = s.send(s.request("POST", s.api("/api/note"), "remember the milk", token)
                .post(RequestBody.create("remember the milk", okhttp3.MediaType.get("text/plain; charset=utf-8"))).build());
        assertThat(text.code()).as(text.toString()).isEqualTo(201);
        assertThat(text.json().get("got").asText()).isEqualTo("remember the milk");
        String utf16 = new String("hi".getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_8); // "h\0i\0"
        ServerFixture.Reply wide = s.send(s.request("POST", s.api("/api/note"), utf16, token)
                .post(RequestBody.create(utf16.getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get("text/plain; charset=utf-16le")))
                .build());
        assertThat(wide.code()).as(wide.toString()).isEqualTo(201);
        assertThat(wide.json().get("got").asText()).as("read in its own charset").isEqualTo("hi");
        ServerFixture.Reply proto = s.send(s.request("POST", s.api("/api/form"), "__proto__=a&__proto__=b", token)
                .post(RequestBody.create("__proto__=a&__proto__=b", okhttp3.MediaType.get("application/x-www-form-urlencoded"))).build());
        assertThat(proto.json().get("got").get("__proto__")).as("a field like any other, as express.urlencoded() keeps it")
                .hasSize(2);
        ServerFixture.Reply empty = s.send(s.request("POST", s.api("/api/cancel"), "", token)
                .post(RequestBody.create(new byte[0], ServerFixture.JSON)).build());
        assertThat(empty.code()).as(empty.toString()).isEqualTo(201);
        assertThat(empty.json().get("got").isObject()).isTrue();
        ServerFixture.Reply malformed = s.postJson(s.api("/api/items"), "{\"name\":", token);
        assertThat(malformed.code()).as("the client's JSON, not the forwarding, is at fault: " + malformed).isEqualTo(400);
        for (String notAnObject : List.of("null", " 42", "\"text\"")) {
            ServerFixture.Reply scalar = s.postJson(s.api("/api/items"), notAnObject, token);
            assertThat(scalar.code()).as("express.json() takes only an object or an array: " + notAnObject + " " + scalar)
                    .isEqualTo(400);
        }
        ServerFixture.Reply lines = s.send(s.request("POST", s.api("/api/items"), "{}\n{}\n", token)
                .post(RequestBody.create("{}\n{}\n", okhttp3.MediaType.get("application/jsonl"))).build());
        assertThat(lines.code()).as("JSON Lines is not JSON: " + lines).isEqualTo(201);
    }

    /* Audit 52: a throw while the body was taken was a rejection left unhandled, which ends Node's process. */
    @Test
    void anotherMiddlewaresBodyOfAnotherTypeIsRefusedAndTheAppLivesOn() throws Exception {
        start("express");
        String target = appUrl("/raw-number");
        UpstreamSignature.Headers signed = UpstreamSignature.sign(upstreamKey(), "POST", target, "alice", "", null,
                System.currentTimeMillis() / 1000, "raw-number");
        assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature())
                .post(RequestBody.create(new byte[0]))), "body");
        assertThat(directly(new Request.Builder().url(appUrl("/api/items"))).code()).as("the app still answers").isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aBodyReadBeforeTheMiddlewareIsRefusedRatherThanTakenAsNone(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        long now = System.currentTimeMillis() / 1000;
        String body = framework.equals("express") ? "{\"amount\":1000000}" : "amount=1000000";
        okhttp3.MediaType type = okhttp3.MediaType.get(framework.equals("express") ? "application/json" : "application/x-www-form-urlencoded");
        // Flask's hooks read the body first in three ways: the form; the form, then get_data(); the stream itself
        List<String> paths = framework.equals("express") ? List.of("/misordered") : List.of("/misordered", "/misordered-kept", "/misordered-read");
        int n = 0;
        for (String path : paths) {
            String target = appUrl(path);
            // sent with its length, then in chunks without one (a gateway's decision signs such a call without a digest)
            for (RequestBody sent : List.of(RequestBody.create(body, type), chunked(body, type))) {
                // signed without content-digest, as for a call without a body; the body is the attacker's
                UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "POST", target, "alice", "", null, now, "parsed-" + n++);
                assertRefused(directly(new Request.Builder().url(target).header("X-Palisade-User", "alice").header("X-Palisade-Session", "")
                        .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature()).post(sent)), "body");
            }
        }
        if (framework.equals("flask")) {
            // a CSRF guard reads the form of a JSON call too, and werkzeug leaves that body unread: digested, it passes
            String json = "{\"name\":\"pen\"}";
            String target = appUrl("/csrf-guarded");
            String digest = "sha-256=:" + Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8))) + ":";
            for (RequestBody sent : List.of(RequestBody.create(json, ServerFixture.JSON), chunked(json, ServerFixture.JSON))) {
                UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "POST", target, "alice", "s1", digest, now, "parsed-" + n++);
                ServerFixture.Reply r = directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                        .header("X-Palisade-Session", "s1").header("Content-Digest", digest)
                        .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature()).post(sent));
                assertThat(r.code()).as("length " + sent.contentLength() + ": " + r).isEqualTo(201);
                assertThat(r.json().get("got").get("name").asText()).isEqualTo("pen");
            }
        }
    }

    /**
     * A gateway's decision signs the client's own Content-Digest, which Palisade reads as RFC 9530 does: a
     * dictionary whose sha-256 member counts, its base64 padded or not. The app's middleware reads it so too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void aContentDigestWithSeveralMembersOrWithoutPaddingIsReadAsPalisadeReadsIt(String framework) throws Exception {
        start(framework);
        byte[] key = upstreamKey();
        String body = "{\"name\":\"pen\"}";
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
        byte[] sha512 = java.security.MessageDigest.getInstance("SHA-512").digest(body.getBytes(StandardCharsets.UTF_8));
        String good = b64.encodeToString(sha256);
        String bad = b64.encodeToString(new byte[32]);
        for (String field : List.of("sha-512=:" + b64.encodeToString(sha512) + ":, sha-256=:" + good + ":",
                "sha-256=:" + good.replace("=", "") + ":", "sha-256=:" + bad + ":, sha-256=:" + good + ":",
                "sha-256=:" + good + ":, sha-256=:" + bad + ":", "sha-256=:" + good + ":, x")) {
            assertThat(dev.palisade.engine.signature.ContentDigest.sha256Of(field) != null
                    && java.util.Arrays.equals(dev.palisade.engine.signature.ContentDigest.sha256Of(field), sha256))
                    .as("Palisade's reading of " + field).isEqualTo(!field.endsWith(bad + ":") && !field.endsWith(", x"));
            String target = appUrl("/api/items");
            UpstreamSignature.Headers signed = UpstreamSignature.sign(key, "POST", target, "alice", "s1", field,
                    System.currentTimeMillis() / 1000, UpstreamSignature.nonce());
            ServerFixture.Reply r = directly(new Request.Builder().url(target).header("X-Palisade-User", "alice")
                    .header("X-Palisade-Session", "s1").header("Content-Digest", field)
                    .header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature())
                    .post(RequestBody.create(body, ServerFixture.JSON)));
            if (field.endsWith(bad + ":") || field.endsWith(", x")) {
                assertRefused(r, "body"); // the last sha-256 member counts, as in a dictionary; a malformed field has none
            } else {
                assertThat(r.code()).as(field + ": " + r).isEqualTo(201);
            }
        }
    }

    /** A body OkHttp sends in chunks: it declares no length. */
    private static RequestBody chunked(String text, okhttp3.MediaType type) {
        return new RequestBody() {
            @Override
            public okhttp3.MediaType contentType() { return type; }

            @Override
            public long contentLength() { return -1; }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException { sink.writeUtf8(text); }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"express", "flask"})
    void anUpstreamNamedInCapitalsIsSignedAndCalledInLowerCaseAsTheAppComparesIt(String framework) throws Exception {
        start(framework, "LocalHost");
        ServerFixture.Reply r = s.get(s.api("/api/items"), s.token("alice"));
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("user").asText()).isEqualTo("alice");
    }
}
