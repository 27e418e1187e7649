package dev.palisade.http.admin;

import dev.palisade.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /admin/openapi.json}: the OpenAPI 3.1 description of the admin API and {@code /auth/*},
 * the resource {@code openapi.json} as it is kept in the repository. Answers without the token, like
 * {@link AdminIndex}: it describes routes, never data.
 */
final class ApiDescription {

    static final String PATH = "/admin/openapi.json";
    static final String RESOURCE = "/openapi.json";
    private static final byte[] DOCUMENT = load();

    private ApiDescription() {}

    static boolean serves(Request request) {
        return request.getHttpURI().getPath().equals(PATH)
                && (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod()));
    }

    static boolean answer(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, DOCUMENT.length);
        response.write(true, ByteBuffer.wrap(DOCUMENT), callback);
        return true;
    }

    private static byte[] load() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the server's resources");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
