package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;


import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Technique 7 over real HTTP and the admin API. */
class BlacklistHttpTest extends ServerTest {




    @Test
    void aBlacklistedAgentIsRefusedAtTheApiAndAtLogin() {
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "curl/8.5.0").build()),
                403, "blacklisted");
        s.ensureUser("alice");
        ServerFixture.Reply login = s.send(new Request.Builder().url(s.api("/auth/bootstrap"))
                .header("User-Agent", "python-requests/2.32.3")
                .post(RequestBody.create("{\"pageNonce\":\"" + s.pageNonce() + "\"}", ServerFixture.JSON)).build());
        assertProblem(login, 403, "blacklisted");
    }

    /*
     * Audit path57 L3: the blacklist read the first User-Agent while the fingerprint and the upstream saw both, so a tool
     * that put a browser's before its own passed the usual suspects' screen. RFC 9110 has one per request.
     */
    @Test
    void aSecondUserAgentIsABadRequestAtTheApiAndAtLogin() {
        String token = s.token("alice");
        Request signed = s.request("GET", s.api("/api/notes"), null, token).header("User-Agent", "Mozilla/5.0").build();
        JsonNode p = assertProblem(s.send(signed.newBuilder().addHeader("User-Agent", "sqlmap/1.7").build()), 400, "bad_request");
        assertThat(p.get("detail").asText()).contains("one User-Agent");
        assertThat(s.adminCall("GET", "/admin/events?type=decision&code=bad_request", null).json().get("items"))
                .as("the operator sees the refused call").anySatisfy(e -> {
                    assertThat(e.get("path").asText()).isEqualTo("/api/notes");
                    assertThat(e.get("detail").asText()).contains("one User-Agent");
                });
        assertThat(s.get(s.api("/api/notes"), token).code()).as("the session's call with its one").isEqualTo(200);
        ServerFixture.Reply bootstrap = s.send(new Request.Builder().url(s.api("/auth/bootstrap"))
                .header("User-Agent", "Mozilla/5.0").addHeader("User-Agent", "python-requests/2.32.3")
                .post(RequestBody.create("{\"pageNonce\":\"" + s.pageNonce() + "\"}", ServerFixture.JSON)).build());
        assertProblem(bootstrap, 400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/events?type=auth&code=bad_request", null).json().get("items"))
                .as("recorded, as a malformed bootstrap is").anySatisfy(e -> {
                    assertThat(e.get("path").asText()).isEqualTo("/auth/bootstrap");
                    assertThat(e.get("detail").asText()).contains("one User-Agent");
                });
    }

    @Test
    void entriesAreAddedListedAndRemovedLive() {
        String token = s.token("alice");
        JsonNode added = s.adminCall("POST", "/admin/blacklist",
                "{\"kind\":\"ip\",\"value\":\"127.0.0.0/8\",\"reason\":\"testing\",\"expiresInSeconds\":600}").json();
        assertThat(added.get("createdBy").asText()).as("who added it, as the audit trail names them").isEqualTo("owner");
        assertThat(added.get("expiresAt").asLong()).isEqualTo(s.clock.millis() + 600_000);
        JsonNode p = assertProblem(s.get(s.api("/api/notes"), token), 403, "blacklisted");
        assertThat(p.get("detail").asText()).contains("127.0.0.1");
        JsonNode list = s.adminCall("GET", "/admin/blacklist", null).json().get("items");
        assertThat(list).anySatisfy(e -> assertThat(e.get("value").asText()).isEqualTo("127.0.0.0/8"));
        assertThat(list).anySatisfy(e -> assertThat(e.get("value").asText()).isEqualTo("^curl/"));
        assertThat(s.adminCall("DELETE", "/admin/blacklist/" + added.get("id").asText(), null).code()).isEqualTo(204);
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        s.restart();
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items"))
                .noneSatisfy(e -> assertThat(e.get("value").asText()).isEqualTo("127.0.0.0/8"));
    }

    /* An import was applied at once: a file of one word, Gecko, refused every browser before the operator saw what it held. */
    @Test
    void aDryRunSaysWhatAnImportWouldAddAndAddsNothing() {
        java.util.function.Function<String, ServerFixture.Reply> importing = query -> s.send(new Request.Builder()
                .url(s.admin("/admin/blacklist/import" + query)).header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("Gecko\n203.0.113.7\n", MediaType.get("text/plain"))).build());
        int before = s.adminCall("GET", "/admin/blacklist", null).json().get("items").size();
        ServerFixture.Reply dry = importing.apply("?dryRun=true");
        assertThat(dry.code()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().get("added").asInt()).isEqualTo(2);
        assertThat(dry.json().get("items")).extracting(e -> e.get("kind").asText() + " " + e.get("value").asText())
                .containsExactly("user_agent Gecko", "ip 203.0.113.7");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items")).as("nothing stored").hasSize(before);
        assertThat(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "Mozilla/5.0 Gecko").build()).code())
                .as("no browser refused").isNotEqualTo(403);
        assertProblem(importing.apply("?dryRun=yes"), 400, "bad_request");
        assertProblem(importing.apply("?dryRun="), 400, "bad_request");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items")).as("still nothing stored").hasSize(before);
        assertThat(importing.apply("?dryRun=false").code()).as("the import itself").isEqualTo(201);
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items")).hasSize(before + 2);
    }

    /* A dry run showed a token line as "sha256:<the token itself>": the secret echoed, and not what the import keeps. */
    @Test
    void aDryRunShowsATokenAsTheDigestTheImportKeeps() {
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxd2UifQ.c2lnbmF0dXJl";
        java.util.function.Function<String, ServerFixture.Reply> importing = query -> s.send(new Request.Builder()
                .url(s.admin("/admin/blacklist/import" + query)).header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("token " + token + "\n", MediaType.get("text/plain"))).build());
        ServerFixture.Reply dry = importing.apply("?dryRun=true");
        assertThat(dry.body()).doesNotContain(token);
        String shown = dry.json().get("items").get(0).get("value").asText();
        ServerFixture.Reply real = importing.apply("");
        assertThat(real.code()).isEqualTo(201);
        assertThat(shown).isEqualTo(real.json().get("items").get(0).get("value").asText()).matches("sha256:[0-9a-f]{64}");
    }

    /* Every entry said "by admin", whoever added it; the audit trail named the operator. */
    @Test
    void anEntryNamesTheOperatorWhoAddedIt() {
        String operator = s.adminCall("POST", "/admin/operators", "{\"name\":\"opA\",\"role\":\"operator\"}").json().get("token").asText();
        ServerFixture.Reply added = s.send(new Request.Builder().url(s.admin("/admin/blacklist")).header("Authorization", "Bearer " + operator)
                .post(RequestBody.create("{\"kind\":\"ip\",\"value\":\"198.51.100.7\"}", ServerFixture.JSON)).build());
        assertThat(added.code()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("createdBy").asText()).isEqualTo("opA");
        // an audit's find: imported entries all said "import", whoever imported them
        ServerFixture.Reply imported = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + operator)
                .post(RequestBody.create("198.51.100.8\n", MediaType.get("text/plain"))).build());
        assertThat(imported.code()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("items").get(0).get("createdBy").asText()).isEqualTo("opA");
    }

    @Test
    void aTextFileImportsAllOrNothing() {
        String file = "# suspects from the incident\n198.51.100.0/24\nip 2001:db8::/32 # scanner net\n"
                + "user_agent ^EvilBot/ # the bot\nNaughtyCrawler\nfacade\n\n";
        ServerFixture.Reply imported = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create(file, MediaType.get("text/plain"))).build());
        assertThat(imported.code()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("added").asInt()).isEqualTo(5);
        assertThat(imported.json().get("items")).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("user_agent");
            assertThat(e.get("value").asText()).isEqualTo("NaughtyCrawler");
        });
        assertThat(imported.json().get("items")).as("hex letters alone are a name, not an address").anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("user_agent");
            assertThat(e.get("value").asText()).isEqualTo("facade");
        });
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "EvilBot/1.0").build()),
                403, "blacklisted");

        ServerFixture.Reply bad = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("10.9.9.9\nip not-an-ip!\nuser_agent\n10.0\n192.168.1.0/33\n", MediaType.get("text/plain"))).build());
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.json().get("errors")).as("a short or mistyped address is an error on its line, never a User-Agent pattern")
                .hasSize(4);
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items"))
                .noneSatisfy(e -> assertThat(e.get("value").asText()).isEqualTo("10.9.9.9"));
    }

    @Test
    void anImportLineWithANulByteOrInvalidUtf8IsRefusedWithItsNumber() {
        byte[] nul = "10.9.9.1\nuser_agent Evil\u0000Bot\n10.9.9.2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] notUtf8 = new byte[] {'1', '0', '.', '9', '.', '9', '.', '3', '\n', 'B', 'o', 't', (byte) 0xff, (byte) 0xfe, '\n'};
        for (byte[] body : new byte[][] {nul, notUtf8}) {
            ServerFixture.Reply bad = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                    .header("Authorization", "Bearer " + s.server.adminToken())
                    .post(RequestBody.create(body, MediaType.get("text/plain"))).build());
            JsonNode p = assertProblem(bad, 400, "bad_request");
            assertThat(p.get("errors")).singleElement().satisfies(e -> assertThat(e.get("field").asText()).isEqualTo("line 2"));
        }
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items"))
                .noneSatisfy(e -> assertThat(e.get("value").asText()).startsWith("10.9.9."));
        assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"Evil\\u0000Bot\"}"), 400,
                "bad_request");
    }

    /** A row no server of ours would write (an older one did, or a hand): it must not keep the server from starting. */
    @Test
    void aStoredEntryThatDoesNotCompileIsSkippedAndTheOthersStillHold() {
        assertThat(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"EvilBot\"}").code())
                .isEqualTo(201);
        s.restart(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                    + s.dataDir.resolve(dev.palisade.store.sqlite.SqliteStore.FILE_NAME));
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO blacklist (id, kind, value, reason, created_by, created_at) VALUES"
                        + " ('bad-agent', 'user_agent', '?', '', 'hand', 0), ('bad-ip', 'ip', '10.0.0.1/99', '', 'hand', 0)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "EvilBot/1.0").build()),
                403, "blacklisted");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "curl/8.5.0").build()),
                403, "blacklisted");
        assertProblem(s.send(new Request.Builder().url(s.api("/api/notes")).header("User-Agent", "Mozilla/5.0").build()),
                401, "missing_credentials");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).json().get("items")).as("listed, so it can be removed")
                .anySatisfy(e -> assertThat(e.get("id").asText()).isEqualTo("bad-agent"));
        assertThat(s.adminCall("DELETE", "/admin/blacklist/bad-agent", null).code()).isEqualTo(204);
    }

    @Test
    void badRequestsAreExplained() {
        assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"planet\",\"value\":\"x\"}"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"example.com\"}"), 400, "bad_request");
        assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"10.0.0.1\",\"expiresInSeconds\":0}"),
                400, "bad_request");
        assertProblem(s.adminCall("DELETE", "/admin/blacklist/nope", null), 404, "not_found");
        // a reason is named in the refusal's detail and a gateway's header: 16 KiB of it made the decision a 500
        JsonNode longReason = assertProblem(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"^Long\","
                + "\"reason\":\"" + "r".repeat(201) + "\"}"), 400, "bad_request");
        assertThat(longReason.get("errors").get(0).get("field").asText()).as("named as the reason, not the value").isEqualTo("reason");
        assertThat(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"user_agent\",\"value\":\"^Long\",\"reason\":\""
                + "r".repeat(200) + "\"}").code()).isEqualTo(201);
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("^Longer # " + "r".repeat(201), MediaType.get("text/plain"))).build()), 400, "bad_request");
        // a JSON document sent to the import would be read as lines, each a User-Agent pattern
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("{\"kind\":\"ip\",\"value\":\"203.0.113.9\"}", MediaType.get("application/json"))).build()),
                415, "unsupported_media_type");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).doesNotContain("203.0.113.9").doesNotContain("Longer");
    }

    /*
     * A file saved with a byte order mark (as Windows editors do) had its first address taken as a
     * User-Agent pattern starting with U+FEFF: the address was not blocked. A file said to be in another
     * charset was read as UTF-8 all the same.
     */
    @Test
    void anImportedFilesByteOrderMarkIsNoPartOfItsFirstLineAndOnlyUtf8IsRead() {
        byte[] withMark = "\uFEFF203.0.113.44\n198.51.100.44 # second\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode added = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create(withMark, MediaType.get("text/plain; charset=utf-8"))).build()).json();
        assertThat(added.get("items")).extracting(i -> i.get("kind").asText() + " " + i.get("value").asText())
                .containsExactly("ip 203.0.113.44", "ip 198.51.100.44");
        assertProblem(s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create("203.0.113.45\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        MediaType.get("text/plain; charset=iso-8859-1"))).build()), 415, "unsupported_media_type");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).doesNotContain("203.0.113.45");
    }

    /* A feed imported every day doubled its entries each time, and a line given twice in one file was added twice. */
    @Test
    void anImportAddsOnlyWhatTheListDoesNotHoldAlready() {
        String feed = "203.0.113.60\n203.0.113.61\n203.0.113.60\nEvilBot/1\n";
        JsonNode first = importText(feed);
        assertThat(first.get("added").asInt()).isEqualTo(3);
        assertThat(first.get("skipped").asInt()).as("the line given twice").isEqualTo(1);
        JsonNode again = importText(feed + "evilbot/1\n203.0.113.62\n");
        assertThat(again.get("added").asInt()).as("only the new address").isEqualTo(1);
        assertThat(again.get("skipped").asInt()).isEqualTo(5);
        String list = s.adminCall("GET", "/admin/blacklist", null).body();
        assertThat(list.split("203\\.0\\.113\\.60", -1)).as("held once").hasSize(2);
        // a temporary entry (an auto-block's) lapses: the file's lasting one is added beside it
        assertThat(s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"203.0.113.63\",\"expiresInSeconds\":60}")
                .code()).isEqualTo(201);
        assertThat(importText("203.0.113.63\n").get("added").asInt()).isEqualTo(1);
        // patterns that differ by an escape's case are two patterns
        assertThat(importText("user_agent ^Bot\\d+\nuser_agent ^Bot\\D+\n").get("added").asInt()).isEqualTo(2);
    }

    private JsonNode importText(String text) {
        ServerFixture.Reply r = s.send(new Request.Builder().url(s.admin("/admin/blacklist/import"))
                .header("Authorization", "Bearer " + s.server.adminToken())
                .post(RequestBody.create(text, MediaType.get("text/plain"))).build());
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
