package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /admin/events/export} on a real server and SQLite file (issue 15, part 2). */
class EventsExportHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":0}").code()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** CSV rows as cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString()); cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString()); cell.setLength(0); rows.add(row); row = new ArrayList<>(); i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void everyMatchingEventAcrossPagesNewestFirstAsOneJsonArrayAndAsCsv() throws Exception {
        for (int i = 0; i < 2_300; i++) s.get(s.api("/api/notes"), null); // more than two pages of 1 000
        s.get(s.api("/api/other"), null);
        ServerFixture.Reply json = s.adminCall("GET", "/admin/events/export?format=json&code=missing_credentials", null);
        assertThat(json.code()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.header("X-Palisade-Event-Count")).isEqualTo("2301");
        JsonNode all = new ObjectMapper().readTree(json.body());
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(2_301);
        List<Long> ids = new ArrayList<>();
        all.forEach(e -> ids.add(e.get("id").asLong()));
        assertThat(ids).as("newest first, none twice").isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(all.get(0).get("path").asText()).isEqualTo("/api/other");
        assertThat(all.get(0).fieldNames()).toIterable().containsExactly("id", "at", "type", "code", "check", "allowed",
                "status", "sessionId", "user", "ip", "method", "path", "costNanos", "detail", "actor", "node", "rung");

        ServerFixture.Reply csv = s.adminCall("GET", "/admin/events/export?format=csv&code=missing_credentials", null);
        assertThat(csv.code()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment").contains("palisade-events.csv");
        List<List<String>> rows = parseCsv(csv.body());
        assertThat(rows.get(0)).containsExactly("id", "at", "time", "type", "code", "check", "allowed", "status",
                "sessionId", "user", "ip", "method", "path", "costNanos", "detail", "actor", "node", "rung");
        assertThat(rows).hasSize(2_302);
        assertThat(rows.get(1).get(0)).isEqualTo(Long.toString(ids.get(0)));
        assertThat(rows.get(1).get(12)).isEqualTo("/api/other");
        assertThat(rows.get(1).get(2)).as("an ISO time a spreadsheet reads").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void theFiltersOfTheEventListApplyAndACellASpreadsheetWouldRunIsText() {
        s.get(s.api("/api/notes"), null);
        String ticket = s.ticket();
        assertThat(s.postJson(s.api("/auth/login"), s.loginBody("=SUM(1+1)*cmd|' /C calc'!A0", "guess", ticket), null).code())
                .isEqualTo(401);
        ServerFixture.Reply csv = s.adminCall("GET", "/admin/events/export?format=csv&type=auth&code=invalid_credentials", null);
        assertThat(csv.code()).isEqualTo(200);
        List<List<String>> rows = parseCsv(csv.body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(9)).as("user").isEqualTo("'=SUM(1+1)*cmd|' /C calc'!A0");
        assertThat(rows.get(1).get(4)).isEqualTo("invalid_credentials");
        ServerFixture.Reply none = s.adminCall("GET", "/admin/events/export?format=json&ip=10.9.9.9", null);
        assertThat(none.body()).isEqualTo("[]");
        assertThat(none.header("X-Palisade-Event-Count")).isEqualTo("0");
    }

    @Test
    void aMissingOrUnknownFormatAndBadFiltersAreRefusedByName() {
        assertProblem(s.adminCall("GET", "/admin/events/export", null), 400, "bad_request");
        JsonNode p = assertProblem(s.adminCall("GET", "/admin/events/export?format=xml", null), 400, "bad_request");
        assertThat(p.toString()).contains("format");
        JsonNode type = assertProblem(s.adminCall("GET", "/admin/events/export?format=csv&type=bogus", null), 400, "bad_request");
        assertThat(type.toString()).contains("type");
        JsonNode utf8 = assertProblem(s.adminCall("GET", "/admin/events/export?format=csv&user=%ff", null), 400, "bad_request");
        assertThat(utf8.toString()).contains("user");
        assertProblem(s.adminCall("POST", "/admin/events/export?format=csv", "{}"), 405, "method_not_allowed");
    }

    /** 100 000 stored events of 200 characters each: an export the client reads a part of at a time. */
    private void manyEvents() {
        List<dev.palisade.engine.event.Event> many = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            many.add(new dev.palisade.engine.event.Event(10_000_000 + i, s.clock.millis(), dev.palisade.engine.event.EventType.SYSTEM,
                    "filler", "", "", "", "", "", "", 0, 0, "x".repeat(200)));
        }
        s.server.store().appendEvents(many);
    }

    /* The admin audit of session 47 (S2): only the live stream looked at its token again; an export ran to its end. */
    @Test
    void anExportWhoseOperatorTokenIsRevokedBreaksOff() throws Exception {
        manyEvents();
        JsonNode viewer = s.adminCall("POST", "/admin/operators", "{\"name\":\"vera\",\"role\":\"viewer\"}").json();
        okhttp3.Request export = new okhttp3.Request.Builder().url(s.admin("/admin/events/export?format=csv&type=system"))
                .header("Authorization", "Bearer " + viewer.get("token").asText()).build();
        try (okhttp3.Response r = s.http.newCall(export).execute()) {
            assertThat(r.code()).isEqualTo(200);
            java.io.InputStream body = r.body().byteStream();
            assertThat(new String(body.readNBytes(1_000), StandardCharsets.UTF_8)).startsWith("id,at,time");
            assertThat(s.adminCall("DELETE", "/admin/operators/" + viewer.get("id").asText(), null).code()).isEqualTo(204);
            assertThatThrownBy(() -> body.readAllBytes()).as("the rest of 20 MB is not sent")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    /**
     * A store failing part-way through an export closed the answer as if it were whole: the client
     * got a well-formed, shorter file (the JSON array closed), and the console kept it. The answer now
     * breaks off instead. The store here is closed while the export waits for the client to read.
     */
    @Test
    void anExportTheStoreFailsPartWayBreaksOffInsteadOfEndingAsAShorterFile() throws Exception {
        manyEvents();
        okhttp3.Request export = new okhttp3.Request.Builder().url(s.admin("/admin/events/export?format=json&type=system"))
                .header("Authorization", "Bearer " + s.server.adminToken()).build();
        try (okhttp3.Response r = s.http.newCall(export).execute()) {
            assertThat(r.code()).isEqualTo(200);
            java.io.InputStream body = r.body().byteStream();
            byte[] first = body.readNBytes(1_000); // under way; the rest waits for the client
            assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("[");
            s.server.store().close(); // the store fails under the export
            assertThatThrownBy(() -> body.readAllBytes()).as("the answer breaks off; it does not end as a whole file")
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
