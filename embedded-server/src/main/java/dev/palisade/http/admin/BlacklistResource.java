package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/blacklist}: list, add ({@code {"kind","value","reason","expiresInSeconds"}}), remove
 * ({@code DELETE /admin/blacklist/{id}}), and {@code POST /admin/blacklist/import} with a text body,
 * one entry a line: {@code [kind] value [# reason]}; all lines are checked, and added or none, but for
 * those the list holds already or the file gives twice (skipped).
 */
final class BlacklistResource extends AdminResource {

    private static final int MAX_IMPORT = 2 * 1024 * 1024;

    private final Engine engine;

    BlacklistResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String rest = below(request, "/admin/blacklist");
        String method = request.getMethod();
        if (rest.contains("/")) return false;
        if (rest.isEmpty() && method.equals("GET")) {
            long now = engine.clock().millis();
            Responses.json(response, callback, 200,
                    Map.of("items", engine.blacklist().list(now).stream().map(BlacklistResource::view).toList()));
        } else if (rest.isEmpty() && method.equals("POST")) {
            ObjectNode body = Bodies.jsonObject(request, 16 * 1024);
            Json.onlyFields(body, "", List.of("kind", "value", "reason", "expiresInSeconds"));
            BlacklistEntry added = engine.operator(actor(request)).blacklist(List.of(entry(kind(Json.text(body, "kind")),
                    Json.text(body, "value"), Json.optText(body, "reason"), Json.optLong(body, "expiresInSeconds"),
                    actor(request).name()))).get(0);
            Responses.json(response, callback, 201, view(added));
        } else if (rest.equals("import") && method.equals("POST")) {
            Query query = new Query(request);
            String dry = query.text("dryRun");
            // given empty (dryRun=$UNSET in a script) is no "false": the real import must be asked for plainly
            if (query.names().contains("dryRun") && !"true".equals(dry) && !"false".equals(dry)) {
                throw HttpProblem.field("dryRun", "must be true or false");
            }
            // a JSON document or a form read as lines would be imported as User-Agent patterns
            byte[] file = Bodies.ownBody(request, "text/plain", MAX_IMPORT);
            List<BlacklistEntry> given = parse(lines(file), actor(request).name());
            // a feed imported again, or a line given twice, adds nothing twice
            List<BlacklistEntry> fresh = engine.blacklist().notHeld(given);
            if ("true".equals(dry)) { // what the import would add, for the operator to look at first: nothing stored
                Responses.json(response, callback, 200, Map.of("added", fresh.size(), "skipped", given.size() - fresh.size(),
                        "items", fresh.stream().map(e -> { // not stored: no id yet, and a token not yet its digest
                            Map<String, Object> v = view(new BlacklistEntry(null, e.kind(),
                                    dev.palisade.engine.blacklist.Blacklist.keptValue(e.kind(), e.value()), e.reason(), e.createdBy(),
                                    e.createdAt(), e.expiresAt()));
                            v.put("id", "");
                            return v;
                        }).toList()));
                return true;
            }
            List<BlacklistEntry> added = fresh.isEmpty() ? List.of() : engine.operator(actor(request)).blacklist(fresh);
            Responses.json(response, callback, 201, Map.of("added", added.size(), "skipped", given.size() - fresh.size(),
                    "items", added.stream().map(BlacklistResource::view).toList()));
        } else if (!rest.isEmpty() && !rest.equals("import") && method.equals("DELETE")) {
            engine.operator(actor(request)).unblacklist(rest);
            Responses.noContent(response, callback);
        } else {
            throw methodNotAllowed(request);
        }
        return true;
    }

    static final String EXPIRY_RANGE = "must be between 1 and 315360000";

    /** An entry's {@code expiresInSeconds}: from a second to ten years. */
    static boolean expiryFits(long seconds) {
        return seconds >= 1 && seconds <= 10L * 365 * 86_400;
    }

    /** @param by who adds it, as the list's "by" shows: the owner, or the operator's token's name */
    private BlacklistEntry entry(EntryKind kind, String value, String reason, Long expiresInSeconds, String by) {
        long expiresAt = 0;
        if (expiresInSeconds != null) {
            if (!expiryFits(expiresInSeconds)) throw HttpProblem.field("expiresInSeconds", EXPIRY_RANGE);
            expiresAt = engine.clock().millis() + expiresInSeconds * 1000;
        }
        return new BlacklistEntry(null, kind, value, reason, by, 0, expiresAt);
    }

    static EntryKind kind(String label) {
        try {
            return EntryKind.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.field("kind", e.getMessage());
        }
    }

    /**
     * The body's lines, each decoded as strict UTF-8 (a byte order mark first skipped): a line that is
     * not, or that holds a NUL byte, is refused with its number rather than stored as a pattern.
     */
    private static List<String> lines(byte[] body) {
        List<String> lines = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        // a byte order mark (what Windows editors write first) is no part of the first line's value
        int start = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        for (int i = 0; i <= body.length; i++) {
            if (i < body.length && body[i] != '\n') continue;
            int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
            int number = lines.size() + 1;
            try {
                String line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body, start, end - start)).toString();
                if (line.indexOf('\0') >= 0) errors.add(new FieldError("line " + number, "contains a NUL byte"));
                lines.add(line);
            } catch (CharacterCodingException e) {
                errors.add(new FieldError("line " + number, "is not valid UTF-8"));
                lines.add("");
            }
            start = i + 1;
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return lines;
    }

    /**
     * One entry a line; blank lines and lines starting with # are skipped.
     *
     * @param by who imports them: each entry's {@code createdBy}, as an entry added alone names its maker
     */
    private List<BlacklistEntry> parse(List<String> lines, String by) {
        List<BlacklistEntry> entries = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String reason = "imported";
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                reason = line.substring(hash + 2).strip();
                line = line.substring(0, hash).strip();
            }
            String[] parts = line.split("\\s+", 2);
            EntryKind kind;
            String value;
            try {
                kind = EntryKind.ofLabel(parts[0]);
                if (parts.length < 2) {
                    errors.add(new FieldError("line " + (i + 1), "a value must follow " + parts[0]));
                    continue;
                }
                value = parts[1];
            } catch (IllegalArgumentException notAKind) {
                kind = looksLikeAnAddress(line) ? EntryKind.IP : EntryKind.USER_AGENT;
                value = line;
            }
            BlacklistEntry entry = new BlacklistEntry(null, kind, value, reason, by, 0, 0);
            String problem = engine.blacklist().problem(entry);
            if (problem != null) errors.add(new FieldError("line " + (i + 1), problem));
            entries.add(entry);
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        if (entries.isEmpty()) throw HttpProblem.badRequest("the file holds no entries (one a line: [kind] value [# reason])");
        if (entries.size() > 100_000) throw HttpProblem.badRequest("at most 100000 entries per import");
        return entries;
    }

    private static Map<String, Object> view(BlacklistEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("kind", e.kind().label());
        m.put("value", e.kind() == EntryKind.TOKEN ? "sha256:" + e.value() : e.value());
        m.put("reason", e.reason());
        m.put("createdBy", e.createdBy());
        m.put("createdAt", e.createdAt());
        m.put("expiresAt", e.expiresAt());
        return m;
    }

    /**
     * A bare import line meant as an address: one, or text of address characters with a digit or a
     * separator in it ({@code 10.0}, {@code 192.168.1.0/33}), which the address check then refuses with
     * its line number rather than let it become a User-Agent pattern ({@code 10.0} would match every
     * "Windows NT 10.0"). Hex letters alone ({@code facade}) are a name.
     */
    private static boolean looksLikeAnAddress(String line) {
        if (dev.palisade.engine.IpLiteral.isRange(line)) return true;
        return line.matches("[0-9A-Fa-f.:/\\-]+") && line.chars().anyMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '/');
    }
}
