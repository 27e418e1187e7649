package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's OpenAPI description (embedded-server's resource {@code openapi.json}) read on its
 * own: a real OpenAPI parser accepts it without a message, and every example in it is what its
 * schema says. The server's side, that it really answers so, is {@link OpenApiHttpTest}.
 */
class OpenApiTest {

    private final ApiDocument doc = ApiDocument.shipped();

    private static SwaggerParseResult parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(text, null, options);
    }

    @Test
    void aRealOpenApiParserReadsItAs31WithoutAnyMessage() {
        SwaggerParseResult result = parse(doc.text);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/admin/sessions", "/auth/login", "/admin/openapi.json");
    }

    @Test
    void theParserWouldSayWhenTheDocumentIsBroken() {
        // a dangling reference and an operation without responses: the first test could not pass on such a document
        String broken = doc.text.replace("\"#/components/schemas/SessionPage\"", "\"#/components/schemas/NoSuchPage\"")
                .replaceFirst("\"responses\": \\{", "\"responsez\": {");
        assertThat(parse(broken).getMessages()).isNotEmpty();
    }

    /*
     * Every admin operation answers 503 state_unavailable on a cluster node whose Redis does not answer,
     * and 500 when it fails; the document listed neither, so a generated client met an undeclared status.
     */
    @Test
    void everyOperationAnsweredByTheJsonHandlerListsItsFailures() {
        for (ApiDocument.Operation op : doc.operations()) {
            // the index, this document and /metrics are answered without it
            if (op.path().startsWith("/admin/") && !op.path().equals("/admin/") && !op.path().equals("/admin/openapi.json")
                    || op.path().startsWith("/auth/")) {
                assertThat(op.statuses()).as(op + ": a failure, and a cluster's Redis away").contains("500", "503");
            }
        }
    }

    /*
     * Contract audit 60, M3: a read of the stored events or calls refused 503 report_busy (check report, Retry-After: 5)
     * while too many are under way, which no operation listed: a client built from the document took it for an outage.
     */
    @Test
    void everyReportOfTheStoredEventsOrCallsListsItsBusyRefusal() {
        for (String op : List.of("GET /admin/events", "GET /admin/events/export", "GET /admin/traffic", "GET /admin/timeline",
                "POST /admin/preview", "GET /admin/rules/suggestions")) {
            ApiDocument.Operation operation = doc.operations().stream().filter(o -> o.toString().equals(op)).findFirst().orElseThrow();
            JsonNode busy = doc.response(operation, "503");
            assertThat(busy.path("description").asText()).as(op).contains("`report_busy`", "`Retry-After: 5`");
            assertThat(busy.path("headers").has("Retry-After")).as(op).isTrue();
        }
    }

    /* A preview takes what the change it previews takes; its schemas listed less, so a valid body failed them. */
    @Test
    void aPreviewsRequestSchemaTakesWhatTheServerTakes() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(doc.validate("PreviewRequest", mapper.readTree("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"203.0.113.7\","
                + "\"reason\":\"scraper\",\"expiresInSeconds\":600}]}"))).isEmpty();
        assertThat(doc.validate("PreviewRequest", mapper.readTree("{\"fingerprint\":{\"components\":{\"ip\":\"reauth\"},"
                + "\"ipv4Prefix\":16,\"ipv6Prefix\":48,\"trustedProxies\":[\"10.0.0.1\"]}}"))).isEmpty();
        assertThat(doc.validate("PreviewRequest", mapper.readTree("{\"blacklist\":[{\"kind\":\"ip\",\"value\":\"x\",\"why\":1}]}")))
                .as("a member it does not take").isNotEmpty();
    }

    /*
     * Audit eco53 L5: the configuration file's blacklist offered kind "user", which every start refuses, and left out
     * the session and token kinds its reader takes; a client or an editor checking palisade.yaml against it was misled.
     */
    @Test
    void everyBlacklistKindTheDocumentOffersIsOneTheServerTakes() {
        List<String> kinds = java.util.Arrays.stream(dev.palisade.engine.blacklist.EntryKind.values())
                .map(dev.palisade.engine.blacklist.EntryKind::label).toList();
        List<String> where = new ArrayList<>();
        doc.root.path("components").path("schemas").fields().forEachRemaining(schema -> schema.getValue().findParents("kind")
                .forEach(parent -> {
                    JsonNode kind = parent.get("kind");
                    if (!kind.has("enum")) return;
                    List<String> offered = new ArrayList<>();
                    kind.get("enum").forEach(v -> offered.add(v.asText()));
                    assertThat(offered).as(schema.getKey() + "'s kind").containsExactlyInAnyOrderElementsOf(kinds);
                    where.add(schema.getKey());
                }));
        assertThat(where).contains("ConfigDocument", "NewBlacklistEntry", "BlacklistEntry", "BlacklistAdd");
    }

    @Test
    void everyOperationIsNamedOnceAndEveryAdminOperationSaysWhichRolesMayCallIt() {
        Set<String> ids = new HashSet<>();
        for (ApiDocument.Operation op : doc.operations()) {
            assertThat(op.node().path("operationId").asText()).as(op + " operationId").isNotEmpty();
            assertThat(ids.add(op.node().get("operationId").asText())).as(op + " operationId is unique").isTrue();
            boolean open = op.path().equals("/admin/") || op.path().equals("/admin/openapi.json");
            if (op.admin() && !open) {
                assertThat(op.roles()).as(op + " roles").isNotEmpty().contains("owner");
                assertThat(op.statuses()).as(op + ": the door's refusals").contains("401", "403", "429");
            }
        }
    }

    @Test
    void everyRefusalIsTheSharedProblemSchemaAndEverySuccessHasAnExample() {
        for (ApiDocument.Operation op : doc.operations()) {
            for (String status : op.statuses()) {
                JsonNode response = doc.response(op, status);
                JsonNode content = response.path("content");
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(content.has("application/problem+json")).as(op + " " + status + " is problem+json").isTrue();
                    assertThat(content.get("application/problem+json").path("schema").path("$ref").asText())
                            .as(op + " " + status).isEqualTo("#/components/schemas/Problem");
                } else if (content.size() > 0) {
                    content.fields().forEachRemaining(media -> assertThat(media.getValue().has("example"))
                            .as(op + " " + status + " " + media.getKey() + " has an example").isTrue());
                }
            }
        }
    }

    /** Every {@code example} of a media type (responses, request bodies, shared responses) with the schema beside it. */
    private static List<Map.Entry<String, JsonNode[]>> examples(ApiDocument d) {
        List<Map.Entry<String, JsonNode[]>> out = new ArrayList<>();
        collect(d.root, "#", out);
        return out;
    }

    private static void collect(JsonNode node, String where, List<Map.Entry<String, JsonNode[]>> out) {
        if (node == null || !node.isContainerNode()) return;
        if (node.isObject() && where.contains("/content/") && node.has("schema") && node.has("example")) {
            out.add(Map.entry(where, new JsonNode[] {node.get("schema"), node.get("example")}));
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("example")) collect(e.getValue(), where + "/" + e.getKey(), out);
            });
        } else {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), where + "/" + i, out);
        }
    }

    @Test
    void everyExampleIsWhatItsSchemaSays() {
        List<Map.Entry<String, JsonNode[]>> examples = examples(doc);
        assertThat(examples).as("examples found").hasSizeGreaterThan(60);
        for (Map.Entry<String, JsonNode[]> e : examples) {
            assertThat(doc.validate(e.getValue()[0], e.getValue()[1])).as(e.getKey()).isEmpty();
        }
    }

    @Test
    void theExampleCheckWouldCatchAWrongSchemaOrAWrongExample() {
        // a member the schema does not know (strict), a wrong type, a missing required member
        String extra = doc.text.replace("\"calls\": 12,", "\"calls\": 12, \"surprise\": 1,");
        String wrongType = doc.text.replaceFirst("(\"windowSeconds\": \\{\\s*\"type\": )\"integer\"", "$1\"string\"");
        String missing = doc.text.replace("\"kid\": \"hKfx6QPAJLCn\",", "");
        for (String broken : List.of(extra, wrongType, missing)) {
            assertThat(broken).isNotEqualTo(doc.text);
            ApiDocument d = ApiDocument.of(broken);
            assertThat(examples(d).stream().filter(e -> !d.validate(e.getValue()[0], e.getValue()[1]).isEmpty()).count())
                    .as("examples that fail").isPositive();
        }
    }
}
