package dev.palisade.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration file as read: its tree, and the line each value stands on, so that an error in
 * it can name the line. YAML ({@code .yaml}, {@code .yml}) or JSON (anything else).
 */
public record ConfigFile(Path path, JsonNode root, Map<String, Integer> lines) {

    /**
     * At most this much: a configuration, not a data file; room for what an export writes of a large
     * blacklist (60 000 entries are 5 MB of JSON), which must start the server again.
     */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    public static boolean isYaml(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** A key given twice is refused, not read as its last value: the file is reviewed as written. */
    static ObjectMapper mapper(Path path) {
        ObjectMapper mapper = isYaml(path) ? new ObjectMapper(yaml()) : new ObjectMapper();
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /** SnakeYAML's own limit is 3 MiB of characters: a file the size check lets in must not be refused by it. */
    private static YAMLFactory yaml() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit((int) MAX_BYTES);
        return new YAMLFactory().rebuild().loaderOptions(options).build(); // rebuilt: a bare builder reads "---" as ""
    }

    /** Whether anything but empty documents (a trailing ---, as generators write) follows the first. */
    private static boolean moreFollows(JsonParser parser) throws IOException {
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
            if (t != JsonToken.VALUE_NULL) return true;
        }
        return false;
    }

    /** The offset of the first byte that does not belong to well-formed UTF-8, or -1. */
    private static int firstNonUtf8(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            java.nio.charset.CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) return in.position();
            if (r.isUnderflow()) return -1;
            out.clear();
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /** @throws ConfigException when the file cannot be read or parsed (with its line) */
    public static ConfigFile read(Path path) {
        byte[] bytes;
        try {
            // a FIFO or a device would be read until the start hung
            if (Files.exists(path) && !Files.isRegularFile(path)) throw new ConfigException(path + ": not a regular file");
            if (Files.size(path) > MAX_BYTES) throw new ConfigException(path + ": larger than " + MAX_BYTES / (1024 * 1024)
                    + " MiB; is this the configuration file?");
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration " + path + ": " + FileTrouble.why(e));
        }
        ObjectMapper mapper = mapper(path);
        try {
            JsonNode root;
            try (JsonParser parser = mapper.createParser(bytes)) {
                root = mapper.readTree(parser);
                // a second YAML document (---) or JSON value after the first would otherwise be dropped without a word
                if (root != null && moreFollows(parser)) {
                    throw new ConfigException(path + ":" + parser.currentLocation().getLineNr() + ": more follows the"
                            + " configuration (a second YAML document after ---, or a second JSON value); the"
                            + " configuration is one document");
                }
            }
            if (root == null || root.isMissingNode() || root.isNull()) root = mapper.createObjectNode();
            if (!root.isObject()) throw new ConfigException(path + ":1: the configuration must be a mapping of sections");
            return new ConfigFile(path, root, lines(path, mapper, bytes));
        } catch (JsonProcessingException e) {
            notUtf8(path, bytes, e);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            if (message.startsWith("Duplicate field '")) {
                message = message.substring("Duplicate field ".length()) + " is given twice in one mapping";
            }
            throw new ConfigException(path + ":" + line + ": " + message);
        } catch (IOException e) {
            notUtf8(path, bytes, e);
            throw new ConfigException("cannot read the configuration " + path + ": " + e.getMessage());
        }
    }

    /**
     * A file the reader could not decode (JSON may be UTF-16 or UTF-32, which Jackson tells by itself; YAML
     * is UTF-8): said in words of our own, at the line of the first byte that is no UTF-8, not as Jackson's
     * {@code CharConversionException}.
     */
    private static void notUtf8(Path path, byte[] bytes, Exception e) {
        boolean decoding = false;
        for (Throwable t = e; t != null && !decoding; t = t.getCause()) {
            decoding = t instanceof java.io.CharConversionException
                    || String.valueOf(t.getMessage()).contains("CharConversionException");
        }
        int bad = decoding ? firstNonUtf8(bytes) : -1;
        if (bad >= 0) {
            throw new ConfigException(path + ":" + lineOf(bytes, bad) + ": not UTF-8 (byte 0x"
                    + String.format("%02x", bytes[bad] & 0xff) + "); save the file as UTF-8");
        }
    }

    /**
     * JSON Pointer of every field and value → its line.
     *
     * @throws ConfigException for text with an unpaired surrogate (an escape such as {@code "\ud800"}):
     *                         no character, stored as '?'
     */
    private static Map<String, Integer> lines(Path path, ObjectMapper mapper, byte[] bytes) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.FIELD_NAME) pointer = pointer.isEmpty() ? "/" + p.currentName() : pointer;
                if ((t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING)
                        && !dev.palisade.engine.Utf16Text.wellFormed(p.getText())) {
                    throw new ConfigException(path + ":" + line + ": " + pointer + ": an unpaired surrogate (\\uD800–\\uDFFF"
                            + " alone) is no character");
                }
                lines.putIfAbsent(pointer, line);
            }
        }
        return lines;
    }

    /**
     * The line of a field named as the admin API names it ({@code windows[2].limit}): the line of
     * the deepest part of it the file has, or 0.
     */
    public int lineOf(String field) {
        String pointer = "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        pointer = pointer.replaceAll("/+", "/").replaceAll("/$", "");
        while (!pointer.isEmpty()) {
            Integer line = lines.get(pointer);
            if (line != null) return line;
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
        return 0;
    }
}
