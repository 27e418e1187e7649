package dev.palisade.http;

import dev.palisade.engine.auth.BearerToken;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Where credentials travel in HTTP. */
public final class Credentials {

    public static final String API_KEY_HEADER = "X-Api-Key";

    private Credentials() {}

    /** The token of {@code Authorization: Bearer <token>}, or null. */
    public static String bearer(Request request) {
        return BearerToken.of(authorization(request));
    }

    /** The {@code Authorization} header's value as sent, or null; the engine finds a bearer token in it. */
    public static String authorization(Request request) {
        return request.getHeaders().get(HttpHeader.AUTHORIZATION);
    }

    public static String apiKey(Request request) {
        String value = request.getHeaders().get(API_KEY_HEADER);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
