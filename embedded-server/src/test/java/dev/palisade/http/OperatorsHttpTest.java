package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.DataDirectory;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator identity on a real server: the owner's operator tokens ({@code viewer}, {@code operator}),
 * what each role may do, the owner's token rotation, and the {@code actor} of admin events.
 */
class OperatorsHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private ServerFixture.Reply call(String token, String method, String path, String json) {
        RequestBody body = json == null ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create("", ServerFixture.JSON) : null)
                : RequestBody.create(json, ServerFixture.JSON);
        return s.send(new Request.Builder().url(s.admin(path)).method(method, body)
                .header("Authorization", "Bearer " + token).build());
    }

    /** Issues an operator token as the owner; returns the creation answer. */
    private JsonNode issue(String name, String role) {
        ServerFixture.Reply r = s.adminCall("POST", "/admin/operators", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private List<JsonNode> adminEvents() {
        JsonNode items = s.adminCall("GET", "/admin/events?type=admin&limit=500", null).json().get("items");
        List<JsonNode> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    private static JsonNode find(List<JsonNode> events, String code, String detailPart) {
        return events.stream().filter(e -> e.get("code").asText().equals(code) && e.get("detail").asText().contains(detailPart))
                .findFirst().orElseThrow(() -> new AssertionError("no " + code + " event with '" + detailPart + "' in " + events));
    }

    @Test
    void theTokenIsShownOnceAtCreationAndNeverListed() {
        ServerFixture.Reply created = s.adminCall("POST", "/admin/operators", "{\"name\":\"  Alice Ops  \",\"role\":\"operator\"}");
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        JsonNode c = created.json();
        String token = c.get("token").asText();
        assertThat(token).startsWith("pot." + c.get("id").asText() + ".");
        assertThat(c.get("name").asText()).isEqualTo("Alice Ops");
        assertThat(c.get("role").asText()).isEqualTo("operator");
        assertThat(c.get("state").asText()).isEqualTo("active");

        assertThat(call(token, "GET", "/admin/stats", null).code()).as("the token opens the admin API").isEqualTo(200);
        ServerFixture.Reply list = s.adminCall("GET", "/admin/operators", null);
        assertThat(list.code()).isEqualTo(200);
        JsonNode item = list.json().get("items").get(0);
        assertThat(item.fieldNames()).toIterable()
                .containsExactly("id", "name", "role", "createdAt", "lastUsedAt", "revokedAt", "state");
        assertThat(item.get("createdAt").asLong()).isEqualTo(s.clock.millis());
        assertThat(item.get("lastUsedAt").asLong()).isEqualTo(s.clock.millis());
        assertThat(item.get("revokedAt").isNull()).isTrue();
        String secret = token.substring(token.lastIndexOf('.') + 1);
        assertThat(list.body()).doesNotContain(secret);
        assertThat(s.adminCall("GET", "/admin/events?limit=500", null).body()).doesNotContain(secret);
    }

    @Test
    void aViewerReadsEverythingButItsSmallestChangeIsRefused() throws Exception {
        String viewer = issue("watcher", "viewer").get("token").asText();
        String before = s.adminCall("GET", "/admin/config", null).body();
        assertThat(call(viewer, "GET", "/admin/config", null).body()).isEqualTo(before);
        assertThat(call(viewer, "GET", "/admin/events?type=admin", null).code()).isEqualTo(200);
        assertThat(call(viewer, "GET", "/admin/debug-tokens", null).code()).isEqualTo(200);
        try (okhttp3.Response stream = s.http.newCall(new Request.Builder().url(s.admin("/admin/events/stream"))
                .header("Authorization", "Bearer " + viewer).build()).execute()) {
            assertThat(stream.code()).as("the live event stream").isEqualTo(200);
        }

        JsonNode p = assertProblem(call(viewer, "PUT", "/admin/config", "{\"sessionIdleTtlSeconds\":1801}"), 403,
                "forbidden_role");
        assertThat(p.get("detail").asText()).contains("watcher").contains("viewer");
        assertThat(s.adminCall("GET", "/admin/config", null).body()).as("nothing changed").isEqualTo(before);
        assertProblem(call(viewer, "DELETE", "/admin/sessions/no-such-session", null), 403, "forbidden_role");
        assertProblem(call(viewer, "POST", "/admin/debug-tokens", "{\"name\":\"x\",\"expiresInSeconds\":600}"), 403,
                "forbidden_role");
        assertThat(s.adminCall("GET", "/admin/debug-tokens", null).json().get("items")).isEmpty();
        assertProblem(call(viewer, "GET", "/admin/operators", null), 403, "forbidden_role");
        // an audit's find: a token probing for what it may change left no trace; told once a minute, a flood pushes
        // nothing else off the trail, and a refused read (a viewer's console asks for the operators) is not told
        JsonNode first = awaitAdminEvent("forbidden_role", "PUT /admin/config");
        assertThat(first.get("actor").asText()).isEqualTo("watcher");
        assertThat(first.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("detail").asText()).isEqualTo("viewer 'watcher' may not PUT /admin/config");
        s.clock.advance(java.time.Duration.ofSeconds(60));
        assertProblem(call(viewer, "DELETE", "/admin/users/bob", null), 403, "forbidden_role");
        assertThat(awaitAdminEvent("forbidden_role", "DELETE /admin/users/bob").get("detail").asText())
                .isEqualTo("viewer 'watcher' may not DELETE /admin/users/bob (2 more refused since the last told)");
        assertThat(adminEvents()).extracting(e -> e.get("code").asText()).as("nothing changed")
                .containsExactlyInAnyOrder("operator_created", "forbidden_role", "forbidden_role");
    }

    /** The admin event with {@code code} whose detail holds {@code part}, once the server's writer stored it. */
    private JsonNode awaitAdminEvent(String code, String part) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            java.util.Optional<JsonNode> found = adminEvents().stream()
                    .filter(e -> e.get("code").asText().equals(code) && e.get("detail").asText().contains(part)).findFirst();
            if (found.isPresent()) return found.get();
            if (System.nanoTime() > until) throw new AssertionError("no " + code + " event with '" + part + "' in " + adminEvents());
            Thread.sleep(50);
        }
    }

    @Test
    void onlyTheOwnerManagesOperatorsAndItsOwnToken() throws Exception {
        String operator = issue("alice", "operator").get("token").asText();
        JsonNode viewer = issue("victor", "viewer");
        String ownerToken = s.server.adminToken();

        assertThat(call(operator, "PUT", "/admin/config", "{\"sessionIdleTtlSeconds\":1801}").code())
                .as("an operator changes the configuration").isEqualTo(200);
        // an audit's find: retention deletes admin events, so an operator who shortened it erased its own trail
        assertThat(call(operator, "PUT", "/admin/config", "{\"eventRetentionHours\":169}").code()).as("lengthen it").isEqualTo(200);
        ServerFixture.Reply shorter = call(operator, "PUT", "/admin/config", "{\"eventRetentionHours\":168,\"sessionIdleTtlSeconds\":1802}");
        assertProblem(shorter, 403, "forbidden_role");
        assertThat(shorter.json().get("detail").asText()).contains("shorten the event retention");
        assertThat(awaitAdminEvent("forbidden_role", "eventRetentionHours").get("detail").asText())
                .isEqualTo("operator 'alice' may not shorten eventRetentionHours to 168");
        JsonNode config = s.adminCall("GET", "/admin/config", null).json();
        assertThat(config.get("eventRetentionHours").asLong()).as("nothing of it applied").isEqualTo(169);
        assertThat(config.get("sessionIdleTtlSeconds").asLong()).isEqualTo(1801);
        assertProblem(call(operator, "PUT", "/admin/config", "{\"eventRetentionHours\":0}"), 400, "invalid_config");
        // a valid shortening beside an invalid value: the value is told first, as docs/protocol.md says (fuzz58 #6)
        assertProblem(call(operator, "PUT", "/admin/config", "{\"eventRetentionHours\":1,\"powBits\":999}"), 400, "invalid_config");
        assertThat(call(ownerToken, "PUT", "/admin/config", "{\"eventRetentionHours\":168}").code()).isEqualTo(200);
        assertProblem(call(operator, "POST", "/admin/operators", "{\"name\":\"mallory\",\"role\":\"viewer\"}"), 403,
                "forbidden_role");
        assertProblem(call(operator, "GET", "/admin/operators", null), 403, "forbidden_role");
        assertProblem(call(operator, "DELETE", "/admin/operators/" + viewer.get("id").asText(), null), 403, "forbidden_role");
        assertProblem(call(viewer.get("token").asText(), "GET", "/admin/operators", null), 403, "forbidden_role");
        assertProblem(call(operator, "POST", "/admin/owner-token/rotate", null), 403, "forbidden_role");

        JsonNode items = s.adminCall("GET", "/admin/operators", null).json().get("items");
        assertThat(items).extracting(i -> i.get("name").asText() + " " + i.get("state").asText())
                .containsExactlyInAnyOrder("alice active", "victor active");
        assertThat(s.server.adminToken()).isEqualTo(ownerToken);
        assertThat(call(ownerToken, "GET", "/admin/stats", null).code()).isEqualTo(200);
    }

    @Test
    void aRevokedOperatorTokenIsRefusedAtOnce() {
        JsonNode alice = issue("alice", "operator");
        String token = alice.get("token").asText();
        String id = alice.get("id").asText();
        assertThat(call(token, "GET", "/admin/stats", null).code()).isEqualTo(200);

        assertThat(s.adminCall("DELETE", "/admin/operators/" + id, null).code()).isEqualTo(204);
        assertProblem(call(token, "GET", "/admin/stats", null), 401, "admin_unauthorized");
        JsonNode item = s.adminCall("GET", "/admin/operators", null).json().get("items").get(0);
        assertThat(item.get("state").asText()).isEqualTo("revoked");
        assertThat(item.get("revokedAt").asLong()).isEqualTo(s.clock.millis());
        assertThat(s.adminCall("DELETE", "/admin/operators/" + id, null).code()).as("again: nothing to do").isEqualTo(204);
        assertProblem(s.adminCall("DELETE", "/admin/operators/no-such-id", null), 404, "not_found");
        assertThat(adminEvents()).filteredOn(e -> e.get("code").asText().equals("operator_revoked")).hasSize(1)
                .allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("owner"));
        assertThat(issue("alice", "viewer").get("role").asText()).as("the name is free again").isEqualTo("viewer");
    }

    @Test
    void wrongOperatorTokensAreThrottledLikeWrongOwnerTokensButTheRightOneIsNot() {
        JsonNode alice = issue("alice", "operator");
        String right = alice.get("token").asText();
        String wrongSecret = "pot." + alice.get("id").asText() + ".not-the-secret";
        for (int i = 0; i < 10; i++) {
            assertProblem(call(i % 2 == 0 ? wrongSecret : "pot.nosuchid.x" + i, "GET", "/admin/stats", null), 401,
                    "admin_unauthorized");
        }
        ServerFixture.Reply refused = call(wrongSecret, "GET", "/admin/stats", null);
        assertProblem(refused, 429, "admin_throttled");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(call(right, "GET", "/admin/stats", null).code()).as("the operator's own token is not throttled")
                .isEqualTo(200);
        assertProblem(call("pot.nosuchid.again", "GET", "/admin/stats", null), 429, "admin_throttled");
    }

    @Test
    void badInputIsA400NamingTheFieldAndCreatesNothing() {
        record Case(String body, String field) {}
        for (Case c : List.of(new Case("{\"name\":\"alice\",\"role\":\"admin\"}", "role"),
                new Case("{\"name\":\"alice\",\"role\":\"owner\"}", "role"),
                new Case("{\"name\":\"alice\"}", "role"),
                new Case("{\"name\":\"alice\",\"role\":5}", "role"),
                new Case("{\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":[\"alice\"],\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":\"" + "n".repeat(65) + "\",\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":\"bell\\u0007\",\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":\"evil\\u202eadmin\",\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":\"Owner\",\"role\":\"viewer\"}", "name"),
                new Case("{\"name\":\"palisade\",\"role\":\"viewer\"}", "name"))) {
            JsonNode p = assertProblem(s.adminCall("POST", "/admin/operators", c.body()), 400, "bad_request");
            assertThat(p.get("errors")).as(c.body()).extracting(e -> e.get("field").asText()).contains(c.field());
        }
        assertProblem(s.adminCall("POST", "/admin/operators", "{\"name\":\"alice\",\"role\":"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/operators", "[]"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/operators", "{\"name\":\"" + "n".repeat(8_000) + "\",\"role\":\"viewer\"}"),
                413, "payload_too_large");
        assertThat(s.adminCall("GET", "/admin/operators", null).json().get("items")).isEmpty();

        issue("alice", "viewer");
        assertProblem(s.adminCall("POST", "/admin/operators", "{\"name\":\"ALICE\",\"role\":\"operator\"}"), 409, "conflict");
        assertThat(s.adminCall("GET", "/admin/operators", null).json().get("items")).hasSize(1);
    }

    @Test
    void everyAdminEventNamesItsActorAcrossARestart() throws Exception {
        String alice = issue("alice", "operator").get("token").asText();
        assertThat(s.adminCall("POST", "/admin/users", "{\"username\":\"bob\",\"password\":\"" + ServerFixture.PASSWORD + "\"}")
                .code()).isEqualTo(201);
        assertThat(call(alice, "POST", "/admin/users", "{\"username\":\"carol\",\"password\":\"" + ServerFixture.PASSWORD + "\"}")
                .code()).isEqualTo(201);
        assertThat(call(alice, "PUT", "/admin/config", "{\"sessionIdleTtlSeconds\":1801}").code()).isEqualTo(200);
        s.get(s.api("/api/notes"), null); // a refusal: a decision event, no one's act

        s.restart();
        assertThat(call(alice, "GET", "/admin/stats", null).code()).as("the operator token is durable").isEqualTo(200);
        List<JsonNode> events = adminEvents();
        assertThat(find(events, "operator_created", "alice").get("actor").asText()).isEqualTo("owner");
        assertThat(find(events, "user_created", "bob").get("actor").asText()).isEqualTo("owner");
        assertThat(find(events, "user_created", "carol").get("actor").asText()).isEqualTo("alice");
        assertThat(find(events, "user_created", "carol").get("ip").asText()).as("from where: a leaked token's use").isEqualTo("127.0.0.1");
        assertThat(find(events, "user_created", "bob").get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(find(events, "settings_changed", "sessionIdleTtlSeconds").get("actor").asText()).isEqualTo("alice");
        JsonNode decision = s.adminCall("GET", "/admin/events?type=decision", null).json().get("items").get(0);
        assertThat(decision.get("actor").asText()).isEmpty();

        String csv = s.adminCall("GET", "/admin/events/export?format=csv&type=admin", null).body();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).endsWith(",detail,actor,node,rung");
        assertThat(csv).containsPattern("user carol created\",?alice,,\r\n|user carol created,alice,,\r\n");
        JsonNode json = s.adminCall("GET", "/admin/events/export?format=json&type=admin", null).json();
        assertThat(json).anySatisfy(e -> {
            assertThat(e.get("code").asText()).isEqualTo("user_created");
            assertThat(e.get("actor").asText()).isEqualTo("alice");
        });
    }

    @Test
    void theOwnerRotatesItsTokenAndTheOldOneStopsAtOnce() throws Exception {
        String old = s.server.adminToken();
        String operator = issue("alice", "operator").get("token").asText();
        ServerFixture.Reply rotated = call(old, "POST", "/admin/owner-token/rotate", null);
        assertThat(rotated.code()).isEqualTo(201);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        String fresh = rotated.json().get("token").asText();
        assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(32);

        Path file = dir.resolve(DataDirectory.ADMIN_TOKEN_FILE);
        assertThat(Files.readString(file, StandardCharsets.US_ASCII).trim()).isEqualTo(fresh);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(DataDirectory.ADMIN_TOKEN_FILE + ".next");
        }
        assertProblem(call(old, "GET", "/admin/stats", null), 401, "admin_unauthorized");
        assertThat(call(fresh, "GET", "/admin/stats", null).code()).isEqualTo(200);
        assertThat(call(operator, "GET", "/admin/stats", null).code()).as("operators keep their tokens").isEqualTo(200);
        JsonNode event = find(adminEvents(), "owner_token_rotated", "");
        assertThat(event.get("actor").asText()).isEqualTo("owner");
        assertThat(event.toString()).doesNotContain(fresh).doesNotContain(old);

        s.restart();
        assertThat(call(fresh, "GET", "/admin/stats", null).code()).as("read back from admin.token").isEqualTo(200);
        assertProblem(call(old, "GET", "/admin/stats", null), 401, "admin_unauthorized");
        assertProblem(call(fresh, "GET", "/admin/owner-token/rotate", null), 405, "method_not_allowed");
    }
}
