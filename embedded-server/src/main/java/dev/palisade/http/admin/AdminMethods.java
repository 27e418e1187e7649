package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which methods each admin path answers, read from the API description ({@code openapi.json}) so the
 * door and the document cannot disagree: a documented path asked with another method is 405 with
 * {@code Allow}; {@code HEAD} is answered wherever {@code GET} is (but on the event stream, which never
 * ends); an operation the document gives no request body takes none.
 */
final class AdminMethods {

    /** A path template's methods: those that take a body, and those that take none. */
    record Operations(Set<String> withBody, Set<String> withoutBody, boolean stream, Map<String, Set<String>> query) {

        /** The query parameters {@code method} takes (a HEAD those of GET). */
        Set<String> queryOf(String method) { return query.getOrDefault(method.equals("HEAD") ? "GET" : method, Set.of()); }

        boolean allows(String method) { return withBody.contains(method) || withoutBody.contains(method); }

        boolean takesNoBody(String method) { return withoutBody.contains(method); }

        boolean answersHead() { return allows("GET") && !stream; }

        /** The {@code Allow} header's value. */
        String allow() {
            Set<String> all = new LinkedHashSet<>();
            for (String m : List.of("GET", "HEAD", "POST", "PUT", "DELETE")) {
                if (m.equals("HEAD") ? answersHead() : allows(m)) all.add(m);
            }
            return String.join(", ", all);
        }
    }

    private record Template(String[] segments, Operations operations) {
        boolean matches(String[] path) {
            if (path.length != segments.length) return false;
            for (int i = 0; i < path.length; i++) {
                boolean variable = segments[i].startsWith("{");
                if (variable ? path[i].isEmpty() : !segments[i].equals(path[i])) return false;
            }
            return true;
        }
    }

    private static final List<Template> TEMPLATES = load();

    private AdminMethods() {}

    /** The operations of the documented path {@code path} matches, or null when none does (then 404 is right). */
    static Operations of(String path) {
        String[] parts = path.split("/", -1);
        for (Template t : TEMPLATES) if (t.matches(parts)) return t.operations();
        return null;
    }

    /** The names of the query parameters among {@code parameters}, references to the document's own resolved. */
    private static Set<String> queryNames(JsonNode doc, JsonNode parameters) {
        Set<String> names = new LinkedHashSet<>();
        if (parameters == null) return names;
        for (JsonNode p : parameters) {
            JsonNode parameter = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
            if ("query".equals(parameter.path("in").asText())) names.add(parameter.path("name").asText());
        }
        return names;
    }

    private static List<Template> load() {
        JsonNode doc;
        try (InputStream in = AdminMethods.class.getResourceAsStream(ApiDescription.RESOURCE)) {
            if (in == null) throw new IllegalStateException(ApiDescription.RESOURCE + " is missing from the server's resources");
            doc = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Template> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/admin/") && !path.getKey().equals("/metrics")) continue;
            Set<String> withBody = new LinkedHashSet<>();
            Set<String> withoutBody = new LinkedHashSet<>();
            Map<String, Set<String>> query = new java.util.HashMap<>();
            Set<String> shared = queryNames(doc, path.getValue().get("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) continue;
                (op.getValue().has("requestBody") ? withBody : withoutBody).add(method);
                Set<String> names = new LinkedHashSet<>(shared);
                names.addAll(queryNames(doc, op.getValue().get("parameters")));
                query.put(method, Set.copyOf(names));
            }
            boolean stream = path.getKey().equals("/admin/events/stream");
            out.add(new Template(path.getKey().split("/", -1), new Operations(Set.copyOf(withBody), Set.copyOf(withoutBody), stream,
                    Map.copyOf(query))));
        }
        return List.copyOf(out);
    }
}
