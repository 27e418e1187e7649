package dev.palisade.engine;

import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.BearerToken;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.signature.SignatureFields;
import dev.palisade.engine.signature.SignedMessage;

import java.util.function.Supplier;

/**
 * The engine's view of one call to the protected API, filled in by the HTTP adapter. Checks read
 * the request's facts and attach what they established (the session, the API key, the signature
 * parameters) for later checks. Used by one thread at a time.
 */
public final class ProtectedRequest {

    private final String method;
    private final String path;
    private final String clientIp;
    private final String userAgent;
    /** Holds the bearer token at [tokenFrom, tokenTo): the token itself, or the Authorization header's value. */
    private final String bearerSource;
    private final int tokenFrom;
    private final int tokenTo;
    private String bearerToken;
    private final String apiKey;
    private final SignedMessage wire;
    private final Supplier<byte[]> body;
    private byte[] bodyDigest;
    private byte[] bearerDigest;
    private boolean bodyRead;
    private boolean bodyWithheld;

    private Session session;
    private dev.palisade.engine.rate.RateLimiter.Exceeded clusterRate;
    private boolean clusterRateDecided;
    /** When the nonce's round trip decided the cluster's windows. */
    private long clusterRateAt;
    /** When the rate check counted this call in this node's windows; 0 when it did not. */
    private long ratesCountedAt;
    /** Whether the rate check counted this call in the cluster's windows itself (not with the nonce). */
    private boolean clusterCountedByRateCheck;
    private ApiKey apiKeyPrincipal;
    private SignatureFields signature;
    private Verdict onceNonceSpent;
    /** When the engine's clock was first read for this call; {@code Long.MIN_VALUE} until then. */
    private long at = Long.MIN_VALUE;

    /**
     * @param path        the decoded, normalised path (scopes and rules match on it)
     * @param bearerToken the token from {@code Authorization: Bearer}, or null
     * @param apiKey      the value of the API key header, or null
     * @param wire        the request as sent, for signature checks
     * @param body        reads the body when a check first needs it (null when there is none); may
     *                    throw the adapter's own exception, e.g. for a body over its size limit
     */
    public ProtectedRequest(String method, String path, String clientIp, String userAgent, String bearerToken,
                            String apiKey, SignedMessage wire, Supplier<byte[]> body) {
        this(method, path, clientIp, userAgent, bearerToken, 0, bearerToken == null ? 0 : bearerToken.length(), apiKey, wire, body);
    }

    private ProtectedRequest(String method, String path, String clientIp, String userAgent, String bearerSource, int tokenFrom,
                             int tokenTo, String apiKey, SignedMessage wire, Supplier<byte[]> body) {
        this.method = method;
        this.path = path;
        this.clientIp = clientIp;
        this.userAgent = userAgent == null ? "" : userAgent;
        this.bearerSource = bearerSource;
        this.tokenFrom = tokenFrom;
        this.tokenTo = tokenTo;
        this.apiKey = apiKey;
        this.wire = wire;
        this.body = body;
    }

    /**
     * As the constructor, with the bearer token found in {@code authorization}, the {@code Authorization}
     * header's value as sent (or null): the checks hash the token where it lies, and copy it out only
     * when one needs it whole (a token's first presentation, a refresh).
     */
    public static ProtectedRequest withAuthorization(String method, String path, String clientIp, String userAgent,
                                                     String authorization, String apiKey, SignedMessage wire,
                                                     Supplier<byte[]> body) {
        int from = BearerToken.start(authorization);
        return from < 0
                ? new ProtectedRequest(method, path, clientIp, userAgent, null, 0, 0, apiKey, wire, body)
                : new ProtectedRequest(method, path, clientIp, userAgent, authorization, from, BearerToken.end(authorization),
                        apiKey, wire, body);
    }

    public String method() { return method; }
    public String path() { return path; }
    public String clientIp() { return clientIp; }
    public String userAgent() { return userAgent; }

    /** Whether the call carries a bearer token (rather than an API key, or nothing). */
    public boolean hasBearer() { return bearerSource != null; }

    /** The bearer token, or null; a string of its own, made when first asked. */
    public String bearerToken() {
        if (bearerToken == null && bearerSource != null) bearerToken = bearerSource.substring(tokenFrom, tokenTo);
        return bearerToken;
    }

    /**
     * The call's instant in {@code clock}'s milliseconds, read when first asked: every check judges a call at
     * the same instant, and a call reads the clock once rather than once a check (about 35 ns a read here). Every
     * caller passes the engine's one clock: the instant first read is kept, whichever clock a later caller names.
     */
    public long now(java.time.Clock clock) {
        long t = at;
        if (t == Long.MIN_VALUE) at = t = clock.millis();
        return t;
    }

    /** SHA-256 of the bearer token, taken once for the checks that look tokens up. */
    public byte[] bearerDigest() {
        if (bearerDigest == null && bearerSource != null) bearerDigest = Secrets.sha256(bearerSource, tokenFrom, tokenTo);
        return bearerDigest;
    }
    public String apiKey() { return apiKey; }
    public SignedMessage wire() { return wire; }
    /** SHA-256 of the body, or null when there is none; the body is read only when this is first asked. */
    public byte[] bodyDigest() {
        if (!bodyRead) {
            bodyRead = true;
            byte[] bytes = body == null ? null : body.get();
            bodyDigest = bytes == null || bytes.length == 0 ? null : Secrets.sha256(bytes);
        }
        return bodyDigest;
    }

    /**
     * Marks a call whose body never reaches Palisade (a gateway's decision request: nginx's
     * {@code auth_request} and Caddy's {@code forward_auth} send headers only). The signature is then
     * checked as signed, including the {@code Content-Digest} it covers, but nothing is compared with a body.
     */
    public ProtectedRequest withBodyWithheld() {
        this.bodyWithheld = true;
        return this;
    }

    /** True when the body was not sent to Palisade at all, as opposed to sent empty. */
    public boolean bodyWithheld() { return bodyWithheld; }

    /** A header of the request as sent (lower-case name), or null. */
    public String header(String name) { return wire.header(name); }

    public Session session() { return session; }
    public void attach(Session session) { this.session = session; }

    public ApiKey apiKeyPrincipal() { return apiKeyPrincipal; }
    public void attach(ApiKey key) { this.apiKeyPrincipal = key; }

    public SignatureFields signature() { return signature; }

    /** The cluster's windows as decided with the nonce (one round trip): the exceeded one, or null. */
    public dev.palisade.engine.rate.RateLimiter.Exceeded clusterRate() { return clusterRate; }

    /** Whether the nonce check already counted this call in the cluster's windows. */
    public boolean clusterRateDecided() { return clusterRateDecided; }

    /** When the nonce's round trip decided the cluster's windows: a call counted then is taken back as of then. */
    public long clusterRateAt() { return clusterRateAt; }

    public void decidedClusterRate(dev.palisade.engine.rate.RateLimiter.Exceeded refused, long at) {
        this.clusterRate = refused;
        this.clusterRateDecided = true;
        this.clusterRateAt = at;
    }

    /** When the rate check counted this call in this node's windows, or 0: what its undo takes back, as of then. */
    public long ratesCountedAt() { return ratesCountedAt; }

    /** Whether the rate check counted this call in the cluster's windows itself. */
    public boolean clusterCountedByRateCheck() { return clusterCountedByRateCheck; }

    public void countedInRates(long at, boolean inCluster) {
        this.ratesCountedAt = at;
        this.clusterCountedByRateCheck = inCluster;
    }
    /** The thread's fields as the freshness check read them: valid while this call's checks run on this thread. */
    public void attach(SignatureFields input) { this.signature = input; }

    /**
     * A refusal decided before the signature was checked, to be given once its MAC holds and its nonce
     * is spent (a call from the future, which would be fresh later): null for nearly every call.
     */
    public Verdict refusalOnceNonceSpent() { return onceNonceSpent; }

    public void refuseOnceNonceSpent(Verdict refusal) { this.onceNonceSpent = refusal; }

    /** The user (session) or key name (API key) this call acts for, once a credential check passed. */
    public String principal() {
        if (session != null) return session.user();
        if (apiKeyPrincipal != null) return apiKeyPrincipal.principal();
        return null;
    }
}
