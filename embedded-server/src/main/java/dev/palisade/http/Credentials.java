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

    /**
     * What a request that sends a credential header twice carries instead: no token, so it is refused.
     * Which copy counts would otherwise be up to each reader (the first here, maybe the last upstream).
     */
    static final String TWICE = "Bearer given-twice";

    /** The {@code Authorization} header's value as sent, or null; the engine finds a bearer token in it. */
    public static String authorization(Request request) {
        return only(request.getHeaders(), HttpHeader.AUTHORIZATION.asString());
    }

    public static String apiKey(Request request) {
        String value = only(request.getHeaders(), API_KEY_HEADER);
        if (value == TWICE) return "given-twice";
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The one field of that name, {@link #TWICE} when there are more, or null; by index, with no iterator. */
    private static String only(org.eclipse.jetty.http.HttpFields fields, String name) {
        String found = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            org.eclipse.jetty.http.HttpField f = fields.getField(i);
            if (!f.is(name)) continue;
            if (found != null) return TWICE;
            found = f.getValue();
        }
        return found;
    }
}
