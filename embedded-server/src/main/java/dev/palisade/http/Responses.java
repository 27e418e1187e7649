package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.Reason;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;

/** Writing JSON answers and RFC 9457 problem details, the same way from every handler. */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_TYPE = "urn:palisade:problem:";

    private Responses() {}

    public static void json(Response response, Callback callback, int status, Object body) {
        write(response, callback, status, JSON, Json.bytes(body));
    }

    public static void noContent(Response response, Callback callback) {
        response.setStatus(204);
        response.write(true, null, callback);
    }

    public static void problem(Response response, Callback callback, Reason reason, String check, String detail) {
        problem(response, callback, reason, check, detail, List.of(), "palisade");
    }

    /**
     * A problem document with {@code code} and {@code check} members, field errors when present, and a
     * {@code WWW-Authenticate} challenge on 401 (RFC 6750 style, naming {@code realm}).
     */
    public static void problem(Response response, Callback callback, Reason reason, String check, String detail,
                               List<FieldError> errors, String realm) {
        if (reason.challenges()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge(reason, realm));
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        write(response, callback, reason.status(), PROBLEM_JSON, problemBody(reason, check, detail, errors));
    }

    public static byte[] problemBody(Reason reason, String check, String detail, List<FieldError> errors) {
        return Json.bytes(problemDocument(reason, check, detail, errors));
    }

    /** The problem document itself, for an answer that adds members of its own. */
    static ObjectNode problemDocument(Reason reason, String check, String detail, List<FieldError> errors) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", PROBLEM_TYPE + reason.code());
        body.put("title", reason.title());
        body.put("status", reason.status());
        body.put("detail", detail);
        body.put("code", reason.code());
        body.put("check", check);
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            for (FieldError e : errors) list.addObject().put("field", e.field()).put("message", e.message());
        }
        return body;
    }

    public static String challenge(Reason reason, String realm) {
        if (reason == Reason.MISSING_CREDENTIALS || reason == Reason.ADMIN_UNAUTHORIZED) {
            return "Bearer realm=\"" + realm + "\"";
        }
        return "Bearer realm=\"" + realm + "\", error=\"invalid_token\", error_description=\"" + reason.code() + "\"";
    }

    private static void write(Response response, Callback callback, int status, String type, byte[] bytes) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
