package dev.palisade.console.ui.common;

import java.util.Map;

/** For each denial code, what a legitimate client does differently: the console's "what would have passed". */
public final class Explanations {

    private static final Map<String, String> WOULD_PASS = Map.ofEntries(
            Map.entry("missing_credentials", "a bearer token from POST /auth/login, or an X-Api-Key header"),
            Map.entry("invalid_token", "a token this server issued (HS256, its key ids), unaltered"),
            Map.entry("expired_token", "a token refreshed with POST /auth/refresh before it expires"),
            Map.entry("session_revoked", "a new login: this session was ended"),
            Map.entry("session_expired", "a new login: the session idled out or reached its lifetime"),
            Map.entry("no_bootstrap", "loading the client page and redeeming its page nonce within the window"),
            Map.entry("invalid_api_key", "a live API key created in Configuration"),
            Map.entry("forbidden_scope", "an API key whose scopes cover this path"),
            Map.entry("missing_signature", "a signature with the session's signingKey (palisade.js signs every call)"),
            Map.entry("bad_signature", "the request exactly as it was signed, covering method, authority, path, query and token"),
            Map.entry("bad_digest", "the body exactly as it was signed"),
            Map.entry("stale", "a client clock within the skew window, signing at send time"),
            Map.entry("replayed", "a fresh nonce for every request: this one was already used"),
            Map.entry("reauth_required", "the same browser and network as at login, or a new login"),
            Map.entry("blacklisted", "an address, agent, session or token not on the blacklist"),
            Map.entry("rate_limited", "fewer calls per window; retry after the Retry-After seconds"),
            Map.entry("sequence_violation", "the calls the business expects first (e.g. GET /api/cart before ordering)"),
            Map.entry("too_many_sessions", "fewer live sessions from this address or for this user"),
            Map.entry("nonce_store_full", "a retry a second later; raise noncesPerSecondMax if this is real traffic"));

    private Explanations() {}

    /** What would have passed, or an empty string for allowed events and unknown codes. */
    public static String wouldPass(String code) {
        return WOULD_PASS.getOrDefault(code, "");
    }
}
