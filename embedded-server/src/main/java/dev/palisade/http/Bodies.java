package dev.palisade.http;

import dev.palisade.engine.Reason;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a hard size limit, refusing early when Content-Length already says too much. */
public final class Bodies {

    private Bodies() {}

    public static byte[] read(Request request, int maxBytes) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBytes) throw tooLarge(maxBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buffer = new byte[8192];
        try (InputStream in = Request.asInputStream(request)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > maxBytes) throw tooLarge(maxBytes);
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw HttpProblem.badRequest("the request body could not be read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Parses the body as a JSON object, insisting on a JSON content type. */
    public static com.fasterxml.jackson.databind.node.ObjectNode jsonObject(Request request, int maxBytes) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(Reason.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json, not " + type);
        }
        return Json.parseObject(read(request, maxBytes));
    }

    private static HttpProblem tooLarge(int maxBytes) {
        return new HttpProblem(Reason.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
    }
}
