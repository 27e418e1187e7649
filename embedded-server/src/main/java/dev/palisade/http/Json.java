package dev.palisade.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Utf16Text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapper, and strict readers for request fields: a field of the wrong JSON type is a
 * 400 naming the field, never a silent coercion.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // last-wins would let whatever reads the first of two members (a proxy, a log) see another body
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).build());
    }

    private Json() {}

    /** Parses a request body that must be a JSON object. */
    public static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) throw HttpProblem.badRequest("the request body is empty; a JSON object is expected");
        String text;
        try {
            // strictly: Jackson's own reading takes overlong forms ("\xc1\xa1lice" read as "alice") and
            // guesses UTF-16 or UTF-32 from the bytes, where RFC 8259 asks for UTF-8 alone
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw HttpProblem.badRequest("the request body is not UTF-8 (an invalid or overlong byte sequence)");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String twice = duplicate(e);
            if (twice != null) throw HttpProblem.field(twice, "is given twice");
            var at = e.getLocation();
            throw HttpProblem.badRequest(kind(e) + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw HttpProblem.badRequest("unreadable JSON body");
        }
        if (node == null || !node.isObject()) throw HttpProblem.badRequest("the request body must be a JSON object");
        refuseLoneSurrogates(node, "");
        return (ObjectNode) node;
    }

    /**
     * What is wrong, in words of our own: Jackson's message quotes the body ("Unrecognized token
     * 'hunter2'"), and a refusal is shown and logged where a password must never be.
     */
    private static String kind(JsonProcessingException e) {
        if (e instanceof JsonEOFException) return "malformed JSON: the body ends inside a value";
        if (e instanceof StreamConstraintsException) return "JSON nested too deeply or with too long a value";
        if (e instanceof MismatchedInputException) return "malformed JSON: more follows the object";
        return "malformed JSON";
    }

    /**
     * The path of the member a body gives twice ({@code blacklist[0].kind}), or null for another error.
     * Jackson says which only in its message, stable since 2.3.
     */
    private static String duplicate(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p) || !e.getOriginalMessage().startsWith("Duplicate field '")) return null;
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) path.insert(0, "[" + c.getCurrentIndex() + "]");
            else path.insert(0, (c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
        }
        return path.toString();
    }

    /**
     * Refuses a string or member name holding an unpaired surrogate (U+D800 alone, escaped or as its
     * three bytes): it is no character, and the store's UTF-8 keeps it as '?', so a pattern "x" and
     * one surrogate came back from a restart as {@code "x?"}, which matches every User-Agent.
     */
    private static void refuseLoneSurrogates(JsonNode node, String at) {
        if (node.isTextual()) {
            if (!Utf16Text.wellFormed(node.textValue())) {
                throw HttpProblem.field(at, "holds an unpaired surrogate, which is no character");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) refuseLoneSurrogates(node.get(i), at + "[" + i + "]");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (!Utf16Text.wellFormed(member.getKey())) {
                    throw HttpProblem.field(at.isEmpty() ? "body" : at, "has a member name with an unpaired surrogate");
                }
                refuseLoneSurrogates(member.getValue(), at.isEmpty() ? member.getKey() : at + "." + member.getKey());
            }
        }
    }

    /**
     * Refuses a member the reader does not know: left out silently, a misspelt one changed what was
     * meant (a window's {@code rout} made the window count every path).
     *
     * @param prefix what names a member in the error, e.g. {@code windows[0].}
     */
    public static void onlyFields(JsonNode o, String prefix, List<String> known) {
        for (java.util.Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw HttpProblem.field(prefix + name, "is not a field here; the fields are " + String.join(", ", known));
            }
        }
    }

    /** @return the string, or null if absent or JSON null; a non-string is a 400 */
    public static String optText(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw HttpProblem.field(field, "must be a string");
        return n.textValue();
    }

    public static String text(ObjectNode o, String field) {
        String s = optText(o, field);
        if (s == null) throw HttpProblem.field(field, "is required");
        return s;
    }

    /** @return the whole number, or null if absent; a fraction, string or out-of-range value is a 400 */
    public static Long optLong(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw HttpProblem.field(field, "must be a whole number");
        return n.longValue();
    }

    public static List<String> textList(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw HttpProblem.field(field, "is required");
        if (!n.isArray()) throw HttpProblem.field(field, "must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) throw HttpProblem.field(field, "must be an array of strings");
            out.add(item.textValue());
        }
        return out;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
