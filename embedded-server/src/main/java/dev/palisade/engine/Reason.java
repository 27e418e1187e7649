package dev.palisade.engine;

/**
 * The vocabulary of decision codes. Each code is a public contract (clients, scripts and the
 * console match on it), so codes are only ever added, never renamed.
 */
public enum Reason {
    ALLOWED("allowed", 200, "Allowed"),
    MISSING_CREDENTIALS("missing_credentials", 401, "Credentials required"),
    INVALID_TOKEN("invalid_token", 401, "Invalid token"),
    EXPIRED_TOKEN("expired_token", 401, "Token expired"),
    SESSION_REVOKED("session_revoked", 401, "Session revoked"),
    SESSION_EXPIRED("session_expired", 401, "Session expired"),
    NO_BOOTSTRAP("no_bootstrap", 401, "Client bootstrap not proven"),
    INVALID_API_KEY("invalid_api_key", 401, "Invalid API key"),
    INVALID_CREDENTIALS("invalid_credentials", 401, "Invalid username or password"),
    MISSING_SIGNATURE("missing_signature", 401, "Request signature required"),
    BAD_SIGNATURE("bad_signature", 401, "Bad request signature"),
    BAD_DIGEST("bad_digest", 401, "Body does not match its digest"),
    STALE("stale", 401, "Request too old or from the future"),
    REPLAYED("replayed", 401, "Request replayed"),
    REAUTH_REQUIRED("reauth_required", 401, "Re-authentication required"),
    BLACKLISTED("blacklisted", 403, "Blacklisted"),
    SEQUENCE_VIOLATION("sequence_violation", 403, "Business sequence violated"),
    RATE_LIMITED("rate_limited", 429, "Rate limit exceeded"),
    TOO_MANY_SESSIONS("too_many_sessions", 429, "Too many sessions"),
    NONCE_CAPACITY("nonce_store_full", 503, "Replay protection is at capacity"),
    UPSTREAM_UNAVAILABLE("upstream_unavailable", 502, "The protected API is unavailable"),
    UPSTREAM_TIMEOUT("upstream_timeout", 504, "The protected API did not answer in time"),
    FORBIDDEN_SCOPE("forbidden_scope", 403, "Outside the credential's scope"),
    SESSION_CAPACITY("session_capacity", 503, "Too many live sessions"),
    BOOTSTRAP_CAPACITY("bootstrap_capacity", 503, "Too many outstanding bootstraps"),
    WORK_REQUIRED("work_required", 401, "Proof of work required"),
    WORK_INVALID("work_invalid", 401, "Proof of work invalid"),
    CHALLENGE_FAILED("challenge_failed", 401, "Page challenge failed"),
    INVALID_DEBUG_TOKEN("invalid_debug_token", 401, "Invalid debug token"),
    AUTOMATION_SUSPECTED("automation_suspected", 403, "Automated browser suspected"),
    LISTENER_CAPACITY("listener_capacity", 503, "Too many event stream listeners"),
    BAD_REQUEST("bad_request", 400, "Bad request"),
    INVALID_CONFIG("invalid_config", 400, "Invalid configuration"),
    NOT_FOUND("not_found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "Payload too large"),
    URI_TOO_LONG("uri_too_long", 414, "URI too long"),
    HEADERS_TOO_LARGE("headers_too_large", 431, "Request headers too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "Unsupported media type"),
    ADMIN_UNAUTHORIZED("admin_unauthorized", 401, "Admin token required"),
    ADMIN_THROTTLED("admin_throttled", 429, "Too many wrong admin tokens"),
    FORBIDDEN_HOST("forbidden_host", 403, "Host not allowed"),
    FORBIDDEN_ROLE("forbidden_role", 403, "Role does not allow this"),
    LOGIN_THROTTLED("login_throttled", 429, "Too many failed logins"),
    USER_DISABLED("user_disabled", 403, "User disabled"),
    LOGIN_BUSY("login_busy", 503, "Too many logins at once"),
    REPORT_BUSY("report_busy", 503, "Too many reports at once"),
    UNHEALTHY("unhealthy", 503, "Unhealthy"),
    INTERNAL_ERROR("internal_error", 500, "Internal error"),
    STATE_UNAVAILABLE("state_unavailable", 503, "Shared state unavailable"),
    REQUEST_TIMEOUT("request_timeout", 408, "Request body too slow"),
    STORE_UNAVAILABLE("store_unavailable", 503, "Database unavailable");

    private static final Reason[] VALUES = values();

    private final String code;
    private final int status;
    private final String title;

    Reason(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() { return code; }

    /** The HTTP status this reason maps to; the engine never speaks HTTP, but the contract pins it. */
    public int status() { return status; }

    public String title() { return title; }

    public boolean isDenial() { return this != ALLOWED; }

    /** 401 answers carry a {@code WWW-Authenticate} challenge. */
    public boolean challenges() { return status == 401; }

    public static Reason ofCode(String code) {
        for (Reason r : VALUES) {
            if (r.code.equals(code)) return r;
        }
        throw new IllegalArgumentException("unknown reason code: " + code);
    }

    public static int count() { return VALUES.length; }

    public static Reason ofOrdinal(int ordinal) { return VALUES[ordinal]; }
}
