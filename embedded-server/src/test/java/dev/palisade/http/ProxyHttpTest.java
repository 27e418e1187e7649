package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.palisade.engine.MutableClock;
import dev.palisade.engine.Secrets;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reverse-proxy mode against a real upstream (the JDK's HTTP server) started by the test. */
class ProxyHttpTest {

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServerFixture s;
    private String upstreamUrl;
    private final List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    /** How many requests the upstream was asked, by path. */
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    /** The Content-Security-Policy of the upstream's own page; none when null. */
    private final java.util.concurrent.atomic.AtomicReference<String> pagePolicy = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.CountDownLatch slowUntilTheTestEnds = new java.util.concurrent.CountDownLatch(1);
    /** Answers the upstream gives on these paths instead of its page or JSON. */
    private final Map<String, Canned> canned = new ConcurrentHashMap<>();
    /** The Content-Encoding a canned answer is sent with, by path. */
    private final Map<String, String> codings = new ConcurrentHashMap<>();
    /** Requests the upstream is answering now, and the most it answered at once. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** The upstream's own Strict-Transport-Security on every answer; none when null. */
    private final java.util.concurrent.atomic.AtomicReference<String> appHsts = new java.util.concurrent.atomic.AtomicReference<>();

    /** An upstream answer: its status, Content-Type (none when null) and bytes, sent chunked or with a length. */
    private record Canned(int status, String type, byte[] body, boolean chunked) {}

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            seen.add(Map.copyOf(exchange.getRequestHeaders()));
            MessageDigest sha = sha256();
            long n = 0;
            java.io.ByteArrayOutputStream start = new java.io.ByteArrayOutputStream();
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buf = new byte[64 * 1024];
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                    sha.update(buf, 0, r);
                    if (n < 64 * 1024) start.write(buf, 0, r);
                    n += r;
                }
            }
            bytes.set(n);
            bodies.put("sha256", Base64.getEncoder().encodeToString(sha.digest()));
            bodies.put("text", start.toString(StandardCharsets.ISO_8859_1));
            String path = exchange.getRequestURI().getPath();
            hits.merge(path, 1, Integer::sum);
            if (appHsts.get() != null) exchange.getResponseHeaders().add("Strict-Transport-Security", appHsts.get());
            if (path.equals("/api/moved")) exchange.getResponseHeaders().add("Location", "/api/items");
            if (path.equals("/api/moved-out")) exchange.getResponseHeaders().add("Location", "/public/moved");
            if (path.endsWith("/busy")) { // 150 ms of work, counted while it runs
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
            }
            if (path.equals("/api/slow")) {
                try {
                    slowUntilTheTestEnds.await(5, java.util.concurrent.TimeUnit.SECONDS); // Palisade must give up first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (path.equals("/app/steady.bin")) { // 10 chunks 300 ms apart: longer than the timeout, never idle that long
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, 0);
                try {
                    for (int i = 0; i < 10; i++) {
                        exchange.getResponseBody().write(new byte[1000]);
                        exchange.getResponseBody().flush();
                        Thread.sleep(300);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (path.startsWith("/app/trickle")) { // the head and a first few bytes at once, then nothing until the test ends
                exchange.getResponseHeaders().add("Content-Type", path.endsWith(".bin") ? "application/octet-stream" : "text/html");
                exchange.sendResponseHeaders(200, 0);
                try {
                    exchange.getResponseBody().write("<html><head>".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    slowUntilTheTestEnds.await(8, java.util.concurrent.TimeUnit.SECONDS);
                    exchange.getResponseBody().write("</head><body>late</body></html>".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException gone) { // Palisade gave up first
                }
                exchange.close();
                return;
            }
            Canned answerAs = canned.get(path);
            // an app that gives a caller without a cookie its session's cookie (a Flask app's login page)
            if (path.equals("/app/signed-in")) exchange.getResponseHeaders().add("Set-Cookie", "session=alices-own; Path=/");
            if (answerAs != null) {
                if (answerAs.type() != null) exchange.getResponseHeaders().add("Content-Type", answerAs.type());
                if (codings.containsKey(path)) exchange.getResponseHeaders().add("Content-Encoding", codings.get(path));
                if (path.startsWith("/api/app-basic") || path.startsWith("/api/app-both")) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"app\"");
                }
                // the middleware's scheme in any case, on a field of its own beside an app's other challenge
                if (path.equals("/api/app-middleware")) exchange.getResponseHeaders().add("WWW-Authenticate", "palisadeupstream error=nonce");
                if (path.equals("/api/app-both-body")) exchange.getResponseHeaders().add("WWW-Authenticate", "PalisadeUpstream error=\"body\"");
                if (path.equals("/app/own-cors")) { // an app with CORS of its own
                    exchange.getResponseHeaders().add("Vary", "Accept-Encoding");
                    exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                    exchange.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
                }
                exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
                exchange.sendResponseHeaders(answerAs.status(), answerAs.chunked() ? 0 : answerAs.body().length);
                try {
                    exchange.getResponseBody().write(answerAs.body());
                } catch (IOException readNoFurther) { // Palisade stops reading a page over its limit
                }
                exchange.close();
                return;
            }
            boolean page = path.equals("/") || path.equals("/app");
            String policy = pagePolicy.get();
            if (page && policy != null) exchange.getResponseHeaders().add("Content-Security-Policy", policy);
            byte[] answer = page ? ("<html><head><title>My app</title></head><body>app"
                    // the app's own inline script, allowed by its nonce when its policy has one
                    + "<script nonce=\"r4nd0mN0nce\">document.title = 'My app, scripted';</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8)
                    : ("{\"path\":\"" + path + "\",\"user\":\"" + exchange.getRequestHeaders().getFirst("X-Palisade-User") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", page ? "text/html; charset=utf-8" : "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        upstream.start();
        URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
        upstreamUrl = url.toString();
        // the real time: the browser test signs with the browser's own clock; 2 s: the upstream's first page, asked
        // while a browser starts on a busy machine, once took longer than 1 s (CI)
        s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withUpstream(url, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        slowUntilTheTestEnds.countDown();
        s.close();
        upstream.stop(0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAllowedCallReachesTheUpstreamWithTheUserInHeadersItCanTrust() throws Exception {
        String token = s.token("alice");
        ServerFixture.Reply r = s.send(s.request("POST", s.api("/api/items?x=1"), "{\"name\":\"pen\"}", token)
                .header("X-Request-Id", "trace-7").header("Accept-Language", "de").build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("user").asText()).isEqualTo("alice");
        Map<String, List<String>> h = seen.get(seen.size() - 1);
        // the client's own headers go on: only credentials and claims about the call are Palisade's to replace
        assertThat(h.get("X-request-id")).containsExactly("trace-7");
        assertThat(h.get("Accept-language")).containsExactly("de");
        assertThat(h.get("Content-type").get(0)).startsWith("application/json");
        assertThat(h).doesNotContainKeys("Authorization", "X-palisade-signature", "X-palisade-timestamp");
        String user = h.get("X-palisade-user").get(0);
        String session = h.get("X-palisade-session").get(0);
        assertThat(user).isEqualTo("alice");
        assertThat(session).isNotBlank();
        // Palisade's own RFC 9421 signature, checked here from the RFC's rules, not with Palisade's code
        String input = h.get("Signature-input").get(0);
        assertThat(input).startsWith("palisade=(\"@method\" \"@target-uri\" \"x-palisade-user\" \"x-palisade-session\""
                + " \"content-digest\");created=").contains(";expires=").contains(";nonce=\"").contains(";alg=\"hmac-sha256\"");
        String digest = h.get("Content-digest").get(0);
        assertThat(digest).isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(
                Secrets.sha256("{\"name\":\"pen\"}".getBytes(StandardCharsets.UTF_8))) + ":");
        String target = "http://" + h.get("Host").get(0) + "/api/items?x=1";
        assertThat(h.get("Signature").get(0))
                .isEqualTo(UpstreamSignatures.expected(dir, "POST", target, user, session, digest, input));
        assertThat(h.get("X-forwarded-for").get(0)).isEqualTo("127.0.0.1");
        // RFC 7239's header, as Jetty's proxy writes it
        assertThat(h.get("Forwarded").get(0)).matches("by=\"127\\.0\\.0\\.1\";for=\"127\\.0\\.0\\.1\";host=\"127\\.0\\.0\\.1:\\d+\";proto=http");
        assertThat(bodies.get("sha256")).as("the signed body arrives as sent")
                .isEqualTo(Base64.getEncoder().encodeToString(Secrets.sha256("{\"name\":\"pen\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theUpstreamsAnswersAreReadOnTheServersOwnThreads() {
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/items"), token).code()).isEqualTo(200);
        java.util.Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(names).as("no second pool for the proxy's client (Jetty's default)").noneMatch(n -> n.startsWith("proxy-client"));
        org.eclipse.jetty.server.Handler handlers = s.server.handlers();
        java.util.List<dev.palisade.http.proxy.UpstreamProxy> proxies =
                ((org.eclipse.jetty.server.Handler.Container) handlers).getDescendants(dev.palisade.http.proxy.UpstreamProxy.class);
        assertThat(proxies).isNotEmpty();
        for (dev.palisade.http.proxy.UpstreamProxy proxy : proxies) {
            assertThat(proxy.getHttpClient().getExecutor()).as("the server's own pool")
                    .isSameAs(handlers.getServer().getThreadPool());
        }
    }

    @Test
    void aDeniedCallNeverReachesTheUpstream() {
        assertProblem(s.get(s.api("/api/items"), null), 401, "missing_credentials");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/items")).header("X-Palisade-User", "admin").build()),
                401, "missing_credentials");
        assertThat(seen).isEmpty();
    }

    @Test
    void aLargeBodyIsStreamedToTheUpstream() throws Exception {
        String key = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"uploader\",\"scopes\":[\"/api/upload\"]}")
                .json().get("key").asText();
        long size = 10L * 1024 * 1024;
        MessageDigest sent = sha256();
        RequestBody streamed = new RequestBody() {
            @Override public MediaType contentType() { return MediaType.get("application/octet-stream"); }
            @Override public long contentLength() { return -1; }
            @Override public void writeTo(BufferedSink sink) throws IOException {
                byte[] chunk = new byte[64 * 1024];
                for (long done = 0; done < size; done += chunk.length) {
                    java.util.Arrays.fill(chunk, (byte) (done / chunk.length));
                    sent.update(chunk);
                    sink.write(chunk);
                }
            }
        };
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.api("/api/upload")).header("X-Api-Key", key)
                .post(streamed).build());
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(bytes.get()).isEqualTo(size);
        assertThat(bodies.get("sha256")).isEqualTo(Base64.getEncoder().encodeToString(sent.digest()));
    }

    @Test
    void anUpstreamThatIsDownIsA502AndSlowOneA504() {
        String token = s.token("alice");
        assertProblem(s.get(s.api("/api/slow"), token), 504, "upstream_timeout");
        upstream.stop(0);
        ServerFixture.Reply down = s.get(s.api("/api/items"), token);
        assertProblem(down, 502, "upstream_unavailable");
        assertThat(down.json().get("detail").asText()).as("the client is told what, not how: no Java class")
                .isEqualTo("the protected API cannot be reached");
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_unavailable", null).json().get("items").toString())
                .as("the operator's event says how").contains("ConnectException");
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_timeout", null).json().get("items")).isNotEmpty();
        Scrape metrics = Scrape.of(s);
        assertThat(metrics.counter("palisade_upstream_errors_total", "code", "upstream_timeout")).isEqualTo(1);
        assertThat(metrics.counter("palisade_upstream_errors_total", "code", "upstream_unavailable")).isEqualTo(1);
    }

    @Test
    void aBrowserLogsInAndCallsTheUpstreamThroughTheProxy(@TempDir Path profile) {
        s.ensureUser("alice");
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start(profile);
        try {
            browser.get(s.api("/"));
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
            Object user = browser.executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                    + "var c = Palisade.create();"
                    + "c.login('alice', '" + ServerFixture.PASSWORD + "')"
                    + ".then(function () { return c.json('/api/items', {method: 'POST', body: JSON.stringify({name: 'pen'})}); })"
                    + ".then(function (b) { done(b.user); }, function (e) { done('error ' + e.message); });");
            assertThat(user).isEqualTo("alice");
        } finally {
            browser.quit();
        }
        // WebDriver left navigator.webdriver true: the session works, and the operator sees it flagged (L5)
        JsonNode session = s.adminCall("GET", "/admin/sessions?user=alice", null).json().get("items").get(0);
        assertThat(session.get("automation")).extracting(JsonNode::asText).contains("webdriver");
        assertThat(s.adminCall("GET", "/admin/events?code=automation_suspected", null).json().get("items")).hasSize(1);
        assertThat(bodies.get("sha256")).isEqualTo(Base64.getEncoder().encodeToString(
                Secrets.sha256("{\"name\":\"pen\"}".getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * An app's own 401s (its own login) are the app's: only the shipped middleware's, which names its scheme,
     * counts as the app refusing this server's signature. Each 401 here reaches the caller as the app sent it.
     */
    @Test
    void onlyTheMiddlewaresRefusalCountsAsTheAppRefusingPalisadesSignature() {
        byte[] problem = "{\"code\":\"upstream_signature\"}".getBytes(StandardCharsets.UTF_8);
        canned.put("/api/app-own", new Canned(401, "application/problem+json", problem, false));
        canned.put("/api/app-basic", new Canned(401, "application/problem+json", problem, false));
        canned.put("/api/app-middleware", new Canned(401, "application/problem+json", problem, false));
        canned.put("/api/app-both-body", new Canned(401, "application/problem+json", problem, false));
        String token = s.token("alice");
        for (String path : new String[] {"/api/app-own", "/api/app-basic", "/api/app-middleware", "/api/app-both-body"}) {
            ServerFixture.Reply r = s.get(s.api(path), token);
            assertThat(r.code()).as(path).isEqualTo(401);
        }
        // the last one counted, after the others
        String body = "palisade_upstream_refusals_total{fault=\"body\"} 1.0";
        assertThat(s.metricsHolding(body)).as("the middleware's refusals alone, by fault").contains(body)
                .contains("palisade_upstream_refusals_total{fault=\"nonce\"} 1.0")
                .contains("palisade_upstream_refusals_total{fault=\"signature\"} 0.0")
                .contains("palisade_upstream_refusals_total{fault=\"other\"} 0.0");
        // each fault its own event (one any caller can bring about must not hide another), told as the answer named it
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_signature", null).json().get("items"))
                .extracting(e -> e.get("detail").asText().replaceAll(": the protected API refused.*\\((nonce|body)\\).*", " $1"))
                .containsExactlyInAnyOrder("/api/app-middleware nonce", "/api/app-both-body body");
    }

    /*
     * Found by a newcomer's probe: palisade.js read the code of any 401 or 503 as Palisade's. An app's own
     * 401 {"code":"expired_token"} logged the user out, asked for the password and sent the call to the app
     * a second time, a POST too; {"code":"stale"} sent it again. Only Palisade's problems
     * (urn:palisade:problem:…) are acted on.
     */
    @Test
    void palisadeJsLeavesTheAppsOwn401sToTheApp(@TempDir Path profile) {
        s.ensureUser("alice");
        canned.put("/api/app-expired", new Canned(401, "application/json", "{\"code\":\"expired_token\"}".getBytes(StandardCharsets.UTF_8), false));
        canned.put("/api/app-stale", new Canned(401, "application/problem+json",
                "{\"type\":\"about:blank\",\"code\":\"stale\"}".getBytes(StandardCharsets.UTF_8), false));
        Object result = onTheUpstreamsPage(profile, browser -> browser.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; window.asked = 0;"
                + "var c = Palisade.create({ credentials: function () { asked++; return { username: 'alice', password: '"
                + ServerFixture.PASSWORD + "' }; } });"
                + "var statuses = [];"
                + "c.login('alice', '" + ServerFixture.PASSWORD + "')"
                + ".then(function () { return c.fetch('/api/app-expired', {method: 'POST', body: '{\"pay\":100}'}); })"
                + ".then(function (r) { statuses.push(r.status); return c.fetch('/api/app-stale'); })"
                + ".then(function (r) { statuses.push(r.status); done(statuses.join(',') + ' asked ' + asked); },"
                + "  function (e) { done('error ' + e.message); });"));
        assertThat(result).isEqualTo("401,401 asked 0");
        assertThat(hits).as("each sent to the app once").containsEntry("/api/app-expired", 1).containsEntry("/api/app-stale", 1);
        assertThat(s.adminCall("GET", "/admin/sessions?user=alice", null).json().get("total").asInt())
                .as("no login again").isEqualTo(1);
    }

    /*
     * Found by a newcomer's probe: client.fetch sent String(body), so a FormData reached the app as
     * "[object FormData]", a Blob as "[object Blob]" and a Uint8Array as "0,1,2,255", all labelled JSON
     * and all answered 200; it dropped init's signal, so a timeout never aborted; and a redirect was
     * followed with the first path's signature, refused bad_signature and counted against the address.
     */
    @Test
    void clientFetchSendsEveryBodyFetchTakesAsFetchWouldAndKeepsItsSignal(@TempDir Path profile) {
        s.ensureUser("alice");
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/public/*\"],\"clientPages\":[\"/\"]}").code()).isEqualTo(200);
        canned.put("/api/moved", new Canned(302, "text/plain", "moved".getBytes(StandardCharsets.UTF_8), false));
        String login = "var c = Palisade.create(); var done = arguments[arguments.length - 1];"
                + "var sent = function (r) { return r.status; };"
                + "c.login('alice', '" + ServerFixture.PASSWORD + "').then(function () {";
        String end = "}).then(function (v) { done(String(v)); }, function (e) { done('error ' + e.name + ' ' + e.message); });";
        onTheUpstreamsPage(profile, browser -> {
            Object form = browser.executeAsyncScript(login
                    + "var f = new FormData(); f.append('note', 'hello'); f.append('file', new Blob(['file bytes'], {type: 'text/plain'}), 'a.txt');"
                    + "return c.fetch('/api/upload', {method: 'POST', body: f}).then(sent);" + end);
            assertThat(form).isEqualTo("200");
            String type = seen.get(seen.size() - 1).get("Content-type").get(0);
            assertThat(type).startsWith("multipart/form-data; boundary=");
            assertThat(bodies.get("text")).contains(type.substring(type.indexOf("boundary=") + 9))
                    .contains("name=\"note\"\r\n\r\nhello").contains("filename=\"a.txt\"").contains("file bytes");

            Object binary = browser.executeAsyncScript(login
                    + "return c.fetch('/api/upload', {method: 'POST', body: new Uint8Array([0, 1, 2, 255])}).then(sent);" + end);
            assertThat(binary).isEqualTo("200");
            assertThat(bytes.get()).isEqualTo(4);
            assertThat(seen.get(seen.size() - 1).get("Content-type")).containsExactly("application/octet-stream");

            Object params = browser.executeAsyncScript(login
                    + "return c.fetch('/api/upload', {method: 'POST', body: new URLSearchParams({a: '1', b: 'x y'})}).then(sent);" + end);
            assertThat(params).isEqualTo("200");
            assertThat(bodies.get("text")).isEqualTo("a=1&b=x+y");
            assertThat(seen.get(seen.size() - 1).get("Content-type").get(0)).startsWith("application/x-www-form-urlencoded");

            Object blob = browser.executeAsyncScript(login
                    + "return c.fetch('/api/upload', {method: 'POST', body: new Blob(['a,b\\n1,2'], {type: 'text/csv'})}).then(sent);" + end);
            assertThat(blob).isEqualTo("200");
            assertThat(bodies.get("text")).isEqualTo("a,b\n1,2");
            assertThat(seen.get(seen.size() - 1).get("Content-type")).containsExactly("text/csv");

            Object stream = browser.executeAsyncScript(login
                    + "var s = new Blob(['streamed']).stream();"
                    + "return c.fetch('/api/upload', {method: 'POST', body: s, headers: {'content-type': 'text/plain'}}).then(sent);" + end);
            assertThat(stream).isEqualTo("200");
            assertThat(bodies.get("text")).isEqualTo("streamed");
            assertThat(seen.get(seen.size() - 1).get("Content-type")).containsExactly("text/plain");

            Object object = browser.executeAsyncScript(login
                    + "return c.fetch('/api/upload', {method: 'POST', body: {a: 1}}).then(sent);" + end);
            assertThat(String.valueOf(object)).startsWith("error TypeError").contains("JSON.stringify");

            Object moved = browser.executeAsyncScript(login + "return c.fetch('/api/moved').then(sent);" + end);
            assertThat(String.valueOf(moved)).startsWith("error PalisadeError redirected:");
            Object followed = browser.executeAsyncScript(login + "return c.fetch('/api/moved-out', {redirect: 'follow'}).then(sent);" + end);
            assertThat(followed).as("asked for: the browser follows, here to a public path").isEqualTo("200");

            Object aborted = browser.executeAsyncScript(login + "var began = Date.now();"
                    + "return c.fetch('/api/slow', {signal: AbortSignal.timeout(200)}).then(sent, function (e) {"
                    + "  return e.name + (Date.now() - began < 900 ? ' at once' : ' late'); });" + end);
            assertThat(aborted).isEqualTo("TimeoutError at once");
            return null;
        });
        assertThat(hits).as("the redirect not followed").doesNotContainKey("/api/items");
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_signature", null).json().get("items")).isEmpty();
    }

    /*
     * Found by a newcomer's probe: client.fetch always omitted cookies, so an app with a cookie session or
     * a CSRF cookie broke without a word. They go when the call asks, as with fetch.
     */
    @Test
    void clientFetchSendsCookiesWhenTheCallAsks(@TempDir Path profile) {
        s.ensureUser("alice");
        Object result = onTheUpstreamsPage(profile, browser -> browser.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; document.cookie = 'pagecookie=p1; path=/';"
                + "var c = Palisade.create();"
                + "c.login('alice', '" + ServerFixture.PASSWORD + "')"
                + ".then(function () { return c.fetch('/api/items'); })"
                + ".then(function () { return c.fetch('/api/items', {credentials: 'same-origin'}); })"
                + ".then(function (r) { done(r.status); }, function (e) { done('error ' + e.message); });"));
        assertThat(result).isEqualTo(200L);
        assertThat(seen.get(seen.size() - 2)).as("palisade.js's default: none").doesNotContainKey("Cookie");
        assertThat(seen.get(seen.size() - 1).get("Cookie")).containsExactly("pagecookie=p1");
    }

    /*
     * Found by a newcomer's probe: a browser asks for /favicon.ico at every page load, without
     * credentials; protected by default, each load was a refusal from the developer's own address,
     * which raised its page's proof of work and, at 100 a minute, blocked it.
     */
    @Test
    void aBrowsersOwnFaviconRequestIsPublicByDefault() {
        ServerFixture.Reply icon = s.get(s.api("/favicon.ico"), null);
        assertThat(icon.code()).as(icon.toString()).isEqualTo(200);
        assertThat(hits).containsEntry("/favicon.ico", 1);
        assertThat(s.adminCall("GET", "/admin/events?type=decision", null).json().get("items")).isEmpty();
    }

    /* Found by a newcomer's probe: the demo API's order rule refused the user's own POST /api/orders. */
    @Test
    void theUsersOwnApiIsNotHeldToTheDemosOrderRule() {
        assertThat(s.adminCall("GET", "/admin/rules", null).json().get("rules").toString())
                .doesNotContain("requires-prior").contains("max-sessions");
        String token = s.token("alice");
        ServerFixture.Reply order = s.send(s.request("POST", s.api("/api/orders"), "{}", token).build());
        assertThat(order.code()).as(order.toString()).isEqualTo(200);
        assertThat(hits).containsEntry("/api/orders", 1);
        // and an export given the server's options exports what it holds
        s.close();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertThat(dev.palisade.PalisadeMainAccess.run(new String[] {"--data-dir", dir.toString(), "--upstream", upstreamUrl,
                "--export-config", "-"}, new java.io.PrintStream(out), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("max-sessions").doesNotContain("requires-prior");
    }

    /** The upstream's own page in a person's browser: what {@code use} finds there, the browser closed after. */
    private <T> T onTheUpstreamsPage(Path profile, java.util.function.Function<org.openqa.selenium.chrome.ChromeDriver, T> use) {
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.person(profile);
        try {
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            browser.get(s.api("/"));
            // the app's page, whatever its scripts did to its title: a proxy's refusal would fail later, unexplained.
            // Read until it says so, for a few seconds: once (a clean run of session 60) the title read "" while the
            // page source already held it, its scripts still running on a loaded machine
            String title = browser.getTitle();
            for (long until = System.nanoTime() + 5_000_000_000L; !title.startsWith("My app") && System.nanoTime() < until; ) {
                Thread.onSpinWait();
                title = browser.getTitle();
            }
            assertThat(title).as("%s", (Object) browser.getPageSource()).startsWith("My app");
            return use.apply(browser);
        } finally {
            browser.quit();
        }
    }

    @Test
    void aPageWithAStrictNonceBasedPolicyRunsPalisadesScriptsUnderItsNonceAndNoOtherSameOriginScript(@TempDir Path profile) {
        // a strict CSP as web.dev recommends it: with 'strict-dynamic' a browser ignores 'self' in script-src
        pagePolicy.set("script-src 'nonce-r4nd0mN0nce' 'strict-dynamic'; object-src 'none'; base-uri 'none'");
        s.ensureUser("dora");
        Object user = onTheUpstreamsPage(profile, browser -> {
            assertThat(browser.getTitle()).as("the app's own nonced script ran").isEqualTo("My app, scripted");
            return browser.executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                    + "if (!window.Palisade) { done('palisade.js did not run'); return; }"
                    + "var c = Palisade.create();"
                    + "c.login('dora', '" + ServerFixture.PASSWORD + "')"
                    + ".then(function () { return c.json('/api/items'); })"
                    + ".then(function (b) { done(b.user); }, function (e) { done('error ' + e.message); });");
        });
        assertThat(user).as("palisade.js, the page challenge and the proof-of-work worker ran").isEqualTo("dora");
    }

    @Test
    void underANonceOnlyPolicyALoginAfterARefusedOneLoadsItsNewPagesChallenge(@TempDir Path profile) {
        pagePolicy.set("script-src 'nonce-r4nd0mN0nce'");
        s.ensureUser("emil");
        Object user = onTheUpstreamsPage(profile, browser -> browser.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; var c = Palisade.create();"
                // the refused login spends the ticket: the next one loads a fresh page's challenge script
                + "c.login('emil', 'not the password').then(function () { done('the wrong password passed'); }, function () {"
                + "  return c.login('emil', '" + ServerFixture.PASSWORD + "').then(function () { return c.json('/api/items'); })"
                + "    .then(function (b) { done(b.user); });"
                + "}).catch(function (e) { done('error ' + e.message); });"));
        assertThat(user).isEqualTo("emil");
    }

    @Test
    void aPagesNoncedPolicyGainsNoSameOriginScriptsOnlyPalisadesOwnTagsCarryTheNonce() {
        pagePolicy.set("script-src 'nonce-r4nd0mN0nce'; connect-src 'none'");
        ServerFixture.Reply page = s.send(s.request("GET", s.api("/"), null, null).header("Accept", "text/html").build());
        assertThat(page.header("Content-Security-Policy")).as("no 'self' for scripts: the nonce lets Palisade's in")
                .isEqualTo("script-src 'nonce-r4nd0mN0nce'; connect-src 'self'; worker-src 'self'");
        assertThat(page.body()).contains("<script nonce=\"r4nd0mN0nce\" src=\"/assets/palisade.js\"></script>")
                .containsPattern("<script nonce=\"r4nd0mN0nce\" src=\"/assets/challenge/[^\"]+\\.js\"></script>");
    }

    @Test
    void aPersonOnTheUpstreamsOwnPageLogsInReloadsAndIsNotFlagged(@TempDir Path profile) {
        s.ensureUser("carol");
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.person(profile);
        try {
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
            browser.get(s.api("/"));
            Object first = browser.executeAsyncScript(
                    "var done = arguments[arguments.length - 1]; var c = Palisade.create();"
                    + "c.login('carol', '" + ServerFixture.PASSWORD + "')"
                    + ".then(function () { return c.json('/api/items'); })"
                    + ".then(function (b) { done(b.user); }, function (e) { done('error ' + e.message); });");
            assertThat(first).isEqualTo("carol");
            browser.navigate().refresh();
            Object afterReload = browser.executeAsyncScript(
                    "var done = arguments[arguments.length - 1]; var c = Palisade.create();"
                    + "c.restored.then(function (kept) { if (!kept) throw new Error('no kept session');"
                    + " return c.json('/api/items'); })"
                    + ".then(function (b) { done(b.user); }, function (e) { done('error ' + e.message); });");
            assertThat(afterReload).as("the session continues after a reload").isEqualTo("carol");
        } finally {
            browser.quit();
        }
        JsonNode sessions = s.adminCall("GET", "/admin/sessions?user=carol", null).json();
        assertThat(sessions.get("total").asInt()).isEqualTo(1);
        assertThat(sessions.get("items").get(0).get("automation")).isEmpty();
        assertThat(s.adminCall("GET", "/admin/events?code=automation_suspected", null).json().get("items")).isEmpty();
    }

    @Test
    void aProtocolScriptGetsNoTicketFromTheUpstreamsPageAndTheLoginSendsNoKey() {
        String html = s.get(s.api("/"), null).body();
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("palisade-nonce\" content=\"([^\"]+)\"").matcher(html);
        java.util.regex.Matcher work = java.util.regex.Pattern.compile("palisade-work\" content=\"([^\"]+)\"").matcher(html);
        assertThat(nonce.find() && work.find()).as(html).isTrue();
        assertThat(html).contains("<script src=\"/assets/challenge/" + nonce.group(1) + ".js\"></script>");
        long[] solved = dev.palisade.protocol.WorkChallenge.parse(work.group(1)).solve().counters();
        String counters = java.util.Arrays.toString(solved).replace(" ", "");
        assertProblem(s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + nonce.group(1) + "\",\"work\":" + counters
                + ",\"signals\":{}}", null), 401, "challenge_failed");
        JsonNode login = s.login("dave");
        assertThat(login.has("signingKey")).isFalse();
        assertThat(login.get("serverKey").get("crv").asText()).isEqualTo("P-256");
    }

    @Test
    void publicPathsAndClientPagesAreConfiguredLive() {
        assertProblem(s.get(s.api("/health"), null), 401, "missing_credentials");
        ServerFixture.Reply put = s.adminCall("PUT", "/admin/routes",
                "{\"publicPaths\":[\"/health\",\"/static/*\"],\"clientPages\":[\"/\",\"/app\"]}");
        assertThat(put.code()).as(put.toString()).isEqualTo(200);
        assertThat(s.get(s.api("/health"), null).code()).isEqualTo(200);
        assertThat(s.get(s.api("/static/site.css"), null).code()).isEqualTo(200);
        assertThat(seen.get(seen.size() - 1).get("X-palisade-user").get(0)).as("no caller on a public path").isEmpty();
        // a Forwarded header the client sent is not passed on: only a trusted proxy's is (ProxyRequestLineHttpTest)
        assertThat(s.send(new Request.Builder().url(s.api("/health")).header("Forwarded", "for=192.0.2.7").build()).code())
                .isEqualTo(200);
        assertThat(seen.get(seen.size() - 1).get("Forwarded").get(0))
                .matches("by=\"127\\.0\\.0\\.1\";for=\"127\\.0\\.0\\.1\";host=\"127\\.0\\.0\\.1:\\d+\";proto=http");
        // the hop's addresses are written once per connection; the Host is each call's own
        for (String host : new String[] {"one.example", "two.example:8443"}) {
            // and whatever the client claims in the headers Palisade sets is replaced, not passed on
            assertThat(s.send(new Request.Builder().url(s.api("/health")).header("Host", host)
                    .header("X-Palisade-User", "admin").header("x-palisade-role", "admin").header("X-Forwarded-For", "192.0.2.9")
                    .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                    .header("Signature", "sig1=:AAAA:").header("Signature-Input", "sig1=();created=1")
                    .header("Content-Digest", "sha-256=:AAAA:").header("Authorization", "Bearer not-for-the-upstream")
                    .header("X-Api-Key", "pal.x.y").build()).code()).isEqualTo(200);
            Map<String, List<String>> h = seen.get(seen.size() - 1);
            assertThat(h.get("X-palisade-user")).containsExactly("");
            assertThat(h).doesNotContainKeys("X-palisade-role", "Content-digest", "Authorization", "X-api-key");
            assertThat(h.get("Signature")).singleElement().asString().startsWith("palisade=:");
            assertThat(h.get("Signature-input")).singleElement().asString().startsWith("palisade=(");
            assertThat(h.get("Host")).containsExactly(URI.create(upstreamUrl).getAuthority());
            assertThat(h.get("X-forwarded-proto")).containsExactly("http");
            assertThat(h.get("Forwarded").get(0)).isEqualTo("by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"" + host + "\";proto=http");
            assertThat(h.get("X-forwarded-host")).containsExactly(host);
            assertThat(h.get("X-forwarded-for")).containsExactly("127.0.0.1");
        }
        assertThat(s.get(s.api("/app"), null).body()).contains("palisade-nonce");
        assertProblem(s.get(s.api("/api/items"), null), 401, "missing_credentials");
        assertProblem(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"health\"],\"clientPages\":[\"/\"]}"),
                400, "bad_request");
        for (String sneaky : new String[] {"/api/../auth/*", "/api/%2e%2e/auth/*", "/api/%2E./x", "/./health", "/api%2fx", "/a;b",
                "/a%zz", "/a%"}) {
            JsonNode p = assertProblem(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"" + sneaky
                    + "\"],\"clientPages\":[\"/\"]}"), 400, "bad_request");
            assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("publicPaths[0]");
        }
        assertThat(s.adminCall("GET", "/admin/routes", null).json().get("publicPaths").toString()).doesNotContain("..");
        assertProblem(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/auth/*\"],\"clientPages\":[\"/\"]}"),
                400, "bad_request");
        assertProblem(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/_palisade/*\"],\"clientPages\":[\"/\"]}"),
                400, "bad_request");
        s.restart();
        assertThat(s.adminCall("GET", "/admin/routes", null).json().get("publicPaths").toString()).contains("/static/*");
    }

    /** A public path's body is read for the upstream's digest: one cut short was a 500 where any path answers 400. */
    @Test
    void aBodyCutShortOnAPublicPathIsA400NotA500() throws Exception {
        s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\"],\"clientPages\":[\"/\"]}");
        String[] answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 10\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            answer = new String[] {all.substring(0, Math.max(0, all.indexOf("\r\n"))), all};
        }
        assertThat(answer[0]).as(answer[1]).startsWith("HTTP/1.1 400 ");
        assertThat(answer[1]).contains("\"code\":\"bad_request\"").contains("ended before");
    }

    /* A streamed body the client broke was a 502 "cannot be reached", counted and recorded as the upstream's outage. */
    @Test
    void aBrokenChunkedBodyIsTheClientsA400NotAnUpstreamOutage() throws Exception {
        s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\"],\"clientPages\":[\"/\"]}");
        for (String chunks : new String[] {"3\nabc\n0\n\n", "zz\r\nabc\r\n0\r\n\r\n", "5\r\nab"}) {
            String all;
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks).getBytes(StandardCharsets.ISO_8859_1));
                socket.shutdownOutput();
                all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(all).as(chunks).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"");
        }
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_unavailable", null).json().get("items")).isEmpty();
        assertThat(Scrape.of(s).counter("palisade_upstream_errors_total", "code", "upstream_unavailable")).isZero();
    }

    @Test
    void aPatternWithACommaIsRefusedSinceItWouldReadAsTwoAfterARestart() {
        JsonNode p = assertProblem(s.adminCall("PUT", "/admin/routes",
                "{\"publicPaths\":[\"/static,/api/*\"],\"clientPages\":[\"/\"]}"), 400, "bad_request");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("publicPaths[0]");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("comma");
        s.restart();
        assertProblem(s.get(s.api("/api/items"), null), 401, "missing_credentials");
        assertThat(s.adminCall("GET", "/admin/routes", null).json().get("publicPaths")).extracting(JsonNode::asText)
                .as("the defaults, unchanged").containsExactly("/favicon.ico");
    }

    @Test
    void theUpstreamsOwnPageComesWithANonceAndPalisadeJs() {
        ServerFixture.Reply page = s.get(s.api("/"), null);
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.body()).contains("<title>My app</title>").contains("<meta name=\"palisade-nonce\" content=\"")
                .contains("<script src=\"/assets/palisade.js\"></script>");
        assertThat(s.login("alice").get("accessToken").asText()).isNotBlank(); // bootstrap and login through the proxy
        assertThat(s.get(s.api("/assets/palisade.js"), null).code()).isEqualTo(200);
    }

    /** Bytes of any type under a client page's prefix were read as UTF-8 text and written back: a PNG came out broken. */
    /*
     * A review's find: Jetty's client keeps the cookies answers set, and sent Alice's session cookie with Bob's page
     * fetch; and it read a 401 without WWW-Authenticate as a failure (502), where the app's own answer was due.
     */
    @Test
    void pageFetchesKeepNoCookieOfAnotherCallerAndTheAppsOwn401ComesThrough() throws Exception {
        routes("/app/*");
        canned.put("/app/signed-in", new Canned(200, "text/html", "<html><head></head><body>hi</body></html>"
                .getBytes(StandardCharsets.UTF_8), false));
        Raw alices = raw("/app/signed-in");
        assertThat(alices.headers().values("Set-Cookie")).containsExactly("session=alices-own; Path=/");
        raw("/app/signed-in"); // Bob's, with no cookie
        assertThat(seen.get(seen.size() - 1)).as("Bob's fetch carries no cookie of Alice's").doesNotContainKey("Cookie");
        canned.put("/app/private", new Canned(401, "text/html", "<p>sign in first</p>".getBytes(StandardCharsets.UTF_8), false));
        Raw denied = raw("/app/private");
        assertThat(denied.code()).isEqualTo(401);
        assertThat(new String(denied.body(), StandardCharsets.UTF_8)).isEqualTo("<p>sign in first</p>");
    }

    @Test
    void anAnswerThatIsNotAPageComesThroughByteForByte() throws Exception {
        routes("/", "/app/*");
        byte[] png = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte) 0xFF, 0x00};
        canned.put("/app/logo.png", new Canned(200, "image/png", png, false));
        byte[] latinError = "<html><head></head><body>caf\u00e9 introuvable</body></html>".getBytes(StandardCharsets.ISO_8859_1);
        canned.put("/app/gone", new Canned(404, "text/html; charset=iso-8859-1", latinError, false));
        canned.put("/app/untyped", new Canned(200, null, png, true));

        Raw logo = raw("/app/logo.png");
        assertThat(logo.code()).isEqualTo(200);
        assertThat(logo.body()).as("the image's bytes as the app sent them").containsExactly(png);
        assertThat(logo.headers().get("Content-Type")).isEqualTo("image/png");
        assertThat(logo.headers().get("Content-Length")).isEqualTo("10");
        assertThat(logo.headers().get("Cache-Control")).as("the app's own, for bytes unchanged").isEqualTo("max-age=60");
        Raw gone = raw("/app/gone");
        assertThat(gone.code()).isEqualTo(404);
        assertThat(gone.body()).as("an error page is passed on, not rewritten").containsExactly(latinError);
        Raw untyped = raw("/app/untyped");
        assertThat(untyped.body()).as("an answer without a type is no page either").containsExactly(png);
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_unavailable", null).json().get("items")).isEmpty();
    }

    /*
     * A page fetched without Accept-Encoding (any will do) that came gzipped was read as text: its markup
     * went before the bytes and Content-Encoding was dropped, a page of garbage. A <head> in a comment
     * took the markup in, where palisade.js never ran. The fetch tried to upgrade to h2c.
     */
    @Test
    void aPageIsAskedForUnencodedAndItsGzipUndoneAndItsMarkupGoesInItsRealHead() throws Exception {
        routes("/", "/app/*");
        String html = "<!doctype html><!-- an old <head> kept for reference --><html>"
                + "<head lang=en><title>Zipped</title></head><body>ok</body></html>";
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(html.getBytes(StandardCharsets.UTF_8));
        }
        canned.put("/app/zipped", new Canned(200, "text/html; charset=utf-8", zipped.toByteArray(), false));
        codings.put("/app/zipped", "gzip");
        canned.put("/app/brotli", new Canned(200, "text/html", new byte[] {1, 2, 3, 4}, false));
        codings.put("/app/brotli", "br");

        int before = seen.size();
        Raw page = raw("/app/zipped");
        assertThat(page.code()).isEqualTo(200);
        String text = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("<!doctype html><!-- an old <head> kept for reference -->").contains("<title>Zipped</title>");
        assertThat(text.indexOf("palisade-nonce")).as("in the real head, not the comment's")
                .isGreaterThan(text.indexOf("<head lang=en>")).isLessThan(text.indexOf("<title>"));
        Map<String, List<String>> fetch = seen.get(before);
        assertThat(fetch.get("Accept-encoding")).containsExactly("identity");
        assertThat(fetch).doesNotContainKeys("Upgrade", "Http2-settings");

        Raw brotli = raw("/app/brotli");
        assertThat(brotli.code()).isEqualTo(502);
        assertThat(new String(brotli.body(), StandardCharsets.UTF_8)).contains("upstream_unavailable").contains("encoded as br");
    }

    /*
     * The audit of session 48 (L6): with --hsts, the app's own Strict-Transport-Security replaced it on forwarded
     * answers and came as a second field on client pages, so a browser kept whichever it saw last.
     */
    @Test
    void withHstsTheListenersOwnIsTheOneSentAndWithoutItTheAppsPasses() throws Exception {
        appHsts.set("max-age=15552000; includeSubDomains");
        for (long hsts : new long[] {300, 0}) {
            s.close();
            s = new ServerFixture(dir.resolve("hsts" + hsts), MutableClock.realTime(), c -> c.withUpstream(URI.create(upstreamUrl),
                    Duration.ofSeconds(1)).withTls(TlsHttpTest.selfSigned(hsts)));
            s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
            s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/public/*\"],\"clientPages\":[\"/\"]}");
            String token = s.token("hana");
            Map<String, okhttp3.Request> answers = Map.of(
                    "a client page", new Request.Builder().url(s.api("/")).header("User-Agent", "Mozilla/5.0").build(),
                    "a public path", new Request.Builder().url(s.api("/public/x")).build(),
                    "a protected call", s.request("GET", s.api("/api/items"), null, token).build());
            for (Map.Entry<String, okhttp3.Request> e : answers.entrySet()) {
                try (okhttp3.Response r = s.http.newCall(e.getValue()).execute()) {
                    assertThat(r.code()).as(e.getKey()).isEqualTo(200);
                    assertThat(r.headers("Strict-Transport-Security")).as(e.getKey() + ", --hsts " + hsts)
                            .containsExactly(hsts > 0 ? "max-age=300" : "max-age=15552000; includeSubDomains");
                }
            }
        }
    }

    /*
     * The upstream's own Vary and Access-Control-Allow-Origin replaced Palisade's (a shared cache could
     * serve one origin's answer to another), and a problem answered after a reset lost them all.
     */
    @Test
    void anAllowedOriginsAnswersKeepPalisadesCorsHeadersWhateverTheUpstreamSends() throws Exception {
        s.close();
        String origin = "http://localhost:5173";
        s = new ServerFixture(dir.resolve("cors"), MutableClock.realTime(), c -> c.withUpstream(URI.create(upstreamUrl),
                Duration.ofSeconds(1)).withListeners(new dev.palisade.ServerConfig.Listeners(List.of(), Duration.ofSeconds(30),
                Duration.ofSeconds(10), List.of(origin))));
        s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/app/*\",\"/api/slow\"],\"clientPages\":[\"/\"]}");
        canned.put("/app/own-cors", new Canned(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), false));
        for (String path : List.of("/app/own-cors", "/api/slow")) {
            try (okhttp3.Response r = s.http.newCall(new Request.Builder().url(s.api(path)).header("Origin", origin).build()).execute()) {
                assertThat(r.code()).as(path).isEqualTo(path.equals("/api/slow") ? 504 : 200);
                assertThat(r.headers("Access-Control-Allow-Origin")).as(path).containsExactly(origin);
                assertThat(String.join(",", r.headers("Vary"))).as(path).contains("Origin");
                assertThat(String.join(",", r.headers("Access-Control-Expose-Headers"))).as(path).contains("Retry-After");
                assertThat(r.header("Access-Control-Allow-Credentials")).as(path).isNull();
            }
        }
        try (okhttp3.Response r = s.http.newCall(new Request.Builder().url(s.api("/app/own-cors")).build()).execute()) {
            assertThat(r.header("Access-Control-Allow-Origin")).as("no Origin: the app's own CORS, untouched").isEqualTo("*");
        }
    }

    /** A page was read and written as UTF-8 whatever charset it named: an ISO-8859-1 page lost every accented letter. */
    @Test
    void aPageKeepsItsOwnCharset() throws Exception {
        routes("/", "/app/*");
        String text = "<html><head><title>Caf\u00e9</title></head><body>Gr\u00fc\u00dfe, \u00e0 bient\u00f4t</body></html>";
        canned.put("/app/latin", new Canned(200, "text/html; charset=\"ISO-8859-1\"", text.getBytes(StandardCharsets.ISO_8859_1), false));
        canned.put("/app/wide", new Canned(200, "text/html; charset=utf-16le", text.getBytes(StandardCharsets.UTF_16LE), false));
        // no charset in the header, the page's own <meta> names it: its bytes must pass as they came
        byte[] legacy = ("<html><head><meta charset=\"windows-1252\"><title>\u20ac 5</title></head><body>na\u00efve</body></html>")
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        canned.put("/app/legacy", new Canned(200, "text/html", legacy, true));

        Raw latin = raw("/app/latin");
        assertThat(latin.code()).isEqualTo(200);
        assertThat(latin.headers().get("Content-Type")).isEqualTo("text/html; charset=\"ISO-8859-1\"");
        String read = new String(latin.body(), StandardCharsets.ISO_8859_1);
        assertThat(read).contains("<title>Caf\u00e9</title>").contains("Gr\u00fc\u00dfe, \u00e0 bient\u00f4t")
                .contains("palisade-nonce").contains("/assets/palisade.js");
        assertThat(Integer.parseInt(latin.headers().get("Content-Length"))).isEqualTo(latin.body().length);

        String wide = new String(raw("/app/wide").body(), StandardCharsets.UTF_16LE);
        assertThat(wide).startsWith("<html><head><meta name=\"palisade-nonce\"").contains("Gr\u00fc\u00dfe");

        byte[] got = raw("/app/legacy").body();
        String asLatin = new String(got, StandardCharsets.ISO_8859_1);
        assertThat(asLatin).contains("palisade-nonce");
        byte[] withoutMarkup = asLatin.replaceFirst("(?s)(<head>).*?(/assets/palisade.js\"></script>)", "$1")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(withoutMarkup).as("the page's own bytes, unchanged around the markup").containsExactly(legacy);
    }

    /** A page was read whole into memory, however large: 150 MB under -Xmx256m was a 502 with nothing logged. */
    @Test
    void aPageOverItsLimitIsRefusedClearlyAndRecorded() throws Exception {
        routes("/", "/app/*");
        byte[] huge = ("<html><head></head><body>" + "x".repeat(3 * 1024 * 1024) + "</body></html>").getBytes(StandardCharsets.UTF_8);
        canned.put("/app/huge", new Canned(200, "text/html; charset=utf-8", huge, true));
        canned.put("/app/huge-declared", new Canned(200, "text/html; charset=utf-8", huge, false));
        for (String path : List.of("/app/huge", "/app/huge-declared")) {
            ServerFixture.Reply r = s.get(s.api(path), null);
            assertThat(r.code()).as(path + ": " + r.body().substring(0, Math.min(200, r.body().length()))).isEqualTo(502);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("code").asText()).isEqualTo("upstream_unavailable");
            assertThat(r.json().get("detail").asText()).contains("over 2 MiB");
        }
        JsonNode events = s.adminCall("GET", "/admin/events?code=upstream_unavailable", null).json().get("items");
        assertThat(events).hasSize(2);
        assertThat(events.toString()).contains("/app/huge").contains("over 2 MiB");
        byte[] image = new byte[3 * 1024 * 1024];
        canned.put("/app/video.bin", new Canned(200, "application/octet-stream", image, true));
        assertThat(raw("/app/video.bin").body()).as("other answers have no such limit: they stream").hasSize(image.length);
        assertThat(s.get(s.api("/"), null).body()).as("the next page comes").contains("palisade-nonce");
    }

    /**
     * The upstream timeout ended with the answer's head: a page or a file whose bytes then stopped
     * coming held a server thread, and the browser, for as long as the upstream liked.
     */
    @Test
    void anAnswerUnderAClientPageMustComeWholeWithinTheUpstreamTimeout() throws Exception {
        routes("/", "/app/*");
        long began = System.nanoTime();
        ServerFixture.Reply page = s.get(s.api("/app/trickle"), null);
        assertThat(page.code()).as(page.toString()).isEqualTo(504);
        assertThat(page.json().get("code").asText()).isEqualTo("upstream_timeout");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - began)).as("given up at the 2 s timeout, not when the upstream ended")
                .isLessThan(java.time.Duration.ofSeconds(6));
        long fileBegan = System.nanoTime();
        assertThatThrownBy(() -> raw("/app/trickle.bin")).as("a file had begun: its answer breaks off, as a proxy's does")
                .isInstanceOf(IOException.class);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - fileBegan)).isLessThan(java.time.Duration.ofSeconds(6));
        assertThat(raw("/app/steady.bin").body()).as("a file longer than the timeout whose bytes keep coming").hasSize(10_000);
        JsonNode events = s.adminCall("GET", "/admin/events?code=upstream_timeout", null).json().get("items");
        assertThat(events.toString()).contains("/app/trickle").contains("/app/trickle.bin").doesNotContain("steady");
        assertThat(s.get(s.api("/"), null).body()).as("the next page comes").contains("palisade-nonce");
    }

    /**
     * {@code --upstream-connections} bounds what the upstream is asked at once, by the calls and by the page
     * fetches each; a page fetch cut at the deadline gives its connection back at once, not when the upstream ends.
     */
    @Test
    void theUpstreamIsAskedNoMoreAtOnceThanItsConnectionsAndACutFetchFreesItsOwn() throws Exception {
        s.close();
        URI url = URI.create(upstreamUrl);
        s = new ServerFixture(dir.resolve("one"), MutableClock.realTime(),
                c -> c.withUpstream(url, Duration.ofSeconds(2)).withUpstreamConnections(1));
        routes("/", "/app/*");
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Raw>> files = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) files.add(callers.submit(() -> raw("/app/busy")));
            for (var f : files) assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(200);
            assertThat(mostInFlight.get()).as("answers under client pages, one connection").isEqualTo(1);
            String token = s.token("alice");
            List<java.util.concurrent.Future<ServerFixture.Reply>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) calls.add(callers.submit(() -> s.get(s.api("/api/busy"), token)));
            for (var f : calls) assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(200);
            assertThat(mostInFlight.get()).as("calls, one connection").isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
        assertThat(s.get(s.api("/app/trickle"), null).code()).isEqualTo(504);
        ServerFixture.Reply next = s.get(s.api("/"), null);
        assertThat(next.code()).as("the one connection was not held for the stalled upstream: " + next).isEqualTo(200);
    }

    /** The page limit was checked after the fetch: every load over it still reached the upstream and waited on it. */
    @Test
    void anAddressOverItsPageLimitIsRefusedWithoutAskingTheUpstream() throws Exception {
        routes("/", "/app/*");
        canned.put("/app/logo.png", new Canned(200, "image/png", new byte[] {1, 2, 3}, false));
        assertThat(s.adminCall("PUT", "/admin/config", "{\"pagesPerMinuteMax\":2}").code()).isEqualTo(200);
        for (int i = 0; i < 3; i++) assertThat(raw("/app/logo.png").code()).as("an image is no page load").isEqualTo(200);
        assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
        assertThat(s.get(s.api("/app"), null).code()).isEqualTo(200);
        int asked = seen.size();
        for (String path : List.of("/", "/app/other", "/app/logo.png")) {
            ServerFixture.Reply r = s.get(s.api(path), null);
            assertThat(seen).as(path + ": the upstream is not asked").hasSize(asked);
            assertThat(r.code()).as(path + ": " + r).isEqualTo(429);
            assertThat(r.json().get("code").asText()).isEqualTo("rate_limited");
            assertThat(r.header("Retry-After")).isNotNull();
        }
    }

    private void routes(String... clientPages) {
        String pages = String.join("\",\"", clientPages);
        ServerFixture.Reply put = s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[],\"clientPages\":[\"" + pages + "\"]}");
        assertThat(put.code()).as(put.toString()).isEqualTo(200);
    }

    /** An answer as bytes: OkHttp's text would decode it by its charset first. */
    private record Raw(int code, okhttp3.Headers headers, byte[] body) {}

    private Raw raw(String path) throws IOException {
        try (okhttp3.Response r = s.http.newCall(new Request.Builder().url(s.api(path)).build()).execute()) {
            return new Raw(r.code(), r.headers(), r.body() == null ? new byte[0] : r.body().bytes());
        }
    }
}
