package dev.palisade.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Where credentials travel in HTTP. */
public final class Credentials {

    public static final String API_KEY_HEADER = "X-Api-Key";

    private Credentials() {}

    /** The token of {@code Authorization: Bearer <token>}, or null. */
    public static String bearer(Request request) {
        String value = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (value == null || value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    public static String apiKey(Request request) {
        String value = request.getHeaders().get(API_KEY_HEADER);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
