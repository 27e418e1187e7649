package dev.palisade.console.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.protocol.Base64Url;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.protocol.RequestSigner;
import dev.palisade.protocol.WorkChallenge;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated client: a browser-like (or script-like) caller of the protected API, leaving from
 * its own loopback address so each scenario is its own client to the server (and auto-block of one
 * never touches another). The console's client half of the protocol, built on dev.palisade.protocol
 * (key agreement, proof of work, RFC 9421 signing) and never on the engine: page, bootstrap, login,
 * signed calls, logout.
 */
public final class ScenarioClient implements AutoCloseable {

    public static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NONCE = Pattern.compile("<meta name=\"palisade-nonce\" content=\"([^\"]+)\"");
    private static final Pattern WORK = Pattern.compile("<meta name=\"palisade-work\" content=\"([^\"]+)\"");
    private static final Pattern CHALLENGE = Pattern.compile("<script src=\"(/assets/challenge/[^\"]+\\.js)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in session: what palisade.js holds (the key non-extractable) after login. */
    public record Session(String token, String sessionId, byte[] key) {
        @Override
        public String toString() { return "Session[" + sessionId + "]"; }
    }

    /** A finished exchange. */
    public record Reply(int status, String body, String code, String check, String source, long sentAt) {
        Step step(String description, String request) {
            return new Step(description, request, status, code, check, source, sentAt);
        }

        /** The body may hold a token or a ticket (a login's, a bootstrap's answer): not printed. */
        @Override
        public String toString() { return "Reply[" + status + (code == null || code.isEmpty() ? "" : " " + code) + "]"; }
    }

    private final HttpUrl target;
    private final String userAgent;
    private final String source;
    private final OkHttpClient http;
    private final Clock clock;

    /**
     * @param source    the loopback address to leave from (all of 127.0.0.0/8 is this machine)
     * @param userAgent what this client says it is
     */
    public ScenarioClient(String target, String source, String userAgent) {
        this(target, source, userAgent, (TrustedCertificate) null);
    }

    /** @param trusted the one certificate to trust instead of the system's (a development server's own), or null */
    public ScenarioClient(String target, String source, String userAgent, TrustedCertificate trusted) {
        this(target, source, userAgent, Duration.ofSeconds(15), trusted, Clock.systemUTC());
    }

    /**
     * @param source the loopback address to leave from, or null for the system's choice
     * @param clock  the target's clock (ScenarioContext learns it), by which this client signs and times its replies
     */
    ScenarioClient(String target, String source, String userAgent, Duration readTimeout, TrustedCertificate trusted, Clock clock) {
        this.target = HttpUrl.get(target);
        this.clock = clock;
        this.userAgent = userAgent;
        this.source = source == null ? "" : source;
        OkHttpClient.Builder http = new OkHttpClient.Builder().socketFactory(source == null ? SocketFactory.getDefault() : bound(source))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(readTimeout).retryOnConnectionFailure(false);
        if (trusted != null) {
            // that one certificate, whatever names it was made for (--tls-name): as Chromium is told its key alone
            http.sslSocketFactory(trusted.sockets(), trusted.trust()).hostnameVerifier((host, tls) -> true);
        }
        this.http = http.build();
    }

    /**
     * A client leaving from whatever address the system chooses (no alias needed), waiting up to
     * {@code readTimeout} for an answer: longer than a protected API's timeout, so a slow one is told by the server.
     */
    static ScenarioClient unbound(String target, String userAgent, Duration readTimeout, TrustedCertificate trusted) {
        return new ScenarioClient(target, null, userAgent, readTimeout, trusted, Clock.systemUTC());
    }

    private static SocketFactory bound(String source) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                return s;
            }

            @Override public Socket createSocket(String h, int p) throws IOException { throw new IOException("unconnected only"); }
            @Override public Socket createSocket(String h, int p, InetAddress a, int lp) throws IOException { throw new IOException("unconnected only"); }
            @Override public Socket createSocket(InetAddress h, int p) throws IOException { throw new IOException("unconnected only"); }
            @Override public Socket createSocket(InetAddress h, int p, InetAddress a, int lp) throws IOException { throw new IOException("unconnected only"); }
        };
    }

    /** One serving of the client page as a script sees it: the nonce, the work asked for, the challenge's URL. */
    public record Page(Reply reply, String nonce, WorkChallenge work, String challengeScript) {
        @Override
        public String toString() { return "Page[" + work + "]"; }
    }

    public Page page() throws IOException {
        Reply page = send(request("/").get().build());
        String nonce = find(NONCE, "page nonce", page);
        return new Page(page, nonce, WorkChallenge.parse(find(WORK, "proof-of-work challenge", page)),
                find(CHALLENGE, "page challenge", page));
    }

    /** What {@code p} finds in the page; a page without it is told in words (a scenario's note shows it). */
    private static String find(Pattern p, String what, Reply page) throws IOException {
        Matcher m = p.matcher(page.body());
        if (!m.find()) throw new IOException("the client page carries no " + what + " (it answered " + page.status()
                + (page.status() == 200 ? "" : " " + page.code()) + ")");
        return m.group(1);
    }

    /**
     * A bootstrap by a debug-token holder: the page's work and challenge skipped (docs/protocol.md).
     * {@code "signals":{}} is what a browser without automation reports; leaving it out is itself a signal.
     */
    public Reply bootstrap(Page page, String debugToken) throws IOException {
        return send(request("/auth/bootstrap").post(json("{\"pageNonce\":\"" + page.nonce() + "\",\"debugToken\":\""
                + debugToken + "\",\"signals\":{}}")).build());
    }

    /** A bootstrap with the page's proof of work (none when null) and an answer to its challenge. */
    public Reply bootstrap(Page page, long[] work, String answer) throws IOException {
        StringBuilder counters = new StringBuilder();
        if (work != null) {
            counters.append(",\"work\":[");
            for (int i = 0; i < work.length; i++) counters.append(i == 0 ? "" : ",").append(work[i]);
            counters.append(']');
        }
        return send(request("/auth/bootstrap").post(json("{\"pageNonce\":\"" + page.nonce() + "\"" + counters
                + ",\"answer\":\"" + answer + "\",\"signals\":{}}")).build());
    }

    /** The ticket of a successful bootstrap. */
    public static String ticket(Reply bootstrap) throws IOException {
        if (bootstrap.status() != 200) throw new IOException("bootstrap refused: " + bootstrap.code());
        return MAPPER.readTree(bootstrap.body()).path("bootstrapTicket").asText();
    }

    /** {@code POST /auth/login} carrying the public half of {@code keys} as {@code clientKey}; {@code ticket} may be null. */
    public Reply login(String user, String password, String ticket, ClientKeys keys) throws IOException {
        String body = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\""
                + (ticket == null ? "" : ",\"bootstrapTicket\":\"" + ticket + "\"")
                + ",\"clientKey\":" + keys.publicJwk() + "}";
        return send(request("/auth/login").post(json(body)).build());
    }

    /** The session a login answered, its signing key agreed from the answer's {@code serverKey}: never sent. */
    public static Session session(Reply login, ClientKeys keys) throws IOException {
        if (login.status() != 200) throw new IOException("login refused: " + login.code());
        JsonNode b = MAPPER.readTree(login.body());
        String sessionId = b.get("sessionId").asText();
        JsonNode server = b.get("serverKey");
        return new Session(b.get("accessToken").asText(), sessionId,
                keys.signingKey(server.get("x").asText(), server.get("y").asText(), sessionId));
    }

    /** A browser's way in, for a caller assumed to hold a session: page, bootstrap with a debug token, login. */
    public Session logIn(String user, String password, String debugToken) throws IOException {
        return logIn(user, password, bootstrap(page(), debugToken));
    }

    /** The login after a bootstrap that the caller has already sent (and perhaps recorded). */
    public Session logIn(String user, String password, Reply bootstrap) throws IOException {
        ClientKeys keys = new ClientKeys();
        return session(login(user, password, ticket(bootstrap), keys), keys);
    }

    /** A signed request exactly as palisade.js would send it. */
    public Request signed(Session s, String method, String path, String body) {
        return signed(s, method, path, body, nowSeconds());
    }

    /** Now on the target's clock, in whole seconds since 1970: what a signature's {@code created} says. */
    public long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    /** Now on the target's clock, in epoch milliseconds. */
    public long nowMillis() { return clock.millis(); }

    public Request signed(Session s, String method, String path, String body, long created) {
        return signed(s, s.key(), method, path, body, created);
    }

    /** Signed with {@code key}, which need not be the session's: how a copier tries what it has seen. */
    public Request signed(Session s, byte[] key, String method, String path, String body, long created) {
        HttpUrl url = target.resolve(path);
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        RequestSigner.Signed sig = RequestSigner.sign(method, url.host() + ":" + url.port(), url.encodedPath(),
                url.encodedQuery(), "Bearer " + s.token(), bytes, s.sessionId(), key, created, nonce());
        Request.Builder b = request(path).method(method, bytes == null ? null : RequestBody.create(bytes, JSON))
                .header("Authorization", "Bearer " + s.token())
                .header("Signature-Input", sig.signatureInput()).header("Signature", sig.signature());
        if (sig.contentDigest() != null) b.header("Content-Digest", sig.contentDigest());
        return b.build();
    }

    /** {@code POST /auth/logout}, signed with the session's key as palisade.js signs it (the token alone without one). */
    public Reply logOut(Session s) throws IOException {
        if (s.key() != null) return send(signed(s, "POST", "/auth/logout", "{}"));
        return send(request("/auth/logout").header("Authorization", "Bearer " + s.token()).post(json("{}")).build());
    }

    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64Url.encode(b);
    }

    /**
     * A request with this client's User-Agent. One that says it is a browser also sends the
     * {@code Sec-Fetch-*} headers every current browser adds to a page's fetch: the server counts
     * their absence as an automation signal, and these callers are dressed as browsers.
     */
    public Request.Builder request(String path) {
        Request.Builder b = new Request.Builder().url(target.resolve(path)).header("User-Agent", userAgent);
        if (userAgent.startsWith("Mozilla/")) {
            b.header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty");
        }
        return b;
    }

    public static RequestBody json(String body) {
        return RequestBody.create(body, JSON);
    }

    public Reply send(Request request) throws IOException {
        long sentAt = clock.millis();
        try (Response r = http.newCall(request).execute()) {
            String body = r.body() == null ? "" : r.body().string();
            String code = "ok";
            String check = "";
            if (r.code() >= 400) {
                try {
                    JsonNode p = MAPPER.readTree(body);
                    code = p.path("code").asText("http_" + r.code());
                    check = p.path("check").asText("");
                } catch (IOException notJson) {
                    code = "http_" + r.code();
                }
            }
            return new Reply(r.code(), body, code, check, source, sentAt);
        }
    }

    /** When an exchange was sent and answered, on one clock, and the start of its answer's {@code Date} second (null without one). */
    record Dated(long sent, long received, Long dateMillis) {}

    /** {@code GET path}, timed on {@code clock}: to learn the target's clock from its {@code Date}. */
    Dated dated(String path, Clock clock) throws IOException {
        long sent = clock.millis();
        try (Response r = http.newCall(request(path).get().build()).execute()) {
            return new Dated(sent, clock.millis(), TargetClock.millis(r.headers().getDate("Date")));
        }
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }
}
