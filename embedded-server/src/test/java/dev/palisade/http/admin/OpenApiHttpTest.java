package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.http.RouteTable;
import dev.palisade.http.ServerFixture;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's OpenAPI description against a real server: the routes the server registers and
 * the paths the document lists are the same; every documented operation is answered, with a status
 * the document lists; each role is refused exactly where the document says; every side-effect-free
 * GET answers what its schema says; and the description itself is served at /admin/openapi.json.
 */
class OpenApiHttpTest {

    /** Registered on the API listener and deliberately not in the admin description (docs/protocol.md has them). */
    private static final Set<String> UNDESCRIBED = Set.of(
            "",                     // the client page
            "/assets/*",            // palisade.js and the console's client files
            "/assets/challenge/*",  // one page's challenge script
            "/api/*",               // the demo API behind the pipeline
            "/_palisade/*");        // the health check, for load balancers, on the API listener (docs/protocol.md)
    /** Answered by the admin door itself, before the routes and the token. */
    private static final Set<String> DOOR = Set.of("/admin/", "/admin/openapi.json");

    @TempDir
    Path dir;
    private ServerFixture s;
    private final ApiDocument doc = ApiDocument.shipped();

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    // ------------------------------------------------------------------ routes

    private List<String> registeredSpecs() {
        List<String> specs = new ArrayList<>();
        for (RouteTable table : ((Handler.Container) s.server.handlers()).getDescendants(RouteTable.class)) {
            specs.addAll(table.specs());
        }
        return specs;
    }

    /** A documented path with each {@code {name}} filled, as a request would carry it. */
    private static String sample(String template) {
        return template.replaceAll("\\{([^}]+)}", "sample-$1");
    }

    /** Documented paths (but the door's) that no registered route serves. */
    private static List<String> unserved(List<String> specs, ApiDocument d) {
        return d.paths().stream().filter(path -> !DOOR.contains(path))
                .filter(path -> specs.stream().noneMatch(spec -> PathSpec.from(spec).matches(sample(path)))).toList();
    }

    /** Registered routes (but those deliberately left out) that serve no documented path. */
    private static List<String> undocumented(List<String> specs, ApiDocument d) {
        return specs.stream().filter(spec -> !UNDESCRIBED.contains(spec))
                .filter(spec -> d.paths().stream().noneMatch(path -> PathSpec.from(spec).matches(sample(path)))).toList();
    }

    @Test
    void theRoutesTheServerRegistersAreTheDocumentedPaths() {
        List<String> specs = registeredSpecs();
        assertThat(specs).as("both listeners' route tables were found").contains("/admin/users/*", "/auth/*");
        assertThat(unserved(specs, doc)).as("documented paths no registered route serves").isEmpty();
        assertThat(undocumented(specs, doc)).as("registered routes the document does not describe").isEmpty();
        assertThat(doc.paths()).as("the door's own answers").containsAll(DOOR);
    }

    @Test
    void theRouteComparisonWouldCatchAMissingOrAnInventedPath() {
        // every users path renamed: the real /admin/users/* is undocumented, and the four invented ones unserved
        ApiDocument renamed = ApiDocument.of(doc.text.replace("\"/admin/users", "\"/admin/userz"));
        List<String> specs = registeredSpecs();
        assertThat(undocumented(specs, renamed)).containsExactly("/admin/users/*");
        assertThat(unserved(specs, renamed)).hasSize(4).allMatch(p -> p.startsWith("/admin/userz"));
    }

    // ------------------------------------------------------------------ calls

    private record Answer(int code, String type, String body) {
        JsonNode json() {
            try {
                return ApiDocument.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** Jetty's own 404: no route at all, as opposed to a resource's "no such id". */
        boolean noRoute() { return code == 404 && body.contains("\"detail\":\"nothing at "); }
    }

    private Answer call(String method, String path, String bodyType, String body, String token) {
        String base = path.startsWith("/auth") ? s.api("") : s.admin("");
        RequestBody rb = bodyType == null ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create(new byte[0]) : null)
                : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(bodyType));
        Request.Builder b = new Request.Builder().url(base + path).method(method, rb);
        if (token != null) b.header("Authorization", "Bearer " + token);
        try (Response r = s.http.newCall(b.build()).execute()) {
            String type = r.header("Content-Type", "");
            // the live event stream never ends: its head is the answer
            String text = type.startsWith("text/event-stream") ? "" : r.body().string();
            return new Answer(r.code(), type, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented operation, called with placeholders: ids that do not exist, a body no resource accepts. */
    private Answer probe(ApiDocument.Operation op, String method, String token) {
        return probe(op, method, token, null, null);
    }

    /** As above, with {@code extraQuery} added to the query, and {@code jsonBody} sent where the operation takes none. */
    private Answer probe(ApiDocument.Operation op, String method, String token, String extraQuery, String jsonBody) {
        StringBuilder query = new StringBuilder();
        if (extraQuery != null) query.append('?').append(extraQuery);
        for (JsonNode p : op.parameters("query")) {
            if (p.path("required").asBoolean()) {
                query.append(query.length() == 0 ? "?" : "&").append(p.get("name").asText()).append('=').append(p.get("example").asText());
            }
        }
        String type = method.equalsIgnoreCase(op.method()) ? op.requestType() : null;
        String body = type == null ? null : type.equals("application/json") ? "[]" : "";
        if (type == null && jsonBody != null) {
            type = "application/json";
            body = jsonBody;
        }
        return call(method.toUpperCase(Locale.ROOT), sample(op.path()) + query, type, body, token);
    }

    @Test
    void everyDocumentedOperationIsAnsweredWithADocumentedStatusAndNoOtherMethodIs() {
        List<String> wrong = new ArrayList<>();
        Map<String, Set<String>> methodsByPath = new HashMap<>();
        for (ApiDocument.Operation op : doc.operations()) {
            methodsByPath.computeIfAbsent(op.path(), p -> new TreeSet<>()).add(op.method());
            Answer a = probe(op, op.method(), s.server.adminToken());
            if (a.noRoute()) {
                wrong.add(op + ": no route");
            } else if (!op.statuses().contains(Integer.toString(a.code()))) {
                wrong.add(op + ": answered " + a.code() + " " + a.body() + ", documented " + op.statuses());
            } else if (a.code() >= 400) {
                assertThat(a.type()).as(op + " " + a.code()).startsWith("application/problem+json");
                assertThat(doc.validate("Problem", a.json())).as(op + " " + a.code() + " " + a.body()).isEmpty();
            }
        }
        for (ApiDocument.Operation op : doc.operations()) {
            for (String method : List.of("get", "put", "post", "delete")) {
                if (methodsByPath.get(op.path()).contains(method) || !op.method().equals(methodsByPath.get(op.path()).iterator().next())) continue;
                Answer a = probe(op, method, s.server.adminToken());
                if (a.code() != 405 && !a.noRoute()) wrong.add(method.toUpperCase(Locale.ROOT) + " " + op.path() + ": undocumented, answered " + a.code() + " " + a.body());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /* 26 operations answered 400 to a parameter they do not know, and three body-less POSTs to a body, undocumented. */
    @Test
    void anUnknownQueryParameterOrAnUnwantedBodyIsAnsweredWithADocumentedStatus() {
        List<String> wrong = new ArrayList<>();
        for (ApiDocument.Operation op : doc.operations()) {
            Answer a = probe(op, op.method(), s.server.adminToken(), "undocumentedParameter=1", null);
            if (!a.noRoute() && !op.statuses().contains(Integer.toString(a.code()))) {
                wrong.add(op + " with an unknown parameter: " + a.code() + ", documented " + op.statuses());
            }
            if (!a.noRoute() && (op.path().startsWith("/admin") || op.path().equals("/metrics")) && a.code() != 400) wrong.add(op + " took an unknown parameter: " + a.code()); // ignored, not refused
            if (op.requestType() == null && (op.method().equals("post") || op.method().equals("put"))) {
                Answer b = probe(op, op.method(), s.server.adminToken(), null, "{\"unwanted\":1}");
                if (!op.statuses().contains(Integer.toString(b.code()))) {
                    wrong.add(op + " with a body: " + b.code() + ", documented " + op.statuses());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void eachRoleIsRefusedExactlyWhereTheDocumentSays() {
        Map<String, String> tokens = new HashMap<>();
        for (String role : List.of("viewer", "operator")) {
            ServerFixture.Reply r = s.adminCall("POST", "/admin/operators", "{\"name\":\"" + role + " one\",\"role\":\"" + role + "\"}");
            assertThat(r.code()).isEqualTo(201);
            tokens.put(role, r.json().get("token").asText());
        }
        List<String> wrong = new ArrayList<>();
        for (ApiDocument.Operation op : doc.operations()) {
            if (!op.admin()) continue;
            List<String> roles = op.roles();
            Answer anonymous = probe(op, op.method(), null);
            if ((roles != null) != (anonymous.code() == 401)) wrong.add(op + " without a token: " + anonymous.code());
            if (roles == null) continue;
            for (String role : List.of("viewer", "operator")) {
                Answer a = probe(op, op.method(), tokens.get(role));
                boolean refused = a.code() == 403 && a.body().contains("\"code\":\"forbidden_role\"");
                if (refused == roles.contains(role)) wrong.add(op + " as " + role + ": " + a.code() + ", documented roles " + roles);
            }
        }
        assertThat(wrong).isEmpty();
    }

    // ------------------------------------------------------------------ bodies

    /** Validates a real answer against the schema the document gives for that operation and status. */
    private void conforms(String method, String path, ServerFixture.Reply reply) {
        ApiDocument.Operation op = doc.operations().stream()
                .filter(o -> o.method().equalsIgnoreCase(method) && o.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + path + " is not documented"));
        JsonNode response = doc.response(op, Integer.toString(reply.code()));
        assertThat(response).as(op + " documents " + reply.code() + ": " + reply.body()).isNotNull();
        JsonNode schema = response.path("content").path("application/json").path("schema");
        assertThat(schema.isMissingNode()).as(op + " " + reply.code() + " has a JSON schema").isFalse();
        assertThat(doc.validate(schema, reply.json())).as(op + " " + reply.code() + ": " + reply.body()).isEmpty();
    }

    @Test
    void everySideEffectFreeGetAnswersWhatItsSchemaSays() {
        // something in every list: a user with a live session, calls allowed and refused, a key, a token, an entry
        s.ensureUser("alice");
        ServerFixture.Reply bootstrap = s.postJson(s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + s.pageNonce() + "\",\"debugToken\":\""
                + s.debugToken() + "\",\"signals\":{}}", null);
        conforms("POST", "/auth/bootstrap", bootstrap);
        ServerFixture.Reply login = s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD,
                bootstrap.json().get("bootstrapTicket").asText()), null);
        conforms("POST", "/auth/login", login);
        String token = login.json().get("accessToken").asText();
        String sessionId = login.json().get("sessionId").asText();
        assertThat(s.send(s.request("GET", s.api("/api/notes"), null, token).build()).code()).isEqualTo(200);
        assertThat(s.get(s.api("/api/notes"), null).code()).isEqualTo(401);
        ServerFixture.Reply refreshed = s.postJson(s.api("/auth/refresh"), "{}", token);
        conforms("POST", "/auth/refresh", refreshed);
        conforms("POST", "/admin/users", s.adminCall("POST", "/admin/users", "{\"username\":\"bob\",\"password\":\"" + ServerFixture.PASSWORD + "\"}"));
        conforms("POST", "/admin/apikeys", s.adminCall("POST", "/admin/apikeys", "{\"name\":\"reporting\",\"scopes\":[\"/api/notes\"]}"));
        conforms("POST", "/admin/debug-tokens", s.adminCall("POST", "/admin/debug-tokens", "{\"name\":\"ci\",\"expiresInSeconds\":3600}"));
        conforms("POST", "/admin/operators", s.adminCall("POST", "/admin/operators", "{\"name\":\"night shift\",\"role\":\"viewer\"}"));
        conforms("POST", "/admin/blacklist", s.adminCall("POST", "/admin/blacklist",
                "{\"kind\":\"ip\",\"value\":\"203.0.113.0/24\",\"reason\":\"scraping\",\"expiresInSeconds\":3600}"));
        conforms("POST", "/admin/keys/rotate", s.adminCall("POST", "/admin/keys/rotate", null));
        conforms("POST", "/admin/preview", s.adminCall("POST", "/admin/preview",
                "{\"windows\":[{\"scope\":\"session\",\"limit\":1,\"windowSeconds\":60,\"route\":null}]}"));
        conforms("PUT", "/admin/users/{username}", s.adminCall("PUT", "/admin/users/bob", "{\"disabled\":true}"));
        conforms("POST", "/admin/users/{username}/revoke-sessions", s.adminCall("POST", "/admin/users/bob/revoke-sessions", null));

        Map<String, String> values = Map.of("sessionId", sessionId, "username", "alice");
        int checked = 0;
        for (ApiDocument.Operation op : doc.operations()) {
            if (!op.method().equals("get")) continue;
            JsonNode ok = doc.response(op, "200");
            if (!ok.path("content").has("application/json")) continue; // the live stream: see the sweep above
            String path = op.path();
            for (JsonNode p : op.parameters("path")) {
                String name = p.get("name").asText();
                assertThat(values).as(op + ": a value for {" + name + "}").containsKey(name);
                path = path.replace("{" + name + "}", values.get(name));
            }
            StringBuilder query = new StringBuilder();
            for (JsonNode p : op.parameters("query")) {
                if (p.path("required").asBoolean()) query.append(query.length() == 0 ? "?" : "&")
                        .append(p.get("name").asText()).append('=').append(p.get("example").asText());
                // an answer that comes in other formats too: ask for the JSON one, whose schema is checked here
                else if (p.path("schema").path("enum").toString().contains("\"json\"")) query.append(query.length() == 0 ? "?" : "&")
                        .append(p.get("name").asText()).append("=json");
            }
            ServerFixture.Reply r = s.adminCall("GET", path + query, null);
            assertThat(r.code()).as(op + ": " + r.body()).isEqualTo(200);
            conforms("GET", op.path(), r);
            checked++;
        }
        assertThat(checked).as("GETs checked").isGreaterThanOrEqualTo(25);
        for (String list : List.of("/admin/sessions", "/admin/events", "/admin/users", "/admin/apikeys", "/admin/debug-tokens",
                "/admin/operators", "/admin/blacklist", "/admin/keys", "/admin/traffic/recent")) {
            assertThat(s.adminCall("GET", list, null).json().get("items").size()).as(list + " has items to check").isPositive();
        }
    }

    @Test
    void aBodyCheckWouldCatchAnAnswerItsSchemaDoesNotDescribe() {
        s.ensureUser("alice");
        ServerFixture.Reply users = s.adminCall("GET", "/admin/users", null);
        ApiDocument.Operation list = doc.operations().stream().filter(o -> o.toString().equals("GET /admin/users")).findFirst().orElseThrow();
        JsonNode schema = doc.response(list, "200").path("content").path("application/json").path("schema");
        assertThat(doc.validate(schema, users.json())).isEmpty();
        // the document without "disabled": the server's answer has a member the document does not describe
        ApiDocument less = ApiDocument.of(doc.text.replaceFirst("(\"User\": \\{\\s*\"type\": \"object\",\\s*\"properties\": \\{[^}]*?)\"disabled\": \\{\\s*\"type\": \"boolean\"\\s*}",
                "$1\"renamed\": {\"type\": \"boolean\"}").replaceFirst("(\"User\": \\{[^]]*?)\"disabled\"", "$1\"renamed\""));
        assertThat(less.text).isNotEqualTo(doc.text);
        assertThat(less.validate(schema, users.json())).isNotEmpty();
    }

    /*
     * Contract audit 60, M5: /auth/bootstrap, /auth/login and /auth/refresh shared one set of refusals, which left out
     * a login's forbidden_scope and reauth_required, and whose examples named checks the server never sends there
     * ("login", "blacklist"). Real refusals of each are in its own response for their status, as its example's check.
     */
    @Test
    void theAuthOperationsListTheRefusalsTheServerGivesThemWithTheirChecks() {
        s.ensureUser("rita");
        String ticket = s.ticket();
        documented("/auth/login", s.send(s.request("POST", s.api("/auth/login"), s.loginBody("rita", ServerFixture.PASSWORD, ticket), null)
                .header("User-Agent", "Other/1.0").build()), "reauth_required", "auth");
        String key = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api/notes\"]}").json().get("key").asText();
        documented("/auth/login", s.send(s.request("POST", s.api("/auth/login"), s.loginBody("rita", ServerFixture.PASSWORD, null), null)
                .header("X-Api-Key", key).build()), "forbidden_scope", "auth");
        for (int i = 0; i < 6; i++) {
            ServerFixture.Reply wrong = s.postJson(s.api("/auth/login"), s.loginBody("rita", "wrong-password", s.ticket()), null);
            if (wrong.code() == 429) {
                documented("/auth/login", wrong, "login_throttled", "auth");
                break;
            }
            assertThat(i).as("throttled after five failures: " + wrong).isLessThan(5);
        }
        assertThat(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"EvilBot\"}").code()).isEqualTo(201);
        String nonce = s.pageNonce();
        documented("/auth/bootstrap", s.send(s.request("POST", s.api("/auth/bootstrap"), "{\"pageNonce\":\"" + nonce + "\",\"debugToken\":\""
                + s.debugToken() + "\",\"signals\":{}}", null).header("User-Agent", "EvilBot/1.0").build()), "blacklisted", "auth");
        documented("/auth/bootstrap", s.postJson(s.api("/auth/bootstrap"), "{\"signals\":{}}", null), "bad_request", "http");
    }

    /** The refusal is {@code code} by {@code check}, and the operation's response for its status names both. */
    private void documented(String path, ServerFixture.Reply refusal, String code, String check) {
        assertThat(refusal.json().path("code").asText()).as(path + ": " + refusal).isEqualTo(code);
        assertThat(refusal.json().path("check").asText()).as(path + ": " + refusal).isEqualTo(check);
        ApiDocument.Operation op = doc.operations().stream().filter(o -> o.toString().equals("POST " + path)).findFirst().orElseThrow();
        JsonNode response = doc.response(op, String.valueOf(refusal.code()));
        assertThat(response).as(op + " documents " + refusal.code()).isNotNull();
        assertThat(response.path("description").asText()).as(op + " " + refusal.code()).contains("`" + code + "`");
        JsonNode example = response.path("content").path("application/problem+json").path("example");
        if (example.path("code").asText().equals(code)) {
            assertThat(example.path("check").asText()).as(op + " " + refusal.code() + "'s example").isEqualTo(check);
        }
    }

    // ------------------------------------------------------------------ served

    /** Events of two types the server stores and filters by were missing from the description: a generated client failed on them. */
    @Test
    void everyEventTypeTheServerStoresIsDescribed() {
        List<String> types = java.util.Arrays.stream(dev.palisade.engine.event.EventType.values())
                .map(dev.palisade.engine.event.EventType::label).toList();
        assertThat(doc.root.path("components").path("schemas").path("Event").path("properties").path("type").path("enum"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(types);
        for (String path : new String[] {"/admin/events", "/admin/events/export"}) {
            JsonNode type = null;
            for (JsonNode p : doc.root.path("paths").path(path).path("get").path("parameters")) {
                if (p.path("name").asText().equals("type")) type = p;
            }
            assertThat(type).as(path).isNotNull();
            assertThat(type.path("schema").path("enum")).as(path).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(types);
        }
        JsonNode mismatch = s.adminCall("GET", "/admin/events?type=fingerprint_mismatch", null).json();
        assertThat(mismatch.get("items")).as("the filter is answered").isNotNull();
    }

    @Test
    void theDescriptionIsServedWithoutATokenAsTheRepositoryKeepsIt() {
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.admin(ApiDescription.PATH)).build());
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("openapi").asText()).startsWith("3.1");
        assertThat(r.body()).isEqualTo(doc.text);
        assertThat(s.send(new Request.Builder().url(s.admin(ApiDescription.PATH)).header("Host", "evil.example").build()).code())
                .as("the Host check still applies").isEqualTo(403);
        assertThat(s.get(s.api(ApiDescription.PATH), null).code()).as("not on the public listener").isEqualTo(404);
        ServerFixture.Reply index = s.send(new Request.Builder().url(s.admin("/admin/")).build());
        assertThat(index.json().get("documentation").asText()).contains(ApiDescription.PATH);
        java.util.List<String> listed = new java.util.ArrayList<>();
        for (JsonNode resource : index.json().get("resources")) {
            assertThat(doc.paths()).as("the index's " + resource.asText()).contains(resource.asText());
            listed.add(resource.asText());
        }
        // and the other way: every resource that names no id is in the index (it left out /admin/cluster)
        assertThat(listed).containsAll(doc.paths().stream().filter(p -> !p.contains("{") && !DOOR.contains(p) && !p.startsWith("/auth/")).toList());
    }
}
