package dev.palisade.console.ui.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration › Sequence rules as a form, an editor per rule type, against a real server. */
class SequenceRulesFormTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private DocumentForm rules;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = server.admin();
        rules = new ConfigurationViewModel(admin, Background.direct()).rules();
        rules.load();
    }

    @AfterEach
    void stop() { server.close(); }

    private JsonNode onServer() throws Exception {
        return new ObjectMapper().readTree(admin.document("rules")).get("rules");
    }

    /** A rule as the form shows it: its type, then each field of that type as typed. */
    private static Map<String, String> shown(FormRow row) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", row.kind().type());
        row.kind().fields().forEach(f -> m.put(f.name(), row.value(f.name()).get()));
        return m;
    }

    @Test
    void loadShowsEachRuleInTheEditorOfItsType() {
        assertThat(rules.rows()).extracting(r -> r.kind()).containsExactly(RowKind.REQUIRES_PRIOR, RowKind.MAX_SESSIONS);
        assertThat(shown(rules.rows().get(0))).containsExactly(Map.entry("type", "requires-prior"), Map.entry("method", "POST"),
                Map.entry("path", "/api/orders"), Map.entry("priorMethod", "GET"), Map.entry("priorPath", "/api/cart"),
                Map.entry("withinSeconds", "600"));
        assertThat(shown(rules.rows().get(1))).containsExactly(Map.entry("type", "max-sessions"), Map.entry("perIp", "20"),
                Map.entry("perUser", "10"));
    }

    @Test
    void anAddedMinIntervalRuleIsAppliedAndRefusesACallTooSoon() throws Exception {
        FormRow pace = rules.add(RowKind.MIN_INTERVAL);
        assertThat(shown(pace)).as("an empty editor of that type").containsExactly(Map.entry("type", "min-interval"),
                Map.entry("method", ""), Map.entry("path", ""), Map.entry("minMillis", ""));
        pace.value("method").set("GET");
        pace.value("path").set("/api/notes");
        pace.value("minMillis").set("60000");
        rules.apply();
        assertThat(rules.message().get()).isEqualTo("Applied 3 rules; in force now.");
        assertThat(onServer().get(2).toString()).isEqualTo("{\"type\":\"min-interval\",\"method\":\"GET\",\"path\":\"/api/notes\",\"minMillis\":60000}");
        TestServer.Login demo = server.loginDemo();
        assertThat(List.of(server.get(demo, "/api/notes"), server.get(demo, "/api/notes"))).containsExactly(200, 403);
    }

    @Test
    void afterALoadThatFailedApplyLeavesTheServersRules() throws Exception {
        DocumentForm[] form = new DocumentForm[1];
        server = server.awayDuring(() -> {
            form[0] = new ConfigurationViewModel(admin, Background.direct()).rules();
            form[0].load();
        });
        rules = form[0];
        FormRow pace = rules.add(RowKind.MIN_INTERVAL);
        pace.value("method").set("GET");
        pace.value("path").set("/api/notes");
        pace.value("minMillis").set("60000");
        rules.apply();
        assertThat(rules.message().get()).startsWith("Not applied: the rules were never loaded from the server.");
        assertThat(onServer()).as("requires-prior and max-sessions stay").hasSize(2);
    }

    @Test
    void editedAndRemovedRulesReachTheServer() throws Exception {
        rules.rows().get(0).value("withinSeconds").set("120");
        rules.remove(rules.rows().get(1));
        rules.apply();
        assertThat(onServer()).hasSize(1);
        assertThat(onServer().get(0).get("withinSeconds").asInt()).isEqualTo(120);
    }

    @Test
    void aRefusedApplyKeepsTheTypedRulesAndNamesTheRuleAndField() throws Exception {
        rules.rows().get(0).value("method").set("FETCH");
        FormRow second = rules.add(RowKind.MAX_SESSIONS);
        second.value("perIp").set("3");
        second.value("perUser").set("2000000"); // out of its printed range: marked before anything is sent
        rules.apply();
        assertThat(second.error("perUser").get()).isEqualTo("must be between 0 and 1000000");
        assertThat(rules.message().get()).isEqualTo(DocumentForm.FIX);
        second.value("perUser").set("1"); // what only the server judges is marked once the rest is right
        rules.apply();

        assertThat(rules.message().get()).isEqualTo(DocumentForm.REFUSED);
        assertThat(rules.rows().get(0).error("method").get()).startsWith("must be one of");
        assertThat(rules.rows().get(0).error("path").get()).isEmpty();
        assertThat(second.rowError().get()).isEqualTo("only one max-sessions rule");
        assertThat(rules.rows().get(1).hasErrors()).isFalse();
        assertThat(rules.rows().get(0).value("method").get()).isEqualTo("FETCH");
        assertThat(rules.rows()).hasSize(3);
        assertThat(onServer().get(0).get("method").asText()).as("all or nothing").isEqualTo("POST");
        assertThat(onServer()).hasSize(2);

        rules.rows().get(0).value("method").set("PUT");
        assertThat(rules.message().get()).as("the second max-sessions rule is still marked").isEqualTo(DocumentForm.REFUSED);
        rules.remove(second);
        assertThat(rules.message().get()).isEmpty();
        rules.apply();
        assertThat(onServer().get(0).get("method").asText()).isEqualTo("PUT");
    }

    @Test
    void everyTypeRoundTripsThroughJson() throws Exception {
        FormRow pace = rules.add(RowKind.MIN_INTERVAL);
        pace.value("method").set("POST");
        pace.value("path").set("/api/notes/*");
        pace.value("minMillis").set("1500");
        String exported = rules.exportJson();
        assertThat(new ObjectMapper().readTree(exported).get("rules")).extracting(r -> r.get("type").asText())
                .containsExactly("requires-prior", "max-sessions", "min-interval");
        List<Map<String, String>> before = rules.rows().stream().map(SequenceRulesFormTest::shown).toList();

        rules.rows().clear();
        assertThat(rules.importJson(exported)).isTrue();
        assertThat(rules.rows()).extracting(SequenceRulesFormTest::shown).isEqualTo(before);
        rules.apply();
        assertThat(onServer()).isEqualTo(new ObjectMapper().readTree(exported).get("rules"));
    }

    @Test
    void anUnknownRuleTypeIsNotReadAndTheFormStays() {
        rules.rows().get(1).value("perIp").set("7");
        assertThat(rules.importJson("{\"rules\":[{\"type\":\"max-sessions\",\"perIp\":1,\"perUser\":1},{\"type\":\"geo-fence\"}]}"))
                .isFalse();
        assertThat(rules.jsonError().get()).isEqualTo("rules[1].type: must be requires-prior, max-sessions, min-interval");
        assertThat(rules.rows()).hasSize(2);
        assertThat(rules.rows().get(1).value("perIp").get()).isEqualTo("7");
        assertThat(rules.importJson("{\"rules\": [ {\"type\": \"requires-prior\", }")).isFalse();
        assertThat(rules.jsonError().get()).startsWith("Not JSON (line 1");
        assertThat(rules.rows()).hasSize(2);
    }

    @Test
    void suggestedRulesComeFromTheTrafficAndOneCanBeAddedToTheForm() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestServer.Login visit = server.loginDemo();
            assertThat(server.get(visit, "/api/notes")).isEqualTo(200);
            assertThat(server.get(visit, "/api/cart")).isEqualTo(200);
        }
        int before = rules.rows().size();
        rules.suggest();
        assertThat(rules.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.rule().path("path").asText()).isEqualTo("/api/cart");
            assertThat(s.rule().path("priorPath").asText()).isEqualTo("/api/notes");
            assertThat(s.support()).isEqualTo(6);
        });
        rules.adopt(rules.suggestions().get(0));
        assertThat(rules.rows()).hasSize(before + 1);
        assertThat(shown(rules.rows().get(before))).containsEntry("type", "requires-prior").containsEntry("path", "/api/cart")
                .containsEntry("priorPath", "/api/notes").containsEntry("withinSeconds", "600");
        assertThat(rules.suggestions()).isEmpty();
        assertThat(onServer()).as("not applied until Apply").hasSize(before);
    }

    /* Session 52 (audit 51 M2): suggestions the server was too busy to make said "Cannot ask for suggestions: …". */
    @Test
    void suggestionsTheServerIsTooBusyToMakeSayWhenToAskAgain() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            dev.palisade.console.BusyReports.ofStoredEvents(server, rules::suggest);
            assertThat(rules.previewText().get()).isEqualTo("The server is busy with other reports: try Suggest rules again in 5 s.");
            assertThat(rules.message().get()).isEmpty();
        });
    }
}
