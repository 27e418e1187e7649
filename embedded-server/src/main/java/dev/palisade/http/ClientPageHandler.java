package dev.palisade.http;

import dev.palisade.engine.auth.AuthFlow;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: the client page. Each serving mints a fresh one-time page nonce with its proof of
 * work and page challenge ({@link PageMarkup}); palisade.js redeems it at {@code POST /auth/bootstrap}.
 */
public final class ClientPageHandler extends JsonHandler {

    static final String NONCE_PLACEHOLDER = "{{PALISADE_HEAD}}";

    private final AuthFlow auth;
    private final ClientAddress addresses;
    private final String before;
    private final String after;

    public ClientPageHandler(AuthFlow auth, ClientAddress addresses) {
        this.auth = auth;
        this.addresses = addresses;
        String template = load("/web/index.html");
        int at = template.indexOf(NONCE_PLACEHOLDER);
        if (at < 0) throw new IllegalStateException("the client page template lacks " + NONCE_PLACEHOLDER);
        this.before = template.substring(0, at);
        this.after = template.substring(at + NONCE_PLACEHOLDER.length());
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!JsonHandler.path(request).equals("/")) return false;
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            throw methodNotAllowed(request, "GET, HEAD");
        }
        byte[] page = (before + PageMarkup.head(auth.servePage(addresses.of(request))) + after).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
                + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(HttpHeader.CONTENT_LENGTH, page.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(page), callback);
        return true;
    }

    private static String load(String resource) {
        try (InputStream in = ClientPageHandler.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
