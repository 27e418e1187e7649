package dev.palisade.console.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.engine.Secrets;
import dev.palisade.protocol.RequestSigner;
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
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated client: a browser-like (or script-like) caller of the protected API, leaving from
 * its own loopback address so each scenario is its own client to the server (and auto-block of one
 * never touches another). Speaks the real protocol: page nonce, bootstrap, login, RFC 9421 signing.
 */
public final class ScenarioClient implements AutoCloseable {

    public static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NONCE = Pattern.compile("palisade-nonce\" content=\"([^\"]+)\"");

    /** A logged-in session: what a browser holds in memory after login. */
    public record Session(String token, String sessionId, byte[] key) {}

    /** A finished exchange. */
    public record Reply(int status, String body, String code, String check, String source) {
        Step step(String description, String request) {
            return new Step(description, request, status, code, check, source);
        }
    }

    private final HttpUrl target;
    private final String userAgent;
    private final String source;
    private final OkHttpClient http;

    /**
     * @param source    the loopback address to leave from (all of 127.0.0.0/8 is this machine)
     * @param userAgent what this client says it is
     */
    public ScenarioClient(String target, String source, String userAgent) {
        this.target = HttpUrl.get(target);
        this.userAgent = userAgent;
        this.source = source;
        this.http = new OkHttpClient.Builder().socketFactory(bound(source)).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15)).retryOnConnectionFailure(false).build();
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

    public String pageNonce() throws IOException {
        Reply page = send(request("/").get().build());
        Matcher m = NONCE.matcher(page.body());
        if (!m.find()) throw new IOException("the client page carries no page nonce (status " + page.status() + ")");
        return m.group(1);
    }

    public Reply bootstrap(String pageNonce) throws IOException {
        return send(request("/auth/bootstrap").post(json("{\"pageNonce\":\"" + pageNonce + "\"}")).build());
    }

    public Reply login(String user, String password, String ticket) throws IOException {
        String body = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\""
                + (ticket == null ? "" : ",\"bootstrapTicket\":\"" + ticket + "\"") + "}";
        return send(request("/auth/login").post(json(body)).build());
    }

    /** The browser's way in: load the page, redeem its nonce, log in. */
    public Session logIn(String user, String password) throws IOException {
        Reply ticket = bootstrap(pageNonce());
        if (ticket.status() != 200) throw new IOException("bootstrap refused: " + ticket.code());
        Reply login = login(user, password, MAPPER.readTree(ticket.body()).get("bootstrapTicket").asText());
        if (login.status() != 200) throw new IOException("login refused: " + login.code());
        JsonNode b = MAPPER.readTree(login.body());
        return new Session(b.get("accessToken").asText(), b.get("sessionId").asText(),
                Base64.getUrlDecoder().decode(b.get("signingKey").asText()));
    }

    /** A signed request exactly as palisade.js would send it. */
    public Request signed(Session s, String method, String path, String body) {
        return signed(s, method, path, body, System.currentTimeMillis() / 1000);
    }

    public Request signed(Session s, String method, String path, String body, long created) {
        HttpUrl url = target.resolve(path);
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        RequestSigner.Signed sig = RequestSigner.sign(method, url.host() + ":" + url.port(), url.encodedPath(),
                url.encodedQuery(), "Bearer " + s.token(), bytes, s.sessionId(), s.key(), created, Secrets.randomToken(12));
        Request.Builder b = request(path).method(method, bytes == null ? null : RequestBody.create(bytes, JSON))
                .header("Authorization", "Bearer " + s.token())
                .header("Signature-Input", sig.signatureInput()).header("Signature", sig.signature());
        if (sig.contentDigest() != null) b.header("Content-Digest", sig.contentDigest());
        return b.build();
    }

    public Request.Builder request(String path) {
        return new Request.Builder().url(target.resolve(path)).header("User-Agent", userAgent);
    }

    public static RequestBody json(String body) {
        return RequestBody.create(body, JSON);
    }

    public Reply send(Request request) throws IOException {
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
            return new Reply(r.code(), body, code, check, source);
        }
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }
}
