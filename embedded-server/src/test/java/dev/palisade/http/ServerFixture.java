package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.MutableClock;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.protocol.RequestSigner;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server on free loopback ports over a real SQLite file, with a fixed clock, and an OkHttp
 * client that speaks to it as any client would.
 */
public final class ServerFixture implements AutoCloseable {

    public static final MediaType JSON = MediaType.get("application/json");
    public static final String PASSWORD = "correct horse";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NONCE = Pattern.compile("<meta name=\"palisade-nonce\" content=\"([^\"]+)\">");

    public final MutableClock clock;
    public final Path dataDir;
    /** The client every call goes through; a test over TLS puts one that trusts the server's certificate here. */
    public OkHttpClient http = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false).build();
    public PalisadeServer server;
    private java.util.function.UnaryOperator<ServerConfig> customize = c -> c;
    /** token → {sessionId, signingKey} */
    private final java.util.Map<String, String[]> keys = new java.util.concurrent.ConcurrentHashMap<>();
    /** login body → the key pair whose public half it carries */
    private final java.util.Map<String, ClientKeys> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private String debugToken;

    public ServerFixture(Path dataDir) {
        this(dataDir, MutableClock.at2026());
    }

    public ServerFixture(Path dataDir, MutableClock clock) {
        this(dataDir, clock, c -> c);
    }

    /** @param customize changes the configuration before the start (e.g. an upstream to protect) */
    public ServerFixture(Path dataDir, MutableClock clock, java.util.function.UnaryOperator<ServerConfig> customize) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.customize = customize;
        start();
    }

    private int apiPort;
    private int adminPort;

    private void start() {
        try {
            // a restart keeps the ports, so a request captured before it can be sent again unchanged
            server = PalisadeServer.start(customize.apply(ServerConfig.defaults().withDataDir(dataDir).withPorts(apiPort, adminPort)
                    .withClock(clock).withEngine(EngineFixture.fastOptions())));
            apiPort = server.apiUri().getPort();
            adminPort = server.adminUri().getPort();
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }

    public void restart() {
        restart(() -> { });
    }

    /** Stops the server, lets {@code whileStopped} change its data directory as no server would, and starts it again. */
    public void restart(Runnable whileStopped) {
        http.connectionPool().evictAll(); // idle keep-alive connections would hold up the graceful stop
        server.close();
        whileStopped.run();
        clock.restartTakesASecond();
        start();
    }

    public String api(String path) { return server.apiUri() + path; }

    public String admin(String path) { return server.adminUri() + path; }

    /** A plain call; the caller closes the response. */
    public Reply send(Request request) {
        try (Response r = http.newCall(request).execute()) {
            return new Reply(r.code(), r.headers(), r.body() == null ? "" : r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply get(String url, String bearer) {
        return send(request("GET", url, null, bearer).build());
    }

    public Reply postJson(String url, String json, String bearer) {
        Reply r = send(request("POST", url, json, bearer).build());
        if (url.endsWith("/auth/refresh") && r.code() == 200) learn(r.json(), null);
        if (url.endsWith("/auth/login") && r.code() == 200 && json != null) learn(r.json(), pending.remove(json));
        return r;
    }

    /**
     * A request as palisade.js would make it: with the bearer token, and signed with the session's
     * key (RFC 9421) when it goes to the API and the token came from a login through this fixture.
     */
    public Request.Builder request(String method, String url, String json, String bearer) {
        return request(method, url, json, bearer, bearer == null ? null : "Bearer " + bearer);
    }

    /** As {@link #request(String, String, String, String)}, with {@code Authorization} sent (and signed) as {@code authorization}. */
    public Request.Builder request(String method, String url, String json, String bearer, String authorization) {
        byte[] body = json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Request.Builder b = new Request.Builder().url(url)
                .method(method, body == null ? null : RequestBody.create(body, JSON));
        if (bearer == null) return b;
        b.header("Authorization", authorization);
        okhttp3.HttpUrl u = okhttp3.HttpUrl.get(url);
        String[] keyed = keys.get(bearer);
        if (keyed != null && (u.encodedPath().startsWith("/api/") || u.encodedPath().equals("/auth/refresh"))) {
            RequestSigner.Signed signed = RequestSigner.sign(method, authority(u), u.encodedPath(),
                    u.encodedQuery(), authorization, body, keyed[0], java.util.Base64.getUrlDecoder().decode(keyed[1]),
                    clock.millis() / 1000, dev.palisade.engine.Secrets.randomToken(12));
            b.header("Signature-Input", signed.signatureInput()).header("Signature", signed.signature());
            if (signed.contentDigest() != null) b.header("Content-Digest", signed.contentDigest());
        }
        return b;
    }

    /** The request's {@code @authority} as its {@code Host} carries it: an IPv6 host in brackets. */
    private static String authority(okhttp3.HttpUrl u) {
        return (u.host().contains(":") ? "[" + u.host() + "]" : u.host()) + ":" + u.port();
    }

    /** Remembers which session and signing key a token belongs to: agreed at login, known from it at refresh. */
    private void learn(JsonNode tokenAnswer, ClientKeys agreed) {
        String sid = tokenAnswer.get("sessionId").asText();
        String key;
        if (agreed != null && tokenAnswer.has("serverKey")) {
            JsonNode server = tokenAnswer.get("serverKey");
            key = java.util.Base64.getUrlEncoder().encodeToString(
                    agreed.signingKey(server.get("x").asText(), server.get("y").asText(), sid));
        } else {
            key = keys.values().stream().filter(k -> k[0].equals(sid)).map(k -> k[1]).findFirst().orElse(null);
        }
        if (key != null) keys.put(tokenAnswer.get("accessToken").asText(), new String[] {sid, key});
    }

    /** Signs {@code token}'s calls as {@code known}'s: a token made for the same session by other means. */
    public void sameSession(String token, String known) {
        keys.put(token, keys.get(known));
    }

    /** The session id of a token this fixture logged in, or null. */
    public String sessionOf(String token) {
        String[] keyed = keys.get(token);
        return keyed == null ? null : keyed[0];
    }

    /** The signing key this fixture agreed for a token's session, or null. */
    public byte[] signingKey(String token) {
        String[] keyed = keys.get(token);
        return keyed == null ? null : java.util.Base64.getUrlDecoder().decode(keyed[1]);
    }

    /** The forms a key could take in a message: base64, base64url and hex. */
    public static java.util.List<String> encodings(byte[] key) {
        return java.util.List.of(java.util.Base64.getEncoder().encodeToString(key),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key), java.util.HexFormat.of().formatHex(key));
    }

    /** {@code user}'s login with the ticket {@code ticket} (a 200 of {@code /auth/bootstrap}) answered, asserted a 200. */
    public JsonNode loginWithTicket(String user, Reply ticket) {
        org.assertj.core.api.Assertions.assertThat(ticket.code()).as(ticket.toString()).isEqualTo(200);
        Reply login = postJson(api("/auth/login"), loginBody(user, PASSWORD, ticket.json().get("bootstrapTicket").asText()), null);
        org.assertj.core.api.Assertions.assertThat(login.code()).as(login.toString()).isEqualTo(200);
        return login.json();
    }

    /**
     * A login body as palisade.js sends it, with a fresh client key pair whose public half it
     * carries; {@link #postJson} agrees the signing key from the answer.
     */
    public String loginBody(String user, String password, String ticket) {
        ClientKeys mine = new ClientKeys();
        String body = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\""
                + (ticket == null ? "" : ",\"bootstrapTicket\":\"" + ticket + "\"")
                + ",\"clientKey\":" + mine.publicJwk() + "}";
        pending.put(body, mine);
        return body;
    }

    /**
     * The debug token this fixture's logins bootstrap with: tests are assumed to hold a browser's
     * session, so they skip the proof of work and the page challenge (docs/protocol.md).
     */
    public String debugToken() {
        if (debugToken == null) {
            Reply r = adminCall("POST", "/admin/debug-tokens", "{\"name\":\"tests\",\"expiresInSeconds\":86400}");
            if (r.code() != 201) throw new AssertionError("cannot create a debug token: " + r);
            debugToken = r.json().get("token").asText();
        }
        return debugToken;
    }

    /**
     * The admin listener's {@code /metrics} once it holds {@code line}: what is counted after an answer went out
     * shows a moment after the caller has it, so it is looked for a bounded time (5 s). When it never shows,
     * the last scrape, for the test's assertion to tell what it held.
     */
    public String metricsHolding(String line) {
        String metrics = adminCall("GET", "/metrics", null).body();
        for (int i = 0; i < 50 && !metrics.contains(line); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            metrics = adminCall("GET", "/metrics", null).body();
        }
        return metrics;
    }

    /**
     * The detail of the newest system event {@code code}, once one is stored: what a background task (the
     * certificate watcher's look every 2 s) records is looked for a bounded time (10 s); null if none came.
     */
    public String systemEventDetail(String code) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            JsonNode items = adminCall("GET", "/admin/events?type=system&code=" + code, null).json().get("items");
            if (!items.isEmpty()) return items.get(0).get("detail").asText();
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return null;
    }

    public Reply adminCall(String method, String path, String json) {
        if (path.matches("/admin/(events|timeline|preview|rules/suggestions).*")) {
            // the server waits a second at most for the event writer; a loaded machine can take longer, and the
            // tests read what they just caused
            try {
                server.engine().events().awaitWritten(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RequestBody body = json == null ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create("", JSON) : null)
                : RequestBody.create(json, JSON);
        return send(new Request.Builder().url(admin(path)).method(method, body)
                .header("Authorization", "Bearer " + server.adminToken()).build());
    }

    public String pageNonce() {
        Reply page = get(api("/"), null);
        Matcher m = NONCE.matcher(page.body());
        if (!m.find()) throw new AssertionError("no page nonce in " + page.body());
        return m.group(1);
    }

    /** A ticket as a debug-token holder gets it: the page loaded, its work and challenge skipped. */
    public String ticket() {
        Reply r = postJson(api("/auth/bootstrap"), "{\"pageNonce\":\"" + pageNonce() + "\",\"debugToken\":\""
                + debugToken() + "\",\"signals\":{}}", null);
        if (r.code() != 200) throw new AssertionError("bootstrap failed: " + r);
        return r.json().get("bootstrapTicket").asText();
    }

    public void ensureUser(String name) {
        Reply r = adminCall("POST", "/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        if (r.code() != 201 && r.code() != 409) throw new AssertionError("cannot create user: " + r);
    }

    /** Logs in as a browser would; returns the login answer. */
    public JsonNode login(String name) {
        ensureUser(name);
        Reply r = postJson(api("/auth/login"), loginBody(name, PASSWORD, ticket()), null);
        if (r.code() != 200) throw new AssertionError("login failed: " + r);
        return r.json();
    }

    public String token(String name) { return login(name).get("accessToken").asText(); }

    /** Logs in as a server-to-server caller does: an API key (scoped to the login) in place of a ticket. */
    public JsonNode loginWithApiKey(String name, String apiKey) {
        ensureUser(name);
        String body = loginBody(name, PASSWORD, null);
        Reply r = send(request("POST", api("/auth/login"), body, null).header("X-Api-Key", apiKey).build());
        ClientKeys mine = pending.remove(body);
        if (r.code() != 200) throw new AssertionError("login with an API key failed: " + r);
        learn(r.json(), mine);
        return r.json();
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
        server.close();
        http.dispatcher().executorService().shutdown();
    }

    /** A finished response. */
    public record Reply(int code, okhttp3.Headers headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) { return headers.get(name); }

        @Override
        public String toString() { return code + " " + body; }
    }
}
