package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.config.Setting;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/config}: GET the settings in force, PUT a partial object to change some (validated
 * whole, applied live, persisted); {@code GET /admin/config/schema} describes units and bounds.
 */
final class ConfigResource extends AdminResource {

    /** Sent with an export of a configuration in force only in part (a start stopped applying its file). */
    static final String INCOMPLETE_HEADER = "X-Palisade-Config-Incomplete";

    private final Engine engine;
    private final java.util.function.Supplier<String> unfinished;
    private final java.util.function.Supplier<List<dev.palisade.config.SetAtStart>> setAtStart;

    /**
     * @param unfinished what a start stopped applying (the file and its digest, {@link dev.palisade.config.UnfinishedConfig#of}),
     *                   or null when the configuration in force is whole
     * @param setAtStart what each start puts back: a live change to it lasts until the next start
     */
    ConfigResource(Engine engine, java.util.function.Supplier<String> unfinished,
                   java.util.function.Supplier<List<dev.palisade.config.SetAtStart>> setAtStart) {
        this.engine = engine;
        this.unfinished = unfinished;
        this.setAtStart = setAtStart;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String rest = below(request, "/admin/config");
        String method = request.getMethod();
        if (rest.equals("schema") && method.equals("GET")) {
            Responses.json(response, callback, 200, Map.of("fields", schema()));
        } else if (rest.equals("export") && method.equals("GET")) {
            export(request, response, callback);
        } else if (rest.equals("governed") && method.equals("GET")) {
            Responses.json(response, callback, 200, Map.of("items", governed()));
        } else if (!rest.isEmpty()) {
            return false;
        } else if (method.equals("GET")) {
            Responses.json(response, callback, 200, engine.settings().shown());
        } else if (method.equals("PUT")) {
            Map<String, Long> changes = changes(Bodies.jsonObject(request, 16 * 1024));
            Responses.json(response, callback, 200, engine.operator(actor(request)).updateSettings(changes).shown());
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    /**
     * {@code GET /admin/config/export?format=yaml|json}: the configuration in force as the document
     * {@code --config} reads (dev.palisade.config), YAML by default. A mix left by a start that stopped
     * applying its file is said so, as {@code --export-config} says it: in a header, and in a comment atop
     * the YAML, so an export committed as it is still tells whoever reads it.
     */
    private void export(Request request, Response response, Callback callback) {
        String given = new Query(request).text("format");
        String format = given == null ? "yaml" : given;
        Map<String, Object> doc = dev.palisade.config.ConfigExport.of(engine);
        String mix = unfinished.get();
        byte[] body;
        String type;
        switch (format) {
            case "yaml" -> {
                String yaml = dev.palisade.config.ConfigExport.yaml(doc);
                if (mix != null) yaml = dev.palisade.config.UnfinishedConfig.exportComment(mix) + yaml;
                body = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                type = "application/yaml";
            }
            case "json" -> {
                body = dev.palisade.config.ConfigExport.json(doc).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                type = "application/json";
            }
            default -> throw HttpProblem.field("format", "must be yaml or json");
        }
        response.setStatus(200);
        if (mix != null) response.getHeaders().put(INCOMPLETE_HEADER, "true");
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("Content-Disposition", "attachment; filename=\"palisade." + format + "\"");
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    /** {@code GET /admin/config/governed}: each part a start puts back, {@code {"section","setting","by"}}. */
    private List<Map<String, Object>> governed() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (dev.palisade.config.SetAtStart part : setAtStart.get()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("section", part.section());
            item.put("setting", part.setting());
            item.put("by", part.by());
            items.add(item);
        }
        return items;
    }

    static Map<String, Long> changes(ObjectNode body) {
        Map<String, Long> changes = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode v = field.getValue();
            Setting setting = Setting.ofKey(field.getKey());
            if (setting == null) {
                errors.add(new FieldError(field.getKey(), "unknown setting")); // a misspelt name, whatever its value
            } else if (!setting.choices().isEmpty()) {
                int index = v.isTextual() ? setting.choices().indexOf(v.textValue()) : -1;
                if (index >= 0) changes.put(field.getKey(), (long) index);
                else errors.add(new FieldError(field.getKey(), "must be one of " + String.join(", ", setting.choices())));
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                changes.put(field.getKey(), v.longValue());
            } else {
                errors.add(new FieldError(field.getKey(), "must be a whole number"));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.INVALID_CONFIG, errors);
        return changes;
    }

    private static List<Map<String, Object>> schema() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Setting s : Setting.values()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", s.key());
            f.put("label", s.label());
            f.put("unit", s.unit());
            f.put("min", s.min());
            f.put("max", s.max());
            f.put("default", s.shown(s.defaultValue()));
            if (!s.choices().isEmpty()) f.put("choices", s.choices());
            f.put("description", s.description());
            fields.add(f);
        }
        return fields;
    }
}
