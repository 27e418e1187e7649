package dev.palisade.http;

import dev.palisade.engine.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches the upstream byte for byte, where an HTTP library on either side would tidy it up: the
 * upstream here is a socket that records each request's head as sent, and the odd calls are written
 * by hand.
 */
class ProxyRequestLineHttpTest {

    @TempDir
    Path dir;
    private ServerSocket upstream;
    private Thread accepting;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    /** each request's body as the upstream read it (by Content-Length, or chunked), one for each head */
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    /** Answers written as they are, by the request's target, where the upstream's usual one would not do. */
    private final java.util.Map<String, String> canned = new java.util.concurrent.ConcurrentHashMap<>();
    private ServerFixture s;

    @BeforeEach
    void start() throws Exception {
        start("");
    }

    private void start(String pathPrefix) throws Exception {
        start(pathPrefix, c -> c);
    }

    private void start(String pathPrefix, java.util.function.UnaryOperator<dev.palisade.ServerConfig> more) throws Exception {
        if (s != null) stop();
        heads.clear();
        bodies.clear();
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        upstream = socket;
        accepting = new Thread(() -> serve(socket), "raw-upstream"); // its own socket: a restart makes a new one
        accepting.setDaemon(true);
        accepting.start();
        s = new ServerFixture(dir, MutableClock.realTime(),
                c -> more.apply(c.withUpstream(URI.create("http://127.0.0.1:" + upstream.getLocalPort() + pathPrefix),
                        Duration.ofSeconds(2))));
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\"],\"clientPages\":[\"/\"]}").code())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        if (s != null) s.close();
        s = null;
        if (upstream != null) upstream.close();
        if (accepting != null) accepting.join(5_000);
    }

    /**
     * One request per connection: its head recorded, a small page or JSON answered, the connection closed.
     * Each connection on a thread of its own, and one that sends nothing is no error: a connection the
     * proxy's client opened and did not use (yet) held up the next one's request for 5 s, under load.
     */
    private void serve(ServerSocket upstream) {
        while (!upstream.isClosed()) {
            try {
                Socket c = upstream.accept();
                Thread t = new Thread(() -> answer(upstream, c), "upstream-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!upstream.isClosed()) heads.add("error: " + e);
            }
        }
    }

    private void answer(ServerSocket upstream, Socket connection) {
        try (Socket c = connection) {
            c.setSoTimeout(5_000);
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(c.getInputStream());
            int first;
            try {
                first = in.read();
            } catch (java.net.SocketTimeoutException idle) {
                return; // opened and never used
            }
            if (first < 0) return;
            in.unread(first);
            String head = readHead(in);
            heads.add(head);
            bodies.add(readBody(in, head));
            String target = head.split(" ", 3)[1];
            if (canned.containsKey(target)) {
                c.getOutputStream().write(canned.get(target).getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().flush();
                return;
            }
            boolean page = head.startsWith("GET / ") || head.startsWith("GET //base/ ");
            byte[] body = (page ? "<html><head><title>app</title></head><body></body></html>" : "{}")
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = c.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (page ? "text/html" : "application/json")
                    + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            if (!upstream.isClosed()) heads.add("error: " + e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) break;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The body after {@code head}: as long as its Content-Length says, or chunks up to the last; else none. */
    private static String readBody(InputStream in, String head) throws IOException {
        List<String> length = values(head, "Content-Length");
        if (!length.isEmpty()) return new String(in.readNBytes(Integer.parseInt(length.get(0))), StandardCharsets.ISO_8859_1);
        if (!values(head, "Transfer-Encoding").contains("chunked")) return "";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) { } // trailers, then the blank line
                return body.toString(StandardCharsets.ISO_8859_1);
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) if (c != '\r') b.append((char) c);
        return b.toString();
    }

    /** A call written by hand to Palisade; its answer's head. */
    private String sendRawHead(String request) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), URI.create(s.api("/")).getPort())) {
            c.setSoTimeout(5_000);
            c.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.getOutputStream().flush();
            return readHead(c.getInputStream());
        }
    }

    /** A call written by hand to Palisade; its status line. */
    private String sendRaw(String request) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), URI.create(s.api("/")).getPort())) {
            c.setSoTimeout(5_000);
            c.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.getOutputStream().flush();
            String head = readHead(c.getInputStream());
            return head.substring(0, head.indexOf('\r'));
        }
    }

    private String nextHead() throws InterruptedException {
        String head = heads.poll(5, TimeUnit.SECONDS);
        assertThat(head).as("a request reached the upstream").isNotNull().doesNotStartWith("error");
        return head;
    }

    private static List<String> values(String head, String name) {
        List<String> out = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) out.add(line.substring(colon + 1).trim());
        }
        return out;
    }

    /*
     * An outside test (session 53): a 204 or 205 the app sent with a Content-Length had the reply wait for bytes that
     * never came, a 500 and a stack trace a call; a status outside HTTP's range (999) was passed on to the client.
     */
    @Test
    void anAnswerWithoutABodyThatNamesALengthIsPassedOnAndAStatusOutsideHttpIsA502() throws Exception {
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\",\"/raw/*\"],\"clientPages\":[\"/\","
                + "\"/page/*\"]}").code()).isEqualTo(200);
        for (String path : List.of("/raw/", "/page/")) {
            canned.put(path + "204", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nX-App: kept\r\nConnection: close\r\n\r\n");
            canned.put(path + "205", "HTTP/1.1 205 Reset Content\r\nContent-Length: 12\r\nConnection: close\r\n\r\nhello world!");
            canned.put(path + "999", "HTTP/1.1 999 Weird\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            canned.put(path + "599", "HTTP/1.1 599 Last\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            canned.put(path + "200", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
        for (String path : List.of("/raw/", "/page/")) {
            String head = sendRawHead("GET " + path + "204 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: " + BROWSER
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(head).as(path).startsWith("HTTP/1.1 204 ").contains("X-App: kept").doesNotContain("Content-Length");
            assertThat(sendRaw("GET " + path + "205 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: " + BROWSER
                    + "\r\nConnection: close\r\n\r\n")).as(path).startsWith("HTTP/1.1 205 ");
            String odd = sendRawHead("GET " + path + "999 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: " + BROWSER
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(odd).as(path).startsWith("HTTP/1.1 502 ").contains("application/problem+json");
            assertThat(sendRaw("GET " + path + "599 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: " + BROWSER
                    + "\r\nConnection: close\r\n\r\n")).as("the last status in HTTP's range").startsWith("HTTP/1.1 599");
            assertThat(sendRawHead("GET " + path + "200 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: " + BROWSER
                    + "\r\nConnection: close\r\n\r\n")).as("any other answer keeps its length").contains("Content-Length: 2");
        }
    }

    @Test
    void aQueryWithCharactersAUriMayNotHoldRawIsForwardedAsSentAndSignedAsSent() throws Exception {
        String token = s.token("alice");
        heads.clear();
        ServerFixture.Reply call = s.get(s.api("/api/items?q={x}|y"), token);
        assertThat(call.code()).as(call.toString()).isEqualTo(200);
        String head = nextHead();
        assertThat(head).startsWith("GET /api/items?q={x}|y HTTP/1.1\r\n");
        assertThat(values(head, "User-Agent")).as("the client's agent, once").hasSize(1);
        String input = values(head, "Signature-Input").get(0);
        java.util.regex.Matcher created = java.util.regex.Pattern.compile(";created=(\\d+);expires=(\\d+);").matcher(input);
        assertThat(created.find()).as(input).isTrue();
        long now = System.currentTimeMillis() / 1000;
        assertThat(Long.parseLong(created.group(1))).as("created, in seconds").isBetween(now - 5, now + 1);
        assertThat(Long.parseLong(created.group(2))).isEqualTo(Long.parseLong(created.group(1)) + 30);
        assertThat(values(head, "Signature").get(0)).isEqualTo(UpstreamSignatures.expected(dir, "GET",
                "http://" + values(head, "Host").get(0) + "/api/items?q={x}|y", "alice",
                values(head, "X-Palisade-Session").get(0), null, input));
        // a client page with such a query cannot be fetched by a URI: a clear 400, not a 500
        ServerFixture.Reply page = s.get(s.api("/?q={x}"), null);
        assertThat(page.code()).as(page.toString()).isEqualTo(400);
        assertThat(page.json().get("code").asText()).isEqualTo("bad_request");
    }

    /** {@code text} as its UTF-8 bytes, one char a byte: what {@link #sendRaw} writes is then that UTF-8. */
    private static String utf8Bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aQuerySentWithRawUtf8ReachesTheUpstreamAsTheSameTextPercentEncoded() throws Exception {
        // é, €, an emoji (two UTF-16 chars) raw, as curl sends them, and an é already encoded
        String query = "q=caf\u00e9\u20ac\ud83d\ude00&r=%C3%A9";
        String encoded = "q=caf%C3%A9%E2%82%AC%F0%9F%98%80&r=%C3%A9";
        // a public path: Jetty's client wrote the text as Latin-1, é as one byte and € as "?"
        assertThat(sendRaw(utf8Bytes("GET /health?" + query + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n")))
                .contains(" 200 ");
        String head = nextHead();
        assertThat(head).startsWith("GET /health?" + encoded + " HTTP/1.1\r\n");
        assertThat(values(head, "Signature").get(0)).as("signed as forwarded").isEqualTo(UpstreamSignatures.expected(dir,
                "GET", "http://" + values(head, "Host").get(0) + "/health?" + encoded, "", "", null,
                values(head, "Signature-Input").get(0)));

        // a session's call, signed over the query as sent (raw), goes on as the same text
        String token = s.token("alice");
        URI api = URI.create(s.api("/"));
        String authority = api.getHost() + ":" + api.getPort();
        String params = "(\"@method\" \"@authority\" \"@path\" \"@query\" \"authorization\");created=" + s.clock.millis() / 1000
                + ";keyid=\"" + s.sessionOf(token) + "\";alg=\"hmac-sha256\";nonce=\"" + dev.palisade.engine.Secrets.randomToken(12) + "\"";
        String base = "\"@method\": GET\n\"@authority\": " + authority + "\n\"@path\": /api/items\n\"@query\": ?" + query
                + "\n\"authorization\": Bearer " + token + "\n\"@signature-params\": " + params;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(s.signingKey(token), "HmacSHA256"));
        String signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        heads.clear();
        assertThat(sendRaw(utf8Bytes("GET /api/items?" + query + " HTTP/1.1\r\nHost: " + authority
                + "\r\nUser-Agent: okhttp/" + okhttp3.OkHttp.VERSION // the session's, as bound at its login
                + "\r\nAuthorization: Bearer " + token + "\r\nSignature-Input: sig1=" + params
                + "\r\nSignature: sig1=:" + signature + ":\r\nConnection: close\r\n\r\n"))).contains(" 200 ");
        String call = nextHead();
        assertThat(call).startsWith("GET /api/items?" + encoded + " HTTP/1.1\r\n");
        assertThat(values(call, "Signature").get(0)).isEqualTo(UpstreamSignatures.expected(dir, "GET",
                "http://" + values(call, "Host").get(0) + "/api/items?" + encoded, "alice",
                values(call, "X-Palisade-Session").get(0), null, values(call, "Signature-Input").get(0)));

        // a client page fetched with such a query: the same
        heads.clear();
        assertThat(sendRaw(utf8Bytes("GET /?" + query + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n")))
                .contains(" 200 ");
        String page = nextHead();
        assertThat(page).startsWith("GET /?" + encoded + " HTTP/1.1\r\n");
        assertThat(values(page, "Signature").get(0)).as("signed as fetched").isEqualTo(UpstreamSignatures.expected(dir,
                "GET", "http://" + values(page, "Host").get(0) + "/?" + encoded, "", "", null,
                values(page, "Signature-Input").get(0)));
    }

    @Test
    void theSchemeIsTheConnectionsNotTheOneAnAbsoluteRequestLineClaims() throws Exception {
        int port = URI.create(s.api("/")).getPort();
        assertThat(sendRaw("GET https://127.0.0.1:" + port + "/health HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n")).contains(" 200 ");
        String head = nextHead();
        assertThat(values(head, "Forwarded")).containsExactly(
                "by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"127.0.0.1:" + port + "\";proto=http");
        assertThat(values(head, "X-Forwarded-Proto")).containsExactly("http");
        assertThat(values(head, "X-Forwarded-Host")).containsExactly("127.0.0.1:" + port);
        assertThat(values(head, "X-Forwarded-For")).containsExactly("127.0.0.1");
    }

    @Test
    void aCallWithoutHostGetsNoForwardedHostAndKeepsNoneTheClientSent() throws Exception {
        assertThat(sendRaw("GET /health HTTP/1.0\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Port: 8443\r\n"
                + "X-Forwarded-Prefix: /admin\r\nX-Real-IP: 192.0.2.9\r\n\r\n")).contains(" 200 ");
        String head = nextHead();
        assertThat(values(head, "X-Forwarded-Host")).isEmpty();
        assertThat(values(head, "X-Forwarded-Port")).isEmpty();
        assertThat(values(head, "X-Forwarded-Prefix")).isEmpty();
        assertThat(values(head, "X-Real-IP")).isEmpty();
        assertThat(values(head, "X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(values(head, "Forwarded")).singleElement().asString()
                .isEqualTo("by=\"127.0.0.1\";for=\"127.0.0.1\";proto=http");
        assertThat(values(head, "Host")).containsExactly("127.0.0.1:" + upstream.getLocalPort());
    }

    @Test
    void noHeaderThatOverridesTheMethodOrThePathReachesTheUpstream() throws Exception {
        // a public path must not turn into another method or route upstream (Symfony, ASP.NET, Express's
        // method-override read these): the upstream handles the call Palisade judged
        String[] overrides = {"X-HTTP-Method-Override: DELETE", "X-HTTP-Method: DELETE", "X-Method-Override: DELETE",
                "X-Original-URL: /api/admin", "X-Rewrite-URL: /api/admin", "x-http-method-override: PUT",
                // a WSGI or CGI server reads '_' as '-': these are the same headers to it
                "X_HTTP_Method_Override: DELETE", "X-HTTP_Method: DELETE", "X_Forwarded_Prefix: /admin", "X_Palisade_User: admin",
                "X_Real_IP: 10.0.0.1",
                // the WSGI "ReverseProxied" recipe moves X-Script-Name into SCRIPT_NAME and cuts it off the path,
                // and X-Scheme into the URL scheme; gateways' own records of the original request
                "X-Script-Name: /health", "X-Scheme: https", "X-Original-URI: /api/admin", "X-Original-Method: DELETE",
                "X-Envoy-Original-Path: /api/admin", "X-Original-Host: admin.example", "X_Script_Name: /health"};
        assertThat(sendRaw("POST /health HTTP/1.1\r\nHost: app.example\r\n" + String.join("\r\n", overrides)
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).contains(" 200 ");
        String head = nextHead();
        assertThat(head).startsWith("POST /health HTTP/1.1\r\n");
        for (String name : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-URL",
                "X-Rewrite-URL", "X_HTTP_Method_Override", "X-HTTP_Method", "X_Forwarded_Prefix", "X_Palisade_User", "X_Real_IP",
                "X-Script-Name", "X-Scheme", "X-Original-URI", "X-Original-Method", "X-Envoy-Original-Path", "X-Original-Host",
                "X_Script_Name"}) {
            assertThat(values(head, name)).as(name).isEmpty();
        }
    }

    @Test
    void aPathWithDotSegmentsIsRefusedNotRoutedAsOneAndForwardedAsAnother() throws Exception {
        // routed on the cleaned path (/health, public), it would reach the upstream as sent, where an app
        // that does not clean paths (Express) reads /api/...: refused, as a gateway's decision refuses it
        for (String target : new String[] {"/api/items/../../health", "/api/./../health", "/api/items/..%2F..%2Fhealth"}) {
            assertThat(sendRaw("GET " + target + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"))
                    .as(target).contains(" 400 ");
        }
        assertThat(heads.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the upstream").isNull();
        assertThat(sendRaw("GET /health HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n")).contains(" 200 ");
        assertThat(nextHead()).startsWith("GET /health HTTP/1.1\r\n");
        assertThat(sendRaw("GET /he.alth/.well-known..x HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"))
                .as("dots inside a segment are no dot segment").doesNotContain(" 400 ");
    }

    /**
     * An escaped letter reads as the letter to Palisade (routes, rules) and as another path to an app that
     * routes on the path as sent: Express answers /api/%63art 404, which counted as a rule's look at the cart.
     */
    @Test
    void aPathWithAnEscapedLetterIsRefusedNotRoutedAsOneAndForwardedAsAnother() throws Exception {
        for (String target : new String[] {"/%68ealth", "/api/%63art", "/health%31"}) {
            assertThat(sendRaw("GET " + target + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"))
                    .as(target).contains(" 400 ");
        }
        assertThat(heads.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the upstream").isNull();
        for (String kept : new String[] {"/health%40x", "/health%7Ex"}) { // what URLEncoder and escape() make of ~ too
            assertThat(sendRaw("GET " + kept + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"))
                    .as(kept + " is kept as sent").doesNotContain(" 400 ");
        }
    }

    @Test
    void anUpstreamPathThatStartsWithTwoSlashesIsKeptWholeNotReadAsAHost() throws Exception {
        start("//base"); // http://host:port//base: read as a URI, "base" would be taken for a host and dropped
        String token = s.token("alice");
        heads.clear();
        assertThat(s.get(s.api("/api/items?x=1"), token).code()).isEqualTo(200);
        String head = nextHead();
        assertThat(head).startsWith("GET //base/api/items?x=1 HTTP/1.1\r\n");
        assertThat(values(head, "Host")).containsExactly("127.0.0.1:" + upstream.getLocalPort());
        // with a query a URI cannot hold raw too: forwarded as sent, not a 500
        ServerFixture.Reply odd = s.get(s.api("/api/items?q={x}|y"), token);
        assertThat(odd.code()).as(odd.toString()).isEqualTo(200);
        String oddHead = nextHead();
        assertThat(oddHead).startsWith("GET //base/api/items?q={x}|y HTTP/1.1\r\n");
        assertThat(values(oddHead, "Signature").get(0)).as("signed as sent").isEqualTo(UpstreamSignatures.expected(dir, "GET",
                "http://" + values(oddHead, "Host").get(0) + "//base/api/items?q={x}|y", "alice",
                values(oddHead, "X-Palisade-Session").get(0), null, values(oddHead, "Signature-Input").get(0)));
    }

    @Test
    void aClientsOwnForwardedElementsAreDroppedAndATrustedProxysKept() throws Exception {
        String spoofed = "GET /health HTTP/1.1\r\nHost: app.example\r\nForwarded: for=192.0.2.7;host=evil.example;proto=https\r\n"
                + "Connection: close\r\n\r\n";
        assertThat(sendRaw(spoofed)).contains(" 200 ");
        assertThat(values(nextHead(), "Forwarded")).as("only Palisade's element")
                .containsExactly("by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"app.example\";proto=http");

        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("127.0.0.1");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", policy.toString()).code()).isLessThan(300);
        assertThat(sendRaw(spoofed)).contains(" 200 ");
        assertThat(values(nextHead(), "Forwarded")).as("a trusted proxy's elements, then Palisade's").containsExactly(
                "for=192.0.2.7;host=evil.example;proto=https, by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"app.example\";proto=http");
    }

    @Test
    void anIpv6ClientIsABareAddressInXForwardedForAndBracketedInForwarded() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LoopbackAlias.hasIpv6Loopback(), "this machine has no ::1");
        start("", c -> c.withBind("::1"));
        assertThat(s.send(new okhttp3.Request.Builder().url(s.api("/health")).build()).code()).isEqualTo(200);
        String head = nextHead();
        assertThat(values(head, "X-Forwarded-For")).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(values(head, "Forwarded")).singleElement().asString()
                .startsWith("by=\"[0:0:0:0:0:0:0:1]\";for=\"[0:0:0:0:0:0:0:1]\";host=\"[::1]:");
        // a client page's fetch names the client the same way
        assertThat(s.send(new okhttp3.Request.Builder().url(s.api("/")).build()).code()).isEqualTo(200);
        assertThat(values(nextHead(), "X-Forwarded-For")).containsExactly("0:0:0:0:0:0:0:1");
    }

    @Test
    void aTrustedProxysForwardingHeadersAreKeptAndThisHopAppended() throws Exception {
        String behindBalancer = "GET /health HTTP/1.1\r\nHost: internal:8080\r\nX-Forwarded-For: 192.0.2.7, 198.51.100.2\r\n"
                + "X-Forwarded-For: 198.51.100.3\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n"
                + "X-Forwarded-Port: 443\r\nX-Forwarded-Prefix: /shop\r\nX-Forwarded-User: admin\r\nX-Forwarded-Email: a@b.example\r\n"
                + "True-Client-IP: 10.0.0.1\r\nX-Client-IP: 10.0.0.1\r\nCF-Connecting-IP: 10.0.0.1\r\nConnection: close\r\n\r\n";
        assertThat(sendRaw(behindBalancer)).contains(" 200 ");
        String untrusted = nextHead();
        assertThat(values(untrusted, "X-Forwarded-For")).as("from anyone else: this hop's view only").containsExactly("127.0.0.1");
        assertThat(values(untrusted, "X-Forwarded-Proto")).containsExactly("http");
        assertThat(values(untrusted, "X-Forwarded-Host")).containsExactly("internal:8080");
        assertThat(values(untrusted, "X-Forwarded-Port")).isEmpty();
        String pageBehindBalancer = behindBalancer.replace("GET /health ", "GET / ");
        assertThat(sendRaw(pageBehindBalancer)).contains(" 200 ");
        assertThat(values(nextHead(), "X-Forwarded-For")).as("a page fetch for anyone else").containsExactly("127.0.0.1");

        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("127.0.0.1");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", policy.toString()).code()).isLessThan(300);
        assertThat(sendRaw(behindBalancer)).contains(" 200 ");
        String trusted = nextHead();
        assertThat(values(trusted, "X-Forwarded-For")).as("the balancer's chain, then the balancer")
                .containsExactly("192.0.2.7, 198.51.100.2, 198.51.100.3, 127.0.0.1");
        assertThat(values(trusted, "X-Forwarded-Proto")).as("what the client used, as the balancer says").containsExactly("https");
        assertThat(values(trusted, "X-Forwarded-Host")).containsExactly("shop.example");
        assertThat(values(trusted, "X-Forwarded-Port")).containsExactly("443");
        assertThat(values(trusted, "X-Forwarded-Prefix")).containsExactly("/shop");
        assertThat(values(trusted, "X-Real-IP")).isEmpty();
        // what a balancer passes on unread: no proxy's word about the call, and never the client's address
        for (String head : new String[] {untrusted, trusted}) {
            for (String claim : new String[] {"X-Forwarded-User", "X-Forwarded-Email", "True-Client-IP", "X-Client-IP",
                    "CF-Connecting-IP"}) {
                assertThat(values(head, claim)).as(claim).isEmpty();
            }
        }

        // a client page's fetch names the client as the calls do: the balancer's chain, then the balancer
        assertThat(sendRaw(pageBehindBalancer)).contains(" 200 ");
        assertThat(values(nextHead(), "X-Forwarded-For")).as("a page fetch from behind a trusted balancer")
                .containsExactly("192.0.2.7, 198.51.100.2, 198.51.100.3, 127.0.0.1");

        // a list the header parser cannot read (an unbalanced quote): a bad request, not a failure of the server
        assertThat(sendRaw("GET /health HTTP/1.1\r\nHost: internal:8080\r\nX-Forwarded-For: \"192.0.2.7\r\n"
                + "Connection: close\r\n\r\n")).contains(" 400 ");
        assertThat(sendRaw("GET /api/items HTTP/1.1\r\nHost: internal:8080\r\nX-Forwarded-For: \"192.0.2.7\r\n"
                + "Connection: close\r\n\r\n")).as("a protected path alike").contains(" 400 ");
        assertThat(s.adminCall("GET", "/admin/events?code=bad_request&check=http", null).json().get("items"))
                .as("and told as a refusal for its form (hardening audit 60, L2)")
                .anySatisfy(e -> assertThat(e.get("path").asText()).isEqualTo("/api/items"));
        assertThat(sendRaw("GET / HTTP/1.1\r\nHost: internal:8080\r\nX-Forwarded-For: \"192.0.2.7\r\n"
                + "Connection: close\r\n\r\n")).as("a client page alike").contains(" 400 ");
    }

    @Test
    void aPathWithAParameterIsRefusedSinceTheUpstreamMayReadItAsAnotherPath() throws Exception {
        assertThat(sendRaw("GET /health;x HTTP/1.1\r\nHost: internal:8080\r\nConnection: close\r\n\r\n"))
                .as("Jetty routes it as /health, a public path; Express reads /health;x").contains(" 400 ");
        assertThat(sendRaw("GET /;x HTTP/1.1\r\nHost: internal:8080\r\nConnection: close\r\n\r\n")).contains(" 400 ");
        assertThat(sendRaw("GET /health HTTP/1.1\r\nHost: internal:8080\r\nConnection: close\r\n\r\n")).contains(" 200 ");
    }

    @Test
    void overHttp2ABodyWithoutContentLengthReachesTheUpstreamAsChecked() throws Exception {
        start("", c -> c.withTls(TlsHttpTest.selfSigned(0)));
        s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
        String token = s.token("alice");
        heads.clear();
        String json = "{\"name\":\"pen\"}";
        // Jetty's proxy forwards a body only when Content-Length or Transfer-Encoding announce it
        okhttp3.Request streamed = Http2BodyHttpTest.streamed(s.request("POST", s.api("/api/items"), json, token).build(), json);
        try (okhttp3.Response r = s.http.newCall(streamed).execute()) {
            assertThat(r.protocol()).isEqualTo(okhttp3.Protocol.HTTP_2);
            assertThat(r.code()).isEqualTo(200);
        }
        String head = nextHead();
        assertThat(head).startsWith("POST /api/items HTTP/1.1\r\n");
        assertThat(values(head, "Content-Length")).containsExactly(Integer.toString(json.length()));
        assertThat(values(head, "Content-Digest")).containsExactly(dev.palisade.protocol.RequestSigner.contentDigest(
                json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A protected call's method in lower case would pass every rule naming it and reach the upstream upper-case. */
    @Test
    void aMethodInLowerCaseIsRefusedAndNeverForwarded() throws Exception {
        String token = s.token("alice");
        heads.clear();
        String[] answer = RouteSpellingHttpTest.signedRaw(s, "post", "/api/items", token);
        assertThat(answer[0]).as(answer[2]).contains(" 400 ");
        assertThat(heads.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the upstream").isNull();
        assertThat(RouteSpellingHttpTest.signedRaw(s, "POST", "/api/items", token)[0]).contains(" 200 ");
        assertThat(nextHead()).startsWith("POST /api/items HTTP/1.1\r\n");
    }

    /** A public path's body streamed over HTTP/2 without a length goes on as it came; a call without one gets none. */
    @Test
    void overHttp2APublicPathsBodyWithoutContentLengthReachesTheUpstream() throws Exception {
        // 10 s for the upstream: a streamed 100 kB over TLS took longer than the class's 2 s once in a loaded full run
        start("", c -> c.withTls(TlsHttpTest.selfSigned(0)).withUpstream(c.upstream(), Duration.ofSeconds(10)));
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\",\"/upload\"],\"clientPages\":[\"/\"]}")
                .code()).isEqualTo(200);
        s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
        // one kept whole before the checks, and one longer than that, whose start was held and the rest streamed
        for (int size : new int[] {20_000, 100_000}) {
            String json = "{\"file\":\"" + "x".repeat(size) + "\"}";
            okhttp3.Request streamed = Http2BodyHttpTest.streamed(new okhttp3.Request.Builder().url(s.api("/upload"))
                    .post(okhttp3.RequestBody.create(json, ServerFixture.JSON)).build(), json);
            try (okhttp3.Response r = s.http.newCall(streamed).execute()) {
                assertThat(r.protocol()).isEqualTo(okhttp3.Protocol.HTTP_2);
                assertThat(r.code()).isEqualTo(200);
            }
            String head = nextHead();
            assertThat(head).startsWith("POST /upload HTTP/1.1\r\n");
            String body = bodies.poll(5, TimeUnit.SECONDS);
            assertThat(json.equals(body)).as("the body the client streamed arrived whole: " + (body == null ? "none" : body.length()
                    + " of " + json.length() + " bytes")).isTrue();
        }
        try (okhttp3.Response r = s.http.newCall(new okhttp3.Request.Builder().url(s.api("/upload")).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        String get = nextHead();
        assertThat(get).startsWith("GET /upload HTTP/1.1\r\n");
        assertThat(values(get, "Transfer-Encoding")).as("a call without a body is sent without one").isEmpty();
        assertThat(values(get, "Content-Length")).as(get).isEmpty();
        // calls that end with their headers, whatever their method or Content-Type, go on without a body: no
        // chunks; an empty Content-Length at most, when the end of the stream was not read yet at the first look
        for (okhttp3.Request ended : new okhttp3.Request[] {
                new okhttp3.Request.Builder().url(s.api("/upload")).header("Content-Type", "application/json").build(),
                new okhttp3.Request.Builder().url(s.api("/upload")).delete().build()}) {
            try (okhttp3.Response r = s.http.newCall(ended).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            String h = nextHead();
            assertThat(values(h, "Transfer-Encoding")).as(h).isEmpty();
            assertThat(values(h, "Content-Length")).as(h).isSubsetOf("0");
            assertThat(bodies.poll(5, TimeUnit.SECONDS)).as(h).isEmpty();
        }
    }

    /**
     * HTTP/2 carries a target in a field, where a raw space or tab is no separator: it reached the
     * upstream's request line as it came (`GET /health?q=a b HTTP/1.1`), signed, which most app servers
     * refuse after the call's nonce was spent and others read as another target. Refused, as the
     * gateway's decision refuses it; the same target percent-encoded goes on.
     */
    @Test
    void overHttp2ABlankOrAControlInTheTargetIsRefusedAndNeverForwarded() throws Exception {
        start("", c -> c.withTls(TlsHttpTest.selfSigned(0)));
        javax.net.ssl.SSLContext tls = TlsHttpTest.trustingContext(s.server.selfSignedCertificate().cert());
        int port = URI.create(s.api("/")).getPort();
        heads.clear();
        for (String target : new String[] {"/health?q=a b", "/health?q=a\tb", "/he alth", "/health?q=\u007f"}) {
            assertThat(RawHttp2.get(tls, port, target)).as(target).isEqualTo(400);
        }
        assertThat(heads.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the upstream").isNull();
        assertThat(RawHttp2.get(tls, port, "/health?q=a%20b")).isEqualTo(200);
        assertThat(nextHead()).startsWith("GET /health?q=a%20b HTTP/1.1\r\n");
    }

    @Test
    void overTlsAndHttp2TheUpstreamLearnsTheSchemeAndTheAuthority() throws Exception {
        start("", c -> c.withTls(TlsHttpTest.selfSigned(0)));
        okhttp3.OkHttpClient h2 = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
        try (okhttp3.Response r = h2.newCall(new okhttp3.Request.Builder().url(s.api("/health")).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.protocol()).isEqualTo(okhttp3.Protocol.HTTP_2);
        }
        String authority = URI.create(s.api("/")).getAuthority();
        String head = nextHead();
        assertThat(values(head, "X-Forwarded-Proto")).containsExactly("https");
        assertThat(values(head, "X-Forwarded-Host")).as("HTTP/2's :authority, not a Host field").containsExactly(authority);
        assertThat(values(head, "Forwarded")).singleElement().asString().endsWith(";host=\"" + authority + "\";proto=https");
    }
}
