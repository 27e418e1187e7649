package dev.palisade.engine;

import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.session.Session;

/**
 * The engine's view of one call to the protected API, filled in by the HTTP adapter. Checks read
 * the request's facts and attach what they established (the session, the API key) for later checks.
 * Used by one thread at a time.
 */
public final class ProtectedRequest {

    private final String method;
    private final String path;
    private final String clientIp;
    private final String userAgent;
    private final String bearerToken;
    private final String apiKey;

    private Session session;
    private ApiKey apiKeyPrincipal;

    /**
     * @param bearerToken the token from {@code Authorization: Bearer}, or null
     * @param apiKey      the value of the API key header, or null
     */
    public ProtectedRequest(String method, String path, String clientIp, String userAgent,
                            String bearerToken, String apiKey) {
        this.method = method;
        this.path = path;
        this.clientIp = clientIp;
        this.userAgent = userAgent == null ? "" : userAgent;
        this.bearerToken = bearerToken;
        this.apiKey = apiKey;
    }

    public String method() { return method; }
    public String path() { return path; }
    public String clientIp() { return clientIp; }
    public String userAgent() { return userAgent; }
    public String bearerToken() { return bearerToken; }
    public String apiKey() { return apiKey; }

    public Session session() { return session; }
    public void attach(Session session) { this.session = session; }

    public ApiKey apiKeyPrincipal() { return apiKeyPrincipal; }
    public void attach(ApiKey key) { this.apiKeyPrincipal = key; }

    /** The user (session) or key name (API key) this call acts for, once a credential check passed. */
    public String principal() {
        if (session != null) return session.user();
        if (apiKeyPrincipal != null) return "apikey:" + apiKeyPrincipal.name();
        return null;
    }
}
