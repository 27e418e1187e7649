package dev.palisade.http;

import dev.palisade.engine.Reason;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies with a hard size limit. An oversized body is refused without reading it on
 * (the connection then closes): {@link BodyFirst} has collected what a handler reads whole before it
 * runs, so no read here waits on a slow client.
 */
public final class Bodies {

    /** Request attribute holding a body already read (to check its digest), for the handler after. */
    public static final String BUFFERED = "palisade.body";
    private static final byte[] NONE = new byte[0];

    private Bodies() {}

    /**
     * Whether the request may carry a body, to be read (and held to its digest) before it is judged.
     * HTTP/1 says so in {@code Content-Length} or {@code Transfer-Encoding}; HTTP/2 and 3 may send
     * DATA frames with neither, so there a request without {@code Content-Length} may have one: reading
     * it finds out (a request that ended with its headers reads as empty at once).
     */
    public static boolean hasBody(Request request) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared >= 0) return declared > 0;
        return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
                || request.getConnectionMetaData().getHttpVersion().getVersion() >= 20;
    }

    /** Reads the body once and keeps it on the request, so it can be checked and then still be read. */
    public static byte[] buffer(Request request, int maxBytes) {
        byte[] body = read(request, maxBytes);
        request.setAttribute(BUFFERED, body);
        return body;
    }

    public static byte[] read(Request request, int maxBytes) {
        if (request.getAttribute(BUFFERED) instanceof byte[] buffered) {
            if (buffered.length > maxBytes) throw tooLarge(maxBytes);
            return buffered;
        }
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        try (InputStream in = Request.asInputStream(request)) {
            // refused without reading on: a body sent slowly would hold the thread; the connection closes instead
            if (declared > maxBytes) throw tooLarge(maxBytes);
            // an HTTP/2 request that ended with its headers (every GET) reads as empty at once: no buffers
            int first = declared == 0 ? -1 : in.read();
            if (first < 0) return NONE;
            byte[] buffer = new byte[8192];
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            out.write(first);
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > maxBytes) throw tooLarge(maxBytes);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // in words of our own: the exception's text names Jetty's classes and the connection's timeout
            throw HttpProblem.badRequest("the request body ended before its length, or did not arrive in time");
        }
    }

    /** Parses the body as a JSON object, insisting on a JSON content type. */
    public static com.fasterxml.jackson.databind.node.ObjectNode jsonObject(Request request, int maxBytes) {
        return Json.parseObject(ownBody(request, "application/json", maxBytes));
    }

    /**
     * A body this server reads itself (not one it passes on): of {@code media} in UTF-8 or unsaid, one
     * Content-Type, and no content coding, which it does not undo (a br body would be read as its bytes).
     * A type not given is taken for {@code media}.
     */
    public static byte[] ownBody(Request request, String media, int maxBytes) {
        ownType(request, media);
        return read(request, maxBytes);
    }

    /**
     * A JSON object a request may leave out (a refresh's): null when there is no body, or an empty one
     * whatever its Content-Type (HTTP/2 may announce a body it then does not send); otherwise held to
     * {@link #jsonObject}'s rules. The body is kept on the request, so a digest check after reads the same
     * bytes and does not read again. Read before its type is looked at: {@link BodyFirst} holds it already.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode optionalJsonObject(Request request, int maxBytes) {
        if (!hasBody(request)) return null;
        byte[] body = buffer(request, maxBytes);
        if (body.length == 0) return null;
        ownType(request, "application/json");
        return Json.parseObject(body);
    }

    /** The headers of a body this server reads itself: see {@link #ownBody}. */
    private static void ownType(Request request, String media) {
        java.util.List<String> types = request.getHeaders().getValuesList(HttpHeader.CONTENT_TYPE);
        if (types.size() > 1) throw HttpProblem.badRequest("one Content-Type, not " + types.size());
        String type = types.isEmpty() ? null : types.get(0);
        if (type != null && !isUtf8(type, media)) {
            throw new HttpProblem(Reason.UNSUPPORTED_MEDIA_TYPE, "send the body as " + media + " in UTF-8, not " + type);
        }
        for (String coding : request.getHeaders().getCSV(HttpHeader.CONTENT_ENCODING, false)) {
            if (!coding.equalsIgnoreCase("identity")) {
                throw new HttpProblem(Reason.UNSUPPORTED_MEDIA_TYPE, "send the body without a Content-Encoding, not " + coding);
            }
        }
    }

    /**
     * {@code media} with or without parameters, but with no charset other than UTF-8 (the body is read
     * as UTF-8 whatever it says); for JSON, not {@code application/jsonp} or {@code application/json-seq}.
     */
    private static boolean isUtf8(String contentType, String expected) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        if (!media.equalsIgnoreCase(expected)) return false;
        if (semicolon < 0) return true;
        for (String parameter : contentType.substring(semicolon + 1).split(";")) {
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) continue;
            String charset = parameter.substring(eq + 1).trim().replace("\"", "");
            if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) return false;
        }
        return true;
    }

    /**
     * The body of a call the engine decides, read only if a check asks for it: what cannot be read is
     * the engine's refusal ({@link dev.palisade.engine.BodyRefused}), a decision with its event; null
     * when the request has no body.
     */
    public static java.util.function.Supplier<byte[]> forDecision(Request request, int maxBytes) {
        if (!hasBody(request)) return null;
        return () -> {
            try {
                return buffer(request, maxBytes);
            } catch (HttpProblem p) {
                throw new dev.palisade.engine.BodyRefused(p.reason(), p.getMessage());
            }
        };
    }

    private static HttpProblem tooLarge(int maxBytes) {
        return new HttpProblem(Reason.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
    }
}
