package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.http.ServerFixture;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP: refused without its token, each endpoint's happy path and bad input. */
class AdminApiTest extends dev.palisade.http.ServerTest {




    private static void assertProblem(ServerFixture.Reply r, int status, String code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void theTokenIsCreatedAtFirstStartReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("admin.token");
        assertThat(Files.readString(file).trim()).isEqualTo(s.server.adminToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        s.restart();
        assertThat(s.server.adminToken()).isEqualTo(Files.readString(file).trim());
    }

    @Test
    void everyEndpointRefusesCallersWithoutTheToken() {
        for (String path : List.of("/admin/sessions", "/admin/events", "/admin/events/stream", "/admin/stats",
                "/admin/config", "/admin/keys", "/admin/apikeys", "/admin/users", "/admin/nothing")) {
            ServerFixture.Reply none = s.get(s.admin(path), null);
            assertProblem(none, 401, "admin_unauthorized");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"palisade-admin\"");
            assertProblem(s.get(s.admin(path), s.server.adminToken() + "x"), 401, "admin_unauthorized");
        }
        // the admin API is not on the public listener at all
        assertThat(s.get(s.api("/admin/sessions"), s.server.adminToken()).code()).isEqualTo(404);
    }

    @Test
    void sessionsListFilterPageDetailAndRevoke() {
        JsonNode alice = s.login("alice");
        s.login("bob");
        s.login("bob");
        String token = alice.get("accessToken").asText();
        s.get(s.api("/api/notes"), token);

        JsonNode all = s.adminCall("GET", "/admin/sessions", null).json();
        assertThat(all.get("total").asInt()).isEqualTo(3);
        JsonNode bobs = s.adminCall("GET", "/admin/sessions?user=bob&limit=1&offset=1", null).json();
        assertThat(bobs.get("total").asInt()).isEqualTo(2);
        assertThat(bobs.get("items")).hasSize(1);
        assertThat(bobs.get("items").get(0).get("user").asText()).isEqualTo("bob");
        assertThat(s.adminCall("GET", "/admin/sessions?ip=10.9.9.9", null).json().get("total").asInt()).isZero();

        String id = alice.get("sessionId").asText();
        JsonNode detail = s.adminCall("GET", "/admin/sessions/" + id, null).json();
        assertThat(detail.get("state").asText()).isEqualTo("active");
        assertThat(detail.get("userAgent").asText()).startsWith("okhttp");
        assertThat(detail.get("lastCalls").get(0).get("path").asText()).isEqualTo("/api/notes");

        assertThat(s.adminCall("DELETE", "/admin/sessions/" + id, null).code()).isEqualTo(204);
        assertThat(s.get(s.api("/api/notes"), token).json().get("code").asText()).isEqualTo("session_revoked");
        assertThat(s.adminCall("GET", "/admin/sessions?state=revoked", null).json().get("total").asInt()).isEqualTo(1);

        assertProblem(s.adminCall("GET", "/admin/sessions/nope", null), 404, "not_found");
        assertProblem(s.adminCall("DELETE", "/admin/sessions/nope", null), 404, "not_found");
        assertProblem(s.adminCall("GET", "/admin/sessions?limit=0", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/sessions?limit=abc", null), 400, "bad_request");
        // a number is ASCII digits: a sign of + or other scripts' digits read as 5 (the fuzz probe)
        for (String five : java.util.List.of("%2B5", "%EF%BC%95", "%D9%A5")) {
            assertProblem(s.adminCall("GET", "/admin/sessions?limit=" + five, null), 400, "bad_request");
        }
        assertThat(s.adminCall("GET", "/admin/timeline?from=-0&to=60000", null).code()).as("a minus stays a sign").isEqualTo(200);
        // a percent escape's two hex digits are ASCII: "%٣٥" (Arabic-Indic 3 and 5, sent raw) decoded to "5"
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", s.server.adminUri().getPort())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /admin/sessions?limit=%\u0663\u0665 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + s.server.adminToken() + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String answer = new String(raw.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertProblem(s.adminCall("GET", "/admin/sessions?state=sleepy", null), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/sessions", "{}"), 405, "method_not_allowed");
    }

    @Test
    void eventsAreQueryableByTypeCodeSessionAndIp() {
        JsonNode alice = s.login("alice");
        s.get(s.api("/api/notes"), null);
        s.get(s.api("/api/notes"), alice.get("accessToken").asText());

        JsonNode denied = s.adminCall("GET", "/admin/events?code=missing_credentials", null).json();
        assertThat(denied.get("items")).hasSize(1);
        JsonNode e = denied.get("items").get(0);
        assertThat(e.get("type").asText()).isEqualTo("decision");
        assertThat(e.get("allowed").asBoolean()).isFalse();
        assertThat(e.get("status").asInt()).isEqualTo(401);
        assertThat(e.get("check").asText()).isEqualTo("credentials");
        assertThat(e.get("detail").asText()).contains("no credentials");
        assertThat(s.adminCall("GET", "/admin/events?code=missing_credentials&check=credentials", null).json().get("items"))
                .as("by its check too").hasSize(1);
        assertThat(s.adminCall("GET", "/admin/events?code=missing_credentials&check=price", null).json().get("items"))
                .as("the same code refused by another check").isEmpty();
        assertThat(s.adminCall("GET", "/admin/events/export?format=json&check=price", null).body()).as("the export's too")
                .isEqualTo("[]");
        assertThat(s.adminCall("GET", "/admin/events?check=Credentials", null).json().get("items")).as("in any case")
                .hasSize(1);
        ServerFixture.Reply unnamed = s.adminCall("GET", "/admin/events?check=credentials%20", null);
        assertProblem(unnamed, 400, "bad_request");
        assertThat(unnamed.body()).as("no check is named so").contains("\"check\"");
        assertThat(s.adminCall("GET", "/admin/events?check=" + "a".repeat(39) + "z", null).code()).as("a long name").isEqualTo(200);
        for (String odd : new String[] {"a".repeat(41), "%60price", "price%7B", "price@"}) {
            assertProblem(s.adminCall("GET", "/admin/events?check=" + odd, null), 400, "bad_request");
        }
        // session 61: "!" before a name is every check but that one (user_created, the admin check's, among them)
        assertThat(s.adminCall("GET", "/admin/events?check=!credentials", null).json().get("items"))
                .extracting(x -> x.get("code").asText()).contains("user_created").doesNotContain("missing_credentials");
        assertThat(s.adminCall("GET", "/admin/events?code=missing_credentials&check=!Price", null).json().get("items"))
                .as("in any case").hasSize(1);
        assertThat(s.adminCall("GET", "/admin/events/export?format=json&code=missing_credentials&check=%21credentials", null)
                .body()).as("the export's too").isEqualTo("[]");
        assertThat(s.adminCall("GET", "/admin/events?check=!" + "a".repeat(39) + "z", null).code()).as("a long name").isEqualTo(200);
        for (String odd : new String[] {"!", "!!price", "!pr%20ice", "price!", "!" + "a".repeat(41)}) {
            ServerFixture.Reply refused = s.adminCall("GET", "/admin/events?check=" + odd, null);
            assertProblem(refused, 400, "bad_request");
            assertThat(refused.body()).as(odd).contains("\"check\"");
        }

        JsonNode ofSession = s.adminCall("GET", "/admin/events?type=decision&session=" + alice.get("sessionId").asText(),
                null).json();
        assertThat(ofSession.get("items")).as("an allowed call is no event by default (allowedEvents rollup)").isEmpty();
        JsonNode recent = s.adminCall("GET", "/admin/traffic/recent?session=" + alice.get("sessionId").asText(), null).json();
        assertThat(recent.get("items")).singleElement().satisfies(x -> assertThat(x.get("path").asText()).isEqualTo("/api/notes"));
        assertThat(s.adminCall("GET", "/admin/events?type=admin", null).json().get("items"))
                .extracting(x -> x.get("code").asText()).contains("user_created");
        assertThat(s.adminCall("GET", "/admin/events?ip=127.0.0.1&limit=2", null).json().get("items")).hasSize(2);
        // an address as people write it finds what the server stored in its own spelling (a review: ::1, ::ffff:… found nothing)
        assertThat(s.adminCall("GET", "/admin/events?ip=::ffff:127.0.0.1&limit=2", null).json().get("items")).hasSize(2);
        assertThat(s.adminCall("GET", "/admin/sessions?ip=%3A%3Affff%3A127.0.0.1", null).json().get("total").asInt()).isPositive();
        long now = s.clock.millis();
        assertThat(s.adminCall("GET", "/admin/events?from=" + (now + 1), null).json().get("items")).isEmpty();

        assertProblem(s.adminCall("GET", "/admin/events?type=gossip", null), 400, "bad_request");
        // an address filter that is no address (a range, a typo) is told, not answered "no events from there"
        for (String call : List.of("/admin/events?ip=10.0.0.0/8", "/admin/sessions?ip=not-an-ip", "/admin/traffic/recent?ip=zzz",
                "/admin/events/export?format=csv&ip=127.0.0.1x")) {
            var refused = s.adminCall("GET", call, null);
            assertProblem(refused, 400, "bad_request");
            assertThat(refused.json().get("errors").get(0).get("field").asText()).as(call).isEqualTo("ip");
        }
        assertProblem(s.adminCall("GET", "/admin/events?from=yesterday", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/events?limit=100000", null), 400, "bad_request");

        // the next older page by id: events made meanwhile do not shift it, as they shift an offset
        JsonNode firstPage = s.adminCall("GET", "/admin/events?limit=2", null).json().get("items");
        long oldestShown = firstPage.get(1).get("id").asLong();
        s.get(s.api("/api/notes"), null); // a new event (missing credentials) before the next page is asked for
        JsonNode byOffset = s.adminCall("GET", "/admin/events?limit=2&offset=2", null).json().get("items");
        assertThat(byOffset.get(0).get("id").asLong()).as("an offset shifted by the new event").isEqualTo(oldestShown);
        JsonNode older = s.adminCall("GET", "/admin/events?limit=2&before=" + oldestShown, null).json().get("items");
        assertThat(older).hasSize(2).allSatisfy(x -> assertThat(x.get("id").asLong()).isLessThan(oldestShown));
        assertProblem(s.adminCall("GET", "/admin/events?before=0", null), 400, "bad_request");
    }

    /*
     * Audit 49 (persistence): the admin listener shared the API's pool, and a burst of slow reports (a viewer token
     * may send them) held every thread of it: the API and its health check went unanswered for minutes.
     */
    @Test
    void theAdminListenerServesOnThreadsOfItsOwn() throws Exception {
        Request request = new Request.Builder().url(s.admin("/admin/events/stream"))
                .header("Authorization", "Bearer " + s.server.adminToken()).build();
        try (Response response = s.http.newBuilder().readTimeout(10, TimeUnit.SECONDS).build().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))
                    .readLine()).as("the stream is open, its handler's thread waiting for events").startsWith(":");
            List<String> serving = Thread.getAllStackTraces().entrySet().stream()
                    .filter(t -> java.util.Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().endsWith("EventStreamHandler")))
                    .map(t -> t.getKey().getName()).toList();
            assertThat(serving).isNotEmpty().allMatch(name -> name.startsWith("palisade-admin"));
        }
    }

    @Test
    void theEventStreamDeliversDecisionsLive() throws Exception {
        Request request = new Request.Builder().url(s.admin("/admin/events/stream"))
                .header("Authorization", "Bearer " + s.server.adminToken()).build();
        try (Response response = s.http.newBuilder().readTimeout(10, TimeUnit.SECONDS).build().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/event-stream");
            ResponseBody body = response.body();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body.byteStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).startsWith(":");
            s.get(s.api("/api/notes"), null);
            List<String> frame = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (frame.stream().anyMatch(l -> l.contains("missing_credentials"))) break;
                    frame.clear();
                } else {
                    frame.add(line);
                }
            }
            assertThat(frame).anyMatch(l -> l.startsWith("id: "));
            assertThat(frame).contains("event: decision");
            assertThat(frame).anyMatch(l -> l.startsWith("data: {") && l.contains("\"code\":\"missing_credentials\""));
        }
    }

    @Test
    void statsCountPerSecondAndShowTheQueue() {
        s.get(s.api("/api/notes"), null);
        s.get(s.api("/api/notes"), null);
        s.get(s.api("/api/notes"), s.token("alice"));
        JsonNode stats = s.adminCall("GET", "/admin/stats", null).json();
        assertThat(stats.get("seconds")).hasSize(900);
        assertThat(stats.get("totals").get("denied").get("missing_credentials").asLong()).isEqualTo(2);
        assertThat(stats.get("totals").get("allowed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("events").get("dropped").asLong()).isZero();
        assertThat(stats.get("events").has("queueDepth")).isTrue();
        assertThat(stats.get("sessions").get("active").asInt()).isEqualTo(1);
        JsonNode last = s.adminCall("GET", "/admin/stats?seconds=1", null).json().get("seconds");
        assertThat(last).hasSize(1);
        assertThat(last.get(0).get("denied").get("missing_credentials").asLong()).isEqualTo(2);
        assertProblem(s.adminCall("GET", "/admin/stats?seconds=901", null), 400, "bad_request");
    }

    @Test
    void aRefreshIsOneAllowedCallInTheStats() {
        String token = s.token("alice");
        long before = s.adminCall("GET", "/admin/stats", null).json().get("totals").get("allowed").asLong();
        assertThat(s.postJson(s.api("/auth/refresh"), "{}", token).code()).isEqualTo(200);
        long after = s.adminCall("GET", "/admin/stats", null).json().get("totals").get("allowed").asLong();
        assertThat(after - before).as("one request, counted once").isEqualTo(1);
    }

    @Test
    void configIsValidatedAppliedLiveAndPersisted() {
        JsonNode config = s.adminCall("GET", "/admin/config", null).json();
        assertThat(config.get("bootstrapWindowSeconds").asInt()).isEqualTo(30);
        JsonNode schema = s.adminCall("GET", "/admin/config/schema", null).json().get("fields");
        assertThat(schema).anySatisfy(f -> {
            assertThat(f.get("name").asText()).isEqualTo("bootstrapWindowSeconds");
            assertThat(f.get("label").asText()).isEqualTo("Page-to-bootstrap window");
            assertThat(f.get("unit").asText()).isEqualTo("s");
        });
        assertThat(schema).allSatisfy(f -> assertThat(f.get("label").asText()).as(f.get("name").asText())
                .isNotBlank().isNotEqualTo(f.get("name").asText()));

        ServerFixture.Reply changed = s.adminCall("PUT", "/admin/config", "{\"bootstrapTicketTtlSeconds\":5}");
        assertThat(changed.code()).isEqualTo(200);
        assertThat(changed.json().get("bootstrapTicketTtlSeconds").asInt()).isEqualTo(5);
        // live: a ticket now lasts 5 s
        s.ensureUser("alice");
        String ticket = s.ticket();
        s.clock.advance(java.time.Duration.ofSeconds(6));
        assertThat(s.postJson(s.api("/auth/login"), s.loginBody("alice", ServerFixture.PASSWORD, ticket), null)
                .json().get("code").asText()).isEqualTo("no_bootstrap");

        ServerFixture.Reply bad = s.adminCall("PUT", "/admin/config", "{\"bootstrapWindowSeconds\":0,\"clockLeewaySeconds\":\"x\"}");
        assertProblem(bad, 400, "invalid_config");
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("clockLeewaySeconds");
        ServerFixture.Reply range = s.adminCall("PUT", "/admin/config", "{\"bootstrapWindowSeconds\":0}");
        assertProblem(range, 400, "invalid_config");
        assertThat(range.json().get("errors").get(0).get("message").asText()).contains("between 1 and 600");
        assertProblem(s.adminCall("PUT", "/admin/config", "{\"nope\":1}"), 400, "invalid_config");
        ServerFixture.Reply typo = s.adminCall("PUT", "/admin/config", "{\"sesionIdleTtlSeconds\":\"600\"}");
        assertProblem(typo, 400, "invalid_config");
        assertThat(typo.json().get("errors").get(0).get("message").asText()).as("a misspelt name is named as one, whatever its value")
                .isEqualTo("unknown setting");
        assertProblem(s.adminCall("PUT", "/admin/config", "not json"), 400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/config", null).json().get("bootstrapWindowSeconds").asInt()).isEqualTo(30);

        s.restart();
        assertThat(s.adminCall("GET", "/admin/config", null).json().get("bootstrapTicketTtlSeconds").asInt()).isEqualTo(5);
    }

    @Test
    void aMisspeltFieldInAWindowARuleTheFingerprintOrTheRoutesIsA400NamingItAndChangesNothing() {
        String windows = s.adminCall("GET", "/admin/windows", null).body();
        ServerFixture.Reply typo = s.adminCall("PUT", "/admin/windows",
                "{\"windows\":[{\"scope\":\"ip\",\"limit\":5,\"windowSeconds\":60,\"rout\":\"/auth/login\"}]}");
        assertThat(typo.code()).isEqualTo(400);
        assertThat(typo.json().get("code").asText()).isEqualTo("bad_request");
        assertThat(typo.json().get("errors").get(0).get("field").asText()).isEqualTo("windows[0].rout");
        assertThat(typo.json().get("errors").get(0).get("message").asText()).contains("route");
        assertThat(s.adminCall("GET", "/admin/windows", null).body()).isEqualTo(windows);
        assertThat(s.adminCall("PUT", "/admin/windows", windows).code()).as("what GET lists goes back as it is").isEqualTo(200);
        // an empty route was read as none: the window widened to every path
        ServerFixture.Reply empty = s.adminCall("PUT", "/admin/windows",
                "{\"windows\":[{\"scope\":\"session\",\"limit\":20,\"windowSeconds\":1,\"route\":\"\"}]}");
        assertThat(empty.code()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("field").asText()).isEqualTo("windows[0].route");
        assertThat(s.adminCall("GET", "/admin/windows", null).body()).isEqualTo(windows);

        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"max-sessions\",\"perIp\":3,\"perUser\":2,"
                + "\"perUsr\":1}]}").json().get("errors").get(0).get("field").asText()).isEqualTo("rules[0].perUsr");
        String rules = s.adminCall("GET", "/admin/rules", null).body();
        assertThat(s.adminCall("PUT", "/admin/rules", rules).code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/fingerprint", "{\"components\":{\"userAgent\":\"reauth\"},\"trustedproxies\":[\"10.0.0.5\"]}")
                .json().get("errors").get(0).get("field").asText()).isEqualTo("trustedproxies");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", s.adminCall("GET", "/admin/fingerprint", null).body()).code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[],\"clientpages\":[\"/\"]}")
                .json().get("errors").get(0).get("field").asText()).isEqualTo("clientpages");
        assertThat(s.adminCall("PUT", "/admin/routes", s.adminCall("GET", "/admin/routes", null).body()).code()).isEqualTo(200);
        ServerFixture.Reply twice = s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\"],\"clientPages\":[\"/\",\"/health\"]}");
        assertThat(twice.code()).isEqualTo(400);
        assertThat(twice.json().get("errors").get(0).get("field").asText()).isEqualTo("clientPages[1]");

        // what a POST creates: a misspelt expiresInSeconds made a block that never expired
        java.util.Map<String, String> creations = java.util.Map.of(
                "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"203.0.113.9\",\"expiresInSecond\":3600}",
                "/admin/operators", "{\"name\":\"ops\",\"role\":\"viewer\",\"rol\":\"owner\"}",
                "/admin/debug-tokens", "{\"name\":\"ci\",\"expiresInSecond\":60}",
                "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/api\"],\"scope\":[\"/auth/login\"]}",
                "/admin/users", "{\"username\":\"zed\",\"password\":\"a long password\",\"disabled\":true}");
        creations.forEach((path, body) -> {
            ServerFixture.Reply r = s.adminCall("POST", path, body);
            assertThat(r.code()).as(path + " " + r).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).as(path).isIn("expiresInSecond", "rol", "scope", "disabled");
        });
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).doesNotContain("203.0.113.9");
        assertThat(s.adminCall("GET", "/admin/users", null).body()).doesNotContain("\"zed\"");
    }

    @Test
    void rotatingTheSigningKeyKeepsLiveSessionsWorking() {
        String token = s.token("alice");
        JsonNode before = s.adminCall("GET", "/admin/keys", null).json().get("items");
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("state").asText()).isEqualTo("current");
        assertThat(before.get(0).has("secret")).isFalse();

        ServerFixture.Reply rotated = s.adminCall("POST", "/admin/keys/rotate", null);
        assertThat(rotated.code()).isEqualTo(201);
        assertThat(rotated.json().get("kid").asText()).isNotEqualTo(before.get(0).get("kid").asText());
        JsonNode after = s.adminCall("GET", "/admin/keys", null).json().get("items");
        assertThat(after).extracting(k -> k.get("state").asText()).containsExactly("grace", "current");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        String refreshed = s.postJson(s.api("/auth/refresh"), "{}", token).json().get("accessToken").asText();
        assertThat(s.get(s.api("/api/notes"), refreshed).code()).isEqualTo(200);
        assertProblem(s.adminCall("GET", "/admin/keys/rotate", null), 405, "method_not_allowed");
    }

    @Test
    void apiKeysAreShownOnceListedAndRevoked() {
        ServerFixture.Reply created = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"ci\",\"scopes\":[\"/api/notes\"]}");
        assertThat(created.code()).isEqualTo(201);
        String secret = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertThat(secret).startsWith("pal." + id + ".");
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("X-Api-Key", secret).build()).code())
                .isEqualTo(200);

        JsonNode list = s.adminCall("GET", "/admin/apikeys", null).json().get("items");
        assertThat(list).singleElement().satisfies(k -> {
            assertThat(k.has("key")).isFalse();
            assertThat(k.toString()).doesNotContain(secret.substring(secret.lastIndexOf('.') + 1));
            assertThat(k.get("scopes").get(0).asText()).isEqualTo("/api/notes");
        });

        assertThat(s.adminCall("DELETE", "/admin/apikeys/" + id, null).code()).isEqualTo(204);
        assertThat(s.adminCall("GET", "/admin/apikeys", null).json().get("items").get(0).get("state").asText())
                .isEqualTo("revoked");
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("X-Api-Key", secret).build()).code())
                .isEqualTo(401);

        assertProblem(s.adminCall("DELETE", "/admin/apikeys/nope", null), 404, "not_found");
        assertProblem(s.adminCall("POST", "/admin/apikeys", "{\"name\":\"x\",\"scopes\":[]}"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/apikeys", "{\"name\":\"x\",\"scopes\":[\"notes\"]}"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/apikeys", "{\"name\":\"x\",\"scopes\":\"/api\"}"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/apikeys", "{\"scopes\":[\"/api\"]}"), 400, "bad_request");
        // a scope is a prefix: /api/* (the routes' spelling) was taken and matched no path at all
        for (String scope : new String[] {"/api/*", "/api/notes?x=1", "/api/#top"}) {
            ServerFixture.Reply refused = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"x\",\"scopes\":[\"" + scope + "\"]}");
            assertProblem(refused, 400, "bad_request");
            assertThat(refused.body()).as(scope).contains("prefix");
        }
    }

    /* The demo API keeps its rows by the user's name: a user made again after a delete read the old one's notes. */
    @Test
    void aUserMadeAgainAfterADeleteFindsNothingOfTheDeletedOnesInTheDemoApi() {
        String token = s.token("bob");
        assertThat(s.send(s.request("POST", s.api("/api/notes"), "{\"title\":\"bob-note\",\"body\":\"\"}", token).build())
                .code()).isEqualTo(201);
        assertThat(s.get(s.api("/api/notes"), token).body()).contains("bob-note");
        assertThat(s.adminCall("DELETE", "/admin/users/bob", null).code()).isEqualTo(204);
        String again = s.token("bob");
        ServerFixture.Reply notes = s.get(s.api("/api/notes"), again);
        assertThat(notes.code()).isEqualTo(200);
        assertThat(notes.body()).doesNotContain("bob-note");
    }

    /* Two live keys of one name were both sent upstream as X-Palisade-User: apikey:<name>, which the app could not tell apart. */
    @Test
    void aLiveKeysNameIsNotGivenToAnother() {
        JsonNode first = s.adminCall("POST", "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/api/\"]}").json();
        assertProblem(s.adminCall("POST", "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/api/notes\"]}"), 409, "conflict");
        assertThat(s.adminCall("DELETE", "/admin/apikeys/" + first.get("id").asText(), null).code()).isEqualTo(204);
        assertThat(s.adminCall("POST", "/admin/apikeys", "{\"name\":\"robot\",\"scopes\":[\"/api/\"]}").code())
                .as("a revoked key's name may be given again").isEqualTo(201);
    }

    @Test
    void usersAreCreatedListedAndDeleted() {
        ServerFixture.Reply created = s.adminCall("POST", "/admin/users", "{\"username\":\"carol\",\"password\":\"long enough\"}");
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("long enough");
        assertProblem(s.adminCall("POST", "/admin/users", "{\"username\":\"carol\",\"password\":\"long enough\"}"),
                409, "conflict");
        assertProblem(s.adminCall("POST", "/admin/users", "{\"username\":\"carol two\",\"password\":\"long enough\"}"),
                400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/users", "{\"username\":\"dave\",\"password\":\"short\"}"),
                400, "bad_request");
        // a name of dots alone is the path's . or ..: /admin/users/.. names no user, so it could never be changed
        for (String dots : new String[] {".", "..", "..."}) {
            assertProblem(s.adminCall("POST", "/admin/users", "{\"username\":\"" + dots + "\",\"password\":\"long enough\"}"),
                    400, "bad_request");
        }
        assertThat(s.adminCall("POST", "/admin/users", "{\"username\":\".a.\",\"password\":\"long enough\"}").code())
                .as("dots beside other characters").isEqualTo(201);
        assertThat(s.adminCall("DELETE", "/admin/users/.a.", null).code()).isEqualTo(204);
        assertProblem(s.adminCall("POST", "/admin/users", "{\"username\":\"dave\",\"password\":12345678}"),
                400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/users", null).json().get("items"))
                .extracting(u -> u.get("username").asText()).containsExactly("carol");

        assertThat(s.adminCall("DELETE", "/admin/users/carol", null).code()).isEqualTo(204);
        assertProblem(s.adminCall("DELETE", "/admin/users/carol", null), 404, "not_found");
        assertThat(s.adminCall("GET", "/admin/users", null).json().get("items")).isEmpty();
    }

    @Test
    void adminChangesAreEvents() {
        s.adminCall("POST", "/admin/users", "{\"username\":\"erin\",\"password\":\"long enough\"}");
        s.adminCall("POST", "/admin/keys/rotate", null);
        s.adminCall("PUT", "/admin/config", "{\"clockLeewaySeconds\":10}");
        JsonNode events = s.adminCall("GET", "/admin/events?type=admin", null).json().get("items");
        assertThat(events).extracting(e -> e.get("code").asText())
                .contains("user_created", "signing_key_rotated", "settings_changed");
        assertThat(events.toString()).doesNotContain("long enough");
    }

    @Test
    void allowedCallsAreListedFromTheRingAndSummedFromTheRollups() {
        JsonNode alice = s.login("alice");
        JsonNode bob = s.login("bob");
        for (int i = 0; i < 3; i++) s.get(s.api("/api/notes"), alice.get("accessToken").asText());
        s.get(s.api("/api/cart"), bob.get("accessToken").asText());
        JsonNode recent = s.adminCall("GET", "/admin/traffic/recent?user=alice&limit=2", null).json();
        assertThat(recent.get("items")).hasSize(2).allSatisfy(x -> {
            assertThat(x.get("user").asText()).isEqualTo("alice");
            assertThat(x.get("sessionId").asText()).isEqualTo(alice.get("sessionId").asText());
            assertThat(x.get("method").asText()).isEqualTo("GET");
            assertThat(x.get("ip").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(recent.get("added").asLong()).isEqualTo(4);
        assertThat(s.adminCall("GET", "/admin/traffic/recent?ip=10.1.1.1", null).json().get("items")).isEmpty();

        JsonNode byRoute = s.adminCall("GET", "/admin/traffic?by=route", null).json();
        assertThat(byRoute.get("by").asText()).isEqualTo("route");
        assertThat(byRoute.get("items")).hasSize(2);
        assertThat(byRoute.get("items").get(0).get("key").asText()).isEqualTo("/api/notes");
        assertThat(byRoute.get("items").get(0).get("calls").asLong()).isEqualTo(3);
        assertThat(byRoute.get("lost").asLong()).isZero();
        JsonNode byUser = s.adminCall("GET", "/admin/traffic?by=user&limit=1", null).json();
        assertThat(byUser.get("items")).singleElement().satisfies(x -> assertThat(x.get("key").asText()).isEqualTo("alice"));
        long now = s.clock.millis();
        assertThat(s.adminCall("GET", "/admin/traffic?by=all&from=" + (now + 120_000) + "&to=" + (now + 180_000), null).json().get("items")).isEmpty();

        assertProblem(s.adminCall("GET", "/admin/traffic?by=planet", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/traffic?from=10&to=5", null), 400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/traffic?by=all&to=" + (now - 86_400_000), null).code())
                .as("to alone: from is an hour before it").isEqualTo(200);
        for (String events : new String[] {"/admin/events?from=5&to=1", "/admin/events/export?format=json&from=5&to=1"}) {
            ServerFixture.Reply r = s.adminCall("GET", events, null);
            assertProblem(r, 400, "bad_request");
            assertThat(r.json().get("errors").get(0).get("field").asText()).as(events).isEqualTo("to");
        }
        assertThat(s.adminCall("GET", "/admin/events?from=5&to=5", null).code()).as("one millisecond").isEqualTo(200);
        assertProblem(s.adminCall("GET", "/admin/traffic?limit=0", null), 400, "bad_request");
        assertProblem(s.adminCall("GET", "/admin/traffic/recent?limit=1001", null), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/traffic", "{}"), 405, "method_not_allowed");
        assertProblem(s.adminCall("GET", "/admin/traffic/elsewhere", null), 404, "not_found");
    }

    @Test
    void whatAnAllowedCallLeavesIsChosenByName() {
        assertThat(s.adminCall("GET", "/admin/config", null).json().get("allowedEvents").asText()).isEqualTo("rollup");
        JsonNode field = null;
        for (JsonNode f : s.adminCall("GET", "/admin/config/schema", null).json().get("fields")) {
            if (f.get("name").asText().equals("allowedEvents")) field = f;
        }
        assertThat(field).isNotNull();
        assertThat(field.get("choices")).extracting(JsonNode::asText).containsExactly("rollup", "sampled", "all");
        assertThat(field.get("default").asText()).isEqualTo("rollup");
        ServerFixture.Reply changed = s.adminCall("PUT", "/admin/config", "{\"allowedEvents\":\"all\",\"allowedSampleEvery\":5}");
        assertThat(changed.code()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("allowedEvents").asText()).isEqualTo("all");
        String token = s.token("alice");
        s.get(s.api("/api/notes"), token);
        JsonNode stored = s.adminCall("GET", "/admin/events?type=decision&code=allowed", null).json();
        assertThat(stored.get("items")).singleElement().satisfies(x -> assertThat(x.get("path").asText()).isEqualTo("/api/notes"));
        for (String bad : List.of("{\"allowedEvents\":\"some\"}", "{\"allowedEvents\":2}", "{\"allowedEvents\":null}")) {
            ServerFixture.Reply refused = s.adminCall("PUT", "/admin/config", bad);
            assertProblem(refused, 400, "invalid_config");
            assertThat(refused.json().get("errors").get(0).get("message").asText()).as(bad)
                    .isEqualTo("must be one of rollup, sampled, all");
        }
        assertProblem(s.adminCall("PUT", "/admin/config", "{\"allowedSampleEvery\":1}"), 400, "invalid_config");
        s.restart();
        assertThat(s.adminCall("GET", "/admin/config", null).json().get("allowedEvents").asText()).isEqualTo("all");
    }
}
