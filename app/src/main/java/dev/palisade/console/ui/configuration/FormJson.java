package dev.palisade.console.ui.configuration;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows to and from the admin API's documents, {@code {"windows":[…]}} and {@code {"rules":[…]}}: what
 * is sent on Apply, read back from the server, and shown and pasted in "Edit as JSON".
 */
final class FormJson {

    /** Text after the document is refused: a paste of two documents, or a stray edit, is not half read. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** A document that cannot become rows; its message says where and why. */
    static final class UnreadableException extends IllegalArgumentException {
        UnreadableException(String message) { super(message); }
    }

    private FormJson() {}

    /**
     * The rows as the document the server takes. A number field that is not a whole number is written
     * as the text typed (only an export does that: Apply checks the numbers first), so nothing is lost.
     */
    static String write(String key, List<FormRow> rows) {
        ObjectNode document = MAPPER.createObjectNode();
        ArrayNode list = document.putArray(key);
        for (FormRow row : rows) {
            ObjectNode item = list.addObject();
            if (row.kind().type() != null) item.put("type", row.kind().type());
            for (FormField f : row.kind().fields()) {
                String text = row.value(f.name()).get() == null ? "" : row.value(f.name()).get().strip();
                if (text.isEmpty() && (f.optional() || f.input() == FormField.Input.NUMBER)) {
                    item.putNull(f.name());
                } else if (f.input() == FormField.Input.NUMBER && wholeNumber(text) != null) {
                    item.put(f.name(), wholeNumber(text));
                } else {
                    item.put(f.name(), text);
                }
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }

    /** The value as the admin API reads a whole number (a JSON int), or null. */
    static Integer wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Reads {@code {"<key>":[…]}} (or the bare list) into rows. Values are kept as text for the server
     * to judge; only what has no place in the form (not JSON, an unknown rule type or field) is refused.
     *
     * @throws UnreadableException naming the place, as the server names fields: {@code rules[1].type}
     */
    static List<FormRow> read(String key, List<RowKind> kinds, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UnreadableException("Not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": " + withoutSource(e.getOriginalMessage()));
        }
        JsonNode list = root != null && root.isObject() ? root.get(key) : root;
        if (list == null || !list.isArray()) {
            throw new UnreadableException("Expected {\"" + key + "\": [ … ]}, an object with the list of " + key + ".");
        }
        List<FormRow> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) rows.add(row(list.get(i), key + "[" + i + "]", kinds));
        return rows;
    }

    /**
     * The parser's words without the places it names in its own notation ("(start marker at [Source:
     * REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 13])"): the
     * line and column are told before them, in words.
     */
    static String withoutSource(String message) {
        if (message == null) return "";
        return message.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "").replaceAll("\\s*\\[Source:[^\\]]*\\]", "").strip();
    }

    private static FormRow row(JsonNode n, String at, List<RowKind> kinds) {
        if (!n.isObject()) throw new UnreadableException(at + ": must be an object");
        RowKind kind = kind(n, at, kinds);
        FormRow row = new FormRow(kind);
        // what the document leaves out is empty in the form, not a default the operator never chose
        kind.fields().forEach(f -> row.value(f.name()).set(""));
        for (var it = n.fields(); it.hasNext(); ) {
            var member = it.next();
            if (member.getKey().equals("type") && kind.type() != null) continue;
            if (kind.field(member.getKey()).isEmpty()) {
                throw new UnreadableException(at + "." + member.getKey() + ": not a field of " + describe(kind) + " ("
                        + String.join(", ", kind.fields().stream().map(FormField::name).toList()) + ")");
            }
            JsonNode v = member.getValue();
            if (v.isContainerNode()) throw new UnreadableException(at + "." + member.getKey() + ": must be a string or a number");
            row.value(member.getKey()).set(v.isNull() ? "" : v.asText());
        }
        return row;
    }

    private static RowKind kind(JsonNode n, String at, List<RowKind> kinds) {
        if (kinds.size() == 1 && kinds.get(0).type() == null) return kinds.get(0);
        String type = n.path("type").asText("");
        return kinds.stream().filter(k -> k.type().equals(type)).findFirst().orElseThrow(() -> new UnreadableException(
                at + ".type: must be " + String.join(", ", kinds.stream().map(RowKind::type).toList())));
    }

    private static String describe(RowKind kind) {
        return kind.type() == null ? "a " + kind.title().toLowerCase(java.util.Locale.ROOT) : "a " + kind.type() + " rule";
    }
}
