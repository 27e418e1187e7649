package dev.palisade.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.Secrets;
import dev.palisade.protocol.RequestSigner;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real bundled server for console tests, and a client of its public API that behaves like the
 * browser (bootstrap, login, signed calls), to make traffic the console should show.
 */
public final class TestServer implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NONCE = Pattern.compile("palisade-nonce\" content=\"([^\"]+)\"");

    public final BundledServer bundled;
    public final OkHttpClient http = new OkHttpClient();

    /** A logged-in browser session. */
    public record Login(String token, String sessionId, byte[] key) {}

    public TestServer(Path dataDir) throws Exception {
        bundled = BundledServer.start(ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
    }

    public ConsoleContext context() { return bundled.context(); }

    public String api(String path) { return bundled.server().apiUri() + path; }

    public Login login(String user, String password) {
        String page = call(new Request.Builder().url(api("/")).build()).body;
        Matcher m = NONCE.matcher(page);
        if (!m.find()) throw new AssertionError("no nonce");
        JsonNode ticket = json(call(post("/auth/bootstrap", "{\"pageNonce\":\"" + m.group(1) + "\"}")).body);
        JsonNode login = json(call(post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + password
                + "\",\"bootstrapTicket\":\"" + ticket.get("bootstrapTicket").asText() + "\"}")).body);
        if (login.get("accessToken") == null) throw new AssertionError("login failed: " + login);
        return new Login(login.get("accessToken").asText(), login.get("sessionId").asText(),
                Base64.getUrlDecoder().decode(login.get("signingKey").asText()));
    }

    public Login loginDemo() {
        return login(BundledServer.DEMO_USER, bundled.demoPassword());
    }

    /** A signed GET, as palisade.js would send it; returns the status. */
    public int get(Login login, String path) {
        HttpUrl url = HttpUrl.get(api(path));
        RequestSigner.Signed s = RequestSigner.sign("GET", url.host() + ":" + url.port(), url.encodedPath(), null,
                "Bearer " + login.token(), null, login.sessionId(), login.key(), System.currentTimeMillis() / 1000,
                Secrets.randomToken(12));
        return call(new Request.Builder().url(url).header("Authorization", "Bearer " + login.token())
                .header("Signature-Input", s.signatureInput()).header("Signature", s.signature()).build()).code;
    }

    /** A signed GET with another User-Agent: the token and key used by another client. */
    public int getAs(Login login, String path, String userAgent) {
        HttpUrl url = HttpUrl.get(api(path));
        RequestSigner.Signed s = RequestSigner.sign("GET", url.host() + ":" + url.port(), url.encodedPath(), null,
                "Bearer " + login.token(), null, login.sessionId(), login.key(), System.currentTimeMillis() / 1000,
                Secrets.randomToken(12));
        return call(new Request.Builder().url(url).header("Authorization", "Bearer " + login.token())
                .header("User-Agent", userAgent)
                .header("Signature-Input", s.signatureInput()).header("Signature", s.signature()).build()).code;
    }

    /** An unauthenticated call from a script: denied, and counted against the address. */
    public int anonymous(String path) {
        return call(new Request.Builder().url(api(path)).build()).code;
    }

    private Request post(String path, String json) {
        return new Request.Builder().url(api(path)).post(RequestBody.create(json, JSON)).build();
    }

    private record Reply(int code, String body) {}

    private Reply call(Request request) {
        try (Response r = http.newCall(request).execute()) {
            return new Reply(r.code(), r.body() == null ? "" : r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
        bundled.close();
    }
}
