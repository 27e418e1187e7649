package dev.palisade.console.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.palisade.console.client.Dtos.ApiKeyView;
import dev.palisade.console.client.Dtos.ClusterView;
import dev.palisade.console.client.Dtos.CreatedApiKey;
import dev.palisade.console.client.Dtos.CreatedDebugToken;
import dev.palisade.console.client.Dtos.CreatedOperator;
import dev.palisade.console.client.Dtos.DebugTokenView;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventPage;
import dev.palisade.console.client.Dtos.OperatorView;
import dev.palisade.console.client.Dtos.SessionDetail;
import dev.palisade.console.client.Dtos.SessionFilter;
import dev.palisade.console.client.Dtos.SessionPage;
import dev.palisade.console.client.Dtos.SettingField;
import dev.palisade.console.client.Dtos.SigningKeyView;
import dev.palisade.console.client.Dtos.Stats;
import dev.palisade.console.client.Dtos.UserView;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's only way to the server: the admin API over OkHttp, also for a bundled server.
 * Blocking calls, meant for a background executor, never the FX thread. The admin token is sent
 * on every call and never logged or shown in {@link #toString()}.
 */
public final class AdminClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final HttpUrl base;
    private final String token;
    private final OkHttpClient http;
    /**
     * The server said 401 to this token: it is not sent again. The admin listener counts wrong tokens
     * per address and, after ten a minute, makes every client of that address wait, the owner's
     * console included (on loopback, every console on the machine is one address).
     */
    private volatile boolean refused;
    /** Until when the server asked this address to wait (its Retry-After), epoch ms. */
    private volatile long waitUntil;
    private volatile Runnable onRefused = () -> { };

    public AdminClient(String baseUrl, String adminToken) {
        this(baseUrl, adminToken, new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15)).build());
    }

    public AdminClient(String baseUrl, String adminToken, OkHttpClient http) {
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        this.base = parsed;
        this.token = adminToken;
        this.http = http;
    }

    /** Runs {@code action} (on the thread of the call) the first time the server refuses this client's token. */
    public void onTokenRefused(Runnable action) {
        this.onRefused = action;
    }

    public SessionPage sessions(SessionFilter f) {
        HttpUrl.Builder url = url("admin/sessions").addQueryParameter("offset", Integer.toString(f.offset()))
                .addQueryParameter("limit", Integer.toString(f.limit()));
        optional(url, "user", f.user());
        optional(url, "ip", f.ip());
        optional(url, "state", f.state());
        return read(get(url.build()), SessionPage.class);
    }

    public SessionDetail session(String id) {
        return read(get(url("admin/sessions", id).build()), SessionDetail.class);
    }

    public void revokeSession(String id) {
        call(new Request.Builder().url(url("admin/sessions", id).build()).delete());
    }

    /** Binds a session to the fingerprint it was last refused for. */
    public void acceptFingerprint(String sessionId) {
        call(new Request.Builder().url(url("admin/sessions", sessionId, "accept-fingerprint").build()).post(body(Map.of())));
    }

    public EventPage events(EventFilter f) {
        HttpUrl.Builder url = url("admin/events").addQueryParameter("offset", Integer.toString(f.offset()))
                .addQueryParameter("limit", Integer.toString(f.limit()));
        filter(url, f);
        optional(url, "before", f.before() == null ? null : f.before().toString());
        return read(get(url.build()), EventPage.class);
    }

    public Dtos.FingerprintPolicyView fingerprintPolicy() {
        return read(get(url("admin/fingerprint").build()), Dtos.FingerprintPolicyView.class);
    }

    /**
     * Changes the members given ({@code components}, {@code ipv4Prefix}, …); those left out keep the server's values.
     * Answers the policy in force.
     */
    public Dtos.FingerprintPolicyView updateFingerprintPolicy(Map<String, ?> changes) {
        return read(call(new Request.Builder().url(url("admin/fingerprint").build()).put(body(changes))),
                Dtos.FingerprintPolicyView.class);
    }

    public Dtos.FingerprintPolicyView updateFingerprintPolicy(Dtos.FingerprintPolicyView policy) {
        return read(call(new Request.Builder().url(url("admin/fingerprint").build()).put(body(policy))),
                Dtos.FingerprintPolicyView.class);
    }

    /**
     * What a change would have done to the recent calls; nothing is applied. {@code json} is a document holding one of
     * windows, rules, blacklist or fingerprint, as the forms write it.
     */
    public Dtos.PreviewView preview(String json) {
        return preview(RequestBody.create(json, JSON));
    }

    /** The same for {@code change} under {@code kind} ("blacklist", "fingerprint", …), encoded here. */
    public Dtos.PreviewView preview(String kind, Object change) {
        return preview(body(Map.of(kind, change)));
    }

    private Dtos.PreviewView preview(RequestBody document) {
        return read(call(new Request.Builder().url(url("admin/preview").build()).post(document)), Dtos.PreviewView.class);
    }

    /** Sequence rules learned from the recent traffic, each with its preview. */
    public List<Dtos.RuleSuggestionView> ruleSuggestions() {
        return items(get(url("admin/rules/suggestions").build()).get("suggestions"), new TypeReference<>() {});
    }

    /** What a client page served to {@code ip} asks now, term by term. */
    public Dtos.Price price(String ip) {
        return read(get(url("admin/price").addQueryParameter("ip", ip).build()), Dtos.Price.class);
    }

    /** Allowed calls and refusals per {@code stepSeconds} over {@code [from, to)} (to null: up to now). */
    public Dtos.Timeline timeline(long from, Long to, long stepSeconds) {
        // every reason, up to the server's bound: the Overview lists the top few and tells how many it leaves out
        HttpUrl.Builder url = url("admin/timeline").addQueryParameter("from", Long.toString(from))
                .addQueryParameter("step", Long.toString(stepSeconds)).addQueryParameter("limit", "100");
        optional(url, "to", to == null ? null : to.toString());
        return read(get(url.build()), Dtos.Timeline.class);
    }

    /** Told how many events of how many an export has written so far. */
    public interface ExportProgress {
        void written(long events, long total);

        /** Asked between reads: true stops the export, leaving no file (read from the export's thread). */
        default boolean cancelled() { return false; }
    }

    /** An export stopped because its caller cancelled it: nothing was written under the chosen name. */
    public static final class ExportCancelled extends RuntimeException {
        ExportCancelled() { super("the export was cancelled", null, false, false); }
    }

    /**
     * Streams {@code GET /admin/events/export} (the filter's offset and limit are not used) into
     * {@code file}, by way of a file beside it that replaces it only once complete, so a failed
     * export never leaves half a file under the chosen name.
     *
     * @return how many events were written
     */
    public long exportEvents(EventFilter f, String format, java.nio.file.Path file, ExportProgress progress) {
        HttpUrl.Builder url = url("admin/events", "export").addQueryParameter("format", format);
        filter(url, f);
        Request r = new Request.Builder().url(url.build()).header("Authorization", "Bearer " + token).get().build();
        java.nio.file.Path part = file.resolveSibling(file.getFileName() + ".part");
        mayCall();
        try (Response response = http.newCall(r).execute()) {
            if (!response.isSuccessful()) throw refusal(response, response.body() == null ? "" : response.body().string());
            String header = response.header("X-Palisade-Event-Count");
            long total = header == null ? -1 : Long.parseLong(header);
            ExportCounter counter = new ExportCounter(format);
            byte[] buffer = new byte[64 * 1024];
            try (java.io.InputStream in = response.body().byteStream();
                 java.io.OutputStream out = java.nio.file.Files.newOutputStream(part)) {
                progress.written(0, total);
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (progress.cancelled()) throw new ExportCancelled();
                    out.write(buffer, 0, n);
                    counter.feed(buffer, 0, n);
                    progress.written(counter.events(), total);
                }
            }
            java.nio.file.Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return counter.events();
        } catch (ExportCancelled e) {
            try {
                java.nio.file.Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // cancelled all the same; the part file's name says it is not a whole export
            }
            throw e;
        } catch (IOException e) {
            try {
                java.nio.file.Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the failure below says what matters
            }
            throw new AdminApiException(0, "unreachable", "the export from " + base + " failed: " + e.getMessage(), List.of());
        }
    }

    /** A session's newest allowed calls still in the server's memory (allowed calls are not stored as events by default). */
    public List<Dtos.RecentCallView> recentCalls(String sessionId, int limit) {
        HttpUrl.Builder url = url("admin/traffic", "recent").addQueryParameter("limit", Integer.toString(limit));
        optional(url, "session", sessionId);
        return items(get(url.build()).get("items"), new TypeReference<>() {});
    }

    public Stats stats(int seconds) {
        return read(get(url("admin/stats").addQueryParameter("seconds", Integer.toString(seconds)).build()), Stats.class);
    }

    /** The settings: numbers as {@code Long}, and the name chosen for a setting that takes one of a few. */
    public Map<String, Object> config() {
        return settings(read(get(url("admin/config").build()), new TypeReference<Map<String, Object>>() {}));
    }

    private static Map<String, Object> settings(Map<String, Object> raw) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return out;
    }

    public List<SettingField> configSchema() {
        return items(get(url("admin/config", "schema").build()).get("fields"), new TypeReference<>() {});
    }

    /**
     * What each start of the server puts back ({@code GET /admin/config/governed}): a live change to it lasts until the
     * next start. A server from before it answers 404, an {@link AdminApiException}.
     */
    public List<Dtos.SetAtStartView> governed() {
        return items(get(url("admin/config", "governed").build()).get("items"), new TypeReference<>() {});
    }

    /** Changes some settings; an {@link AdminApiException} names each invalid field. */
    public Map<String, Object> updateConfig(Map<String, ?> changes) {
        return settings(read(call(new Request.Builder().url(url("admin/config").build()).put(body(changes))),
                new TypeReference<Map<String, Object>>() {}));
    }

    /** The key ring {@code jwt} (token signing keys) or {@code fingerprint} (fingerprint salts). */
    public List<SigningKeyView> keys(String ring) {
        return items(get(url("admin/keys").addQueryParameter("ring", ring).build()).get("items"), new TypeReference<>() {});
    }

    public SigningKeyView rotate(String ring) {
        return read(call(new Request.Builder().url(url("admin/keys", "rotate").addQueryParameter("ring", ring).build())
                .post(body(Map.of()))), SigningKeyView.class);
    }

    public List<Dtos.BlacklistEntryView> blacklistEntries() {
        return items(get(url("admin/blacklist").build()).get("items"), new TypeReference<>() {});
    }

    /** Adds one blacklist entry ({@code kind}: ip, user_agent, session or token); {@code expiresInSeconds} null: never. */
    public void addToBlacklist(String kind, String value, String reason, Long expiresInSeconds) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("kind", kind);
        entry.put("value", value);
        entry.put("reason", reason);
        if (expiresInSeconds != null) entry.put("expiresInSeconds", expiresInSeconds);
        call(new Request.Builder().url(url("admin/blacklist").build()).post(body(entry)));
    }

    public void removeFromBlacklist(String id) {
        call(new Request.Builder().url(url("admin/blacklist", id).build()).delete());
    }

    /** What an import did: entries added, and lines whose entry the list held already (or given twice). */
    public record Imported(int added, int skipped) {}

    /** What importing a text file would add (kind and value of each entry), nothing stored. */
    public record ImportDryRun(int added, int skipped, List<Map<String, String>> entries) {}

    /** Checks a text file as its import would and says what it would add; nothing is stored. */
    public ImportDryRun importBlacklistDryRun(String text) {
        JsonNode answer = call(new Request.Builder().url(url("admin/blacklist", "import").addQueryParameter("dryRun", "true").build())
                .post(RequestBody.create(text, MediaType.get("text/plain"))));
        List<Map<String, String>> entries = new java.util.ArrayList<>();
        for (JsonNode e : answer.path("items")) entries.add(Map.of("kind", e.path("kind").asText(), "value", e.path("value").asText()));
        return new ImportDryRun(answer.get("added").asInt(), answer.path("skipped").asInt(), entries);
    }

    /** Imports a text file's entries, one a line; all or none. */
    public Imported importBlacklist(String text) {
        JsonNode answer = call(new Request.Builder().url(url("admin/blacklist", "import").build())
                .post(RequestBody.create(text, MediaType.get("text/plain"))));
        return new Imported(answer.get("added").asInt(), answer.path("skipped").asInt());
    }

    /** The rate windows or sequence rules document as JSON text ({@code windows} or {@code rules}). */
    public String document(String resource) {
        return get(url("admin", resource).build()).toPrettyString();
    }

    /** Replaces the rate windows or sequence rules with a JSON document; returns what is now in force. */
    public String replaceDocument(String resource, String json) {
        return call(new Request.Builder().url(url("admin", resource).build()).put(RequestBody.create(json, JSON)))
                .toPrettyString();
    }

    public List<ApiKeyView> apiKeys() {
        return items(get(url("admin/apikeys").build()).get("items"), new TypeReference<>() {});
    }

    public CreatedApiKey createApiKey(String name, List<String> scopes) {
        return read(call(new Request.Builder().url(url("admin/apikeys").build())
                .post(body(Map.of("name", name, "scopes", scopes)))), CreatedApiKey.class);
    }

    public void revokeApiKey(String id) {
        call(new Request.Builder().url(url("admin/apikeys", id).build()).delete());
    }

    public List<DebugTokenView> debugTokens() {
        return items(get(url("admin/debug-tokens").build()).get("items"), new TypeReference<>() {});
    }

    /** Issues a named debug token; the answer's {@code token} is the only time its value is ever seen. */
    public CreatedDebugToken createDebugToken(String name, long expiresInSeconds) {
        return read(call(new Request.Builder().url(url("admin/debug-tokens").build())
                .post(body(Map.of("name", name, "expiresInSeconds", expiresInSeconds)))), CreatedDebugToken.class);
    }

    public void revokeDebugToken(String id) {
        call(new Request.Builder().url(url("admin/debug-tokens", id).build()).delete());
    }

    /** One user and their login throttle. */
    public Dtos.UserDetail user(String name) {
        return read(get(url("admin/users").addPathSegment(name).build()), Dtos.UserDetail.class);
    }

    /** Sets a new password and/or disables or enables the user (null: unchanged). */
    public Dtos.UserDetail updateUser(String name, String password, Boolean disabled) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (password != null) body.put("password", password);
        if (disabled != null) body.put("disabled", disabled);
        return read(call(new Request.Builder().url(url("admin/users").addPathSegment(name).build()).put(body(body))),
                Dtos.UserDetail.class);
    }

    /** Revokes every live session of the user; @return how many */
    public int revokeUserSessions(String name) {
        return call(new Request.Builder().url(url("admin/users").addPathSegment(name).addPathSegment("revoke-sessions").build())
                .post(body(Map.of()))).path("revoked").asInt();
    }

    /** Forgets the user's failed logins. */
    public void liftLoginThrottle(String name) {
        call(new Request.Builder().url(url("admin/users").addPathSegment(name).addPathSegment("login-throttle").build()).delete());
    }

    /** The owner's operator tokens, oldest first, revoked ones included; 403 {@code forbidden_role} for anyone else. */
    public List<OperatorView> operators() {
        return items(get(url("admin/operators").build()).get("items"), new TypeReference<>() {});
    }

    /** Issues a named operator token with a role ({@code viewer} or {@code operator}); its value is in this answer only. */
    public CreatedOperator createOperator(String name, String role) {
        return read(call(new Request.Builder().url(url("admin/operators").build())
                .post(body(Map.of("name", name, "role", role)))), CreatedOperator.class);
    }

    public void revokeOperator(String id) {
        call(new Request.Builder().url(url("admin/operators", id).build()).delete());
    }

    public List<UserView> users() {
        return items(get(url("admin/users").build()).get("items"), new TypeReference<>() {});
    }

    /**
     * Makes a user. The password is a {@code String}, as {@link #updateUser} takes it: it comes from a text field and
     * goes into a JSON body, so a {@code char[]} here would promise a clearing nothing does (audit 51 L10).
     */
    public UserView createUser(String username, String password) {
        return read(call(new Request.Builder().url(url("admin/users").build())
                .post(body(Map.of("username", username, "password", password)))), UserView.class);
    }

    public void deleteUser(String username) {
        call(new Request.Builder().url(url("admin/users", username).build()).delete());
    }

    /** The cluster's nodes as this node knows them (itself alone without {@code --cluster}). */
    public ClusterView cluster() {
        return read(get(url("admin/cluster").build()), ClusterView.class);
    }

    /** When the server raises {@code alert} events. */
    public AlertSettingsView alerts() {
        return read(get(url("admin/alerts").build()), AlertSettingsView.class);
    }

    /**
     * Changes some alert settings (the server keeps those left out); answers those now in force.
     *
     * @throws AdminApiException {@code invalid_config} with an error per refused field
     */
    public AlertSettingsView updateAlerts(Map<String, ?> changes) {
        return read(call(new Request.Builder().url(url("admin/alerts").build()).put(body(changes))), AlertSettingsView.class);
    }

    private HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            for (String part : s.split("/")) b.addPathSegment(part);
        }
        return b;
    }

    /** The filters {@code /admin/events} and its export share; offset and limit are the caller's. */
    private static void filter(HttpUrl.Builder url, EventFilter f) {
        optional(url, "from", f.from() == null ? null : f.from().toString());
        optional(url, "to", f.to() == null ? null : f.to().toString());
        optional(url, "type", f.type());
        optional(url, "code", f.code());
        optional(url, "check", f.check());
        optional(url, "session", f.session());
        optional(url, "ip", f.ip());
        optional(url, "user", f.user());
    }

    private static void optional(HttpUrl.Builder url, String name, String value) {
        if (value != null && !value.isBlank()) url.addQueryParameter(name, value);
    }

    private JsonNode get(HttpUrl url) {
        return call(new Request.Builder().url(url).get());
    }

    private static RequestBody body(Object value) {
        try {
            return RequestBody.create(MAPPER.writeValueAsBytes(value), JSON);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the request", e);
        }
    }

    /** Sends with the admin token; returns the JSON body (null for 204) or throws the server's problem. */
    private JsonNode call(Request.Builder request) {
        mayCall();
        Request r = request.header("Authorization", "Bearer " + token).header("Accept", "application/json").build();
        try (Response response = http.newCall(r).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.isSuccessful()) return text.isEmpty() ? null : MAPPER.readTree(text);
            throw refusal(response, text);
        } catch (IOException e) {
            throw new AdminApiException(0, "unreachable", "cannot reach " + base + ": " + e.getMessage(), List.of());
        }
    }

    /** Refuses a call without sending it while the token is refused or the server asked this address to wait. */
    private void mayCall() {
        if (refused) {
            throw new AdminApiException(401, "admin_unauthorized", "the server refused this console's token", List.of());
        }
        long wait = waitUntil - System.currentTimeMillis();
        if (wait > 0) {
            throw new AdminApiException(429, "admin_throttled", "the server makes this address wait "
                    + (wait + 999) / 1000 + " s more (too many wrong admin tokens from it)", List.of());
        }
    }

    /** The server's problem; remembers a refused token and a wait the server asked for. */
    private AdminApiException refusal(Response response, String text) {
        long seconds = retryAfterSeconds(response.header("Retry-After"));
        AdminApiException problem = problem(response.code(), text, seconds);
        if (response.code() == 401 && !refused) {
            refused = true;
            onRefused.run();
        } else if (response.code() == 429) {
            if (seconds > 0) waitUntil = System.currentTimeMillis() + seconds * 1000;
        }
        return problem;
    }

    /** A Retry-After header's delay in seconds (0 when absent or not a number of seconds). */
    static long retryAfterSeconds(String header) {
        if (header == null) return 0;
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static AdminApiException problem(int status, String text, long retryAfterSeconds) {
        try {
            JsonNode p = MAPPER.readTree(text);
            List<AdminApiException.FieldError> errors = new ArrayList<>();
            if (p.has("errors")) {
                for (JsonNode e : p.get("errors")) {
                    errors.add(new AdminApiException.FieldError(e.path("field").asText(), e.path("message").asText()));
                }
            }
            return new AdminApiException(status, p.path("code").asText("http_" + status),
                    p.path("detail").asText("HTTP " + status), errors, retryAfterSeconds);
        } catch (IOException e) {
            return new AdminApiException(status, "http_" + status, "HTTP " + status, List.of(), retryAfterSeconds);
        }
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        return MAPPER.convertValue(node, type);
    }

    private static <T> T read(JsonNode node, TypeReference<T> type) {
        return MAPPER.convertValue(node, type);
    }

    private static <T> List<T> items(JsonNode node, TypeReference<List<T>> type) {
        return MAPPER.convertValue(node, type);
    }

    @Override
    public String toString() {
        return "AdminClient[" + base + "]";
    }

    /**
     * Lets the client's threads go (the window closed): OkHttp's dispatcher and the pooled
     * connections, which would otherwise be kept alive for minutes after the window is gone.
     */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
