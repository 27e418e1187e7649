package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's OpenAPI document as the tests read it: its operations, and its schemas as a JSON
 * Schema 2020-12 validator sees them. Validation is strict: every object schema that lists
 * {@code properties} and says nothing of others is closed ({@code additionalProperties: false}) for
 * the test, so an answer with a member the document does not describe fails, while the published
 * document stays open to members added later (docs/protocol.md: names are only ever added).
 */
final class ApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String IRI = "https://palisade.invalid/openapi.json";
    private static final String SCHEMAS = "#/components/schemas/";
    static final ObjectMapper MAPPER = new ObjectMapper();

    final String text;
    final JsonNode root;
    private final SchemaRegistry registry;

    private ApiDocument(String text) {
        this.text = text;
        try {
            this.root = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the component schemas alone, as one schema resource's $defs, closed and with their references moved along
        JsonNode defs = root.path("components").path("schemas").deepCopy();
        close(defs);
        relocate(defs, "");
        String resource = MAPPER.createObjectNode().set("$defs", defs).toString();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, resource)));
    }

    /** The document as the server ships it (the single source, embedded-server's resource {@code openapi.json}). */
    static ApiDocument shipped() {
        try (InputStream in = ApiDocument.class.getResourceAsStream(ApiDescription.RESOURCE)) {
            if (in == null) throw new AssertionError(ApiDescription.RESOURCE + " is not on the class path");
            return new ApiDocument(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A variant of the text, e.g. with a schema made wrong on purpose. */
    static ApiDocument of(String text) { return new ApiDocument(text); }

    /** One method of one documented path. */
    record Operation(String path, String method, JsonNode node, JsonNode pathItem) {
        /** The roles the document lets call it, or null when it needs no admin token. */
        List<String> roles() {
            JsonNode security = node.has("security") ? node.get("security") : null;
            if (security == null || security.isEmpty()) return null;
            JsonNode admin = security.get(0).get("adminToken");
            if (admin == null) return null;
            List<String> roles = new ArrayList<>();
            admin.forEach(r -> roles.add(r.asText()));
            return roles;
        }

        Set<String> statuses() {
            Set<String> out = new java.util.TreeSet<>();
            node.get("responses").fieldNames().forEachRemaining(out::add);
            return out;
        }

        /** The path and operation parameters of a kind ({@code path}, {@code query}, {@code header}). */
        List<JsonNode> parameters(String in) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode list : new JsonNode[] {pathItem.get("parameters"), node.get("parameters")}) {
                if (list == null) continue;
                for (JsonNode p : list) if (p.get("in").asText().equals(in)) out.add(p);
            }
            return out;
        }

        /** The request body's media type, or null without one. */
        String requestType() {
            JsonNode content = node.path("requestBody").path("content");
            return content.isObject() && content.size() > 0 ? content.fieldNames().next() : null;
        }

        /** Behind the admin door: {@code /admin/*} and Prometheus' {@code /metrics}. */
        boolean admin() { return path.startsWith("/admin") || path.equals("/metrics"); }

        @Override
        public String toString() { return method.toUpperCase(java.util.Locale.ROOT) + " " + path; }
    }

    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> o = ops.next();
                if (METHODS.contains(o.getKey())) out.add(new Operation(p.getKey(), o.getKey(), o.getValue(), p.getValue()));
            }
        }
        return out;
    }

    List<String> paths() {
        List<String> out = new ArrayList<>();
        root.get("paths").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A response object, with a {@code $ref} to {@code #/components/responses/…} followed. */
    JsonNode response(Operation op, String status) {
        JsonNode r = op.node().get("responses").get(status);
        if (r == null) return null;
        return r.has("$ref") ? at(r.get("$ref").asText()) : r;
    }

    JsonNode at(String ref) {
        if (!ref.startsWith("#")) throw new AssertionError("only local references: " + ref);
        return root.at(ref.substring(1));
    }

    /** The problems the schema finds in the value; empty when it is valid. */
    List<String> validate(JsonNode schema, JsonNode value) {
        JsonNode absolute = schema.deepCopy();
        close(absolute);
        relocate(absolute, IRI);
        Schema compiled = registry.getSchema(absolute);
        List<String> out = new ArrayList<>();
        for (Error e : compiled.validate(value)) out.add(e.toString());
        return out;
    }

    List<String> validate(String componentSchema, JsonNode value) {
        return validate(MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + componentSchema), value);
    }

    /** Closes every object schema that lists its properties and leaves others open by saying nothing. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && o.get("properties").isObject() && !o.has("additionalProperties")
                    && !o.has("unevaluatedProperties") && "object".equals(o.path("type").asText())) {
                o.put("additionalProperties", false);
            }
            o.forEach(ApiDocument::close);
        } else if (node != null && node.isArray()) {
            node.forEach(ApiDocument::close);
        }
    }

    /** Points references to {@code #/components/schemas/X} at {@code base#/$defs/X}, where the registry holds them. */
    private static void relocate(JsonNode node, String base) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual()) {
                if (!ref.asText().startsWith(SCHEMAS)) throw new AssertionError("a schema refers to something else: " + ref.asText());
                o.put("$ref", base + "#/$defs/" + ref.asText().substring(SCHEMAS.length()));
            }
            o.forEach(child -> relocate(child, base));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> relocate(child, base));
        }
    }
}
