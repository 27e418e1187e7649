package dev.palisade.console.ui.common;

import dev.palisade.console.scenarios.Level;

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
            Map.entry("missing_signature", "a signature with the session's key, agreed at login and never sent: a token"
                    + " alone (a stolen one) cannot make it; palisade.js signs every call"),
            Map.entry("bad_signature", "the request exactly as it was signed, covering method, authority, path, query and token"),
            Map.entry("bad_digest", "the body exactly as it was signed"),
            Map.entry("stale", "a client clock within the skew window, signing at send time"),
            Map.entry("replayed", "a fresh nonce for every request: this one was already used"),
            Map.entry("reauth_required", "the same browser and network as at login, or a new login"),
            Map.entry("blacklisted", "an address, agent, session or token not on the blacklist"),
            Map.entry("rate_limited", "fewer calls per window; retry after the Retry-After seconds"),
            Map.entry("sequence_violation", "the calls the business expects first (e.g. GET /api/cart before ordering)"),
            Map.entry("too_many_sessions", "fewer live sessions from this address or for this user"),
            Map.entry("nonce_store_full", "a retry a second later; raise noncesPerSecondMax if this is real traffic"),
            Map.entry("invalid_credentials", "the user's own name and password"),
            Map.entry("login_throttled", "a login after the Retry-After seconds; a person who forgot the password asks the operator"),
            Map.entry("user_disabled", "a user the operator has not disabled (Users)"),
            Map.entry("login_busy", "a login a second later: as many passwords as the server has cores were being checked"),
            Map.entry("work_required", "the page's proof of work, solved (palisade.js solves it as the page loads)"),
            Map.entry("work_invalid", "the proof of work of the page whose nonce is redeemed, solved at the bits it asked"),
            Map.entry("challenge_failed", "the page's challenge answered, as palisade.js answers it in the page (a script that"
                    + " models the page's layout answers it too, and still pays the proof of work)"),
            Map.entry("automation_suspected", "a browser a person uses: no WebDriver or headless mode, a browser's"
                    + " User-Agent and headers (the fingerprint policy denies automation)"),
            Map.entry("invalid_debug_token", "a live debug token from Configuration, or none (then the work and the challenge)"),
            Map.entry("session_capacity", "a login once sessions have ended: the server holds its maximum of live sessions"),
            Map.entry("bootstrap_capacity", "a bootstrap once outstanding pages and tickets have lapsed"),
            Map.entry("state_unavailable", "the same call a few seconds later, once the cluster's Redis answers"),
            Map.entry("store_unavailable", "the same call once the database is usable again (disk space, its file, a lock)"),
            Map.entry("upstream_unavailable", "the same call once the protected API answers (it was not reached)"),
            Map.entry("upstream_timeout", "the same call once the protected API answers within --upstream-timeout"),
            // not a Reason: the shipped middleware's 401, which the reverse proxy records
            Map.entry("upstream_signature", "a call the app's verifying middleware takes: this server's upstream.key, a clock"
                    + " within its tolerance of this server's, a body it is set to take (the event names the fault)"),
            Map.entry("bad_request", "a well-formed request: the detail names what was not"),
            Map.entry("payload_too_large", "a smaller body (a signed call's is at most 64 KiB)"),
            Map.entry("uri_too_long", "a shorter path and query"),
            Map.entry("headers_too_large", "fewer or smaller headers"),
            Map.entry("request_timeout", "a body sent without long pauses"),
            Map.entry("unsupported_media_type", "a body of the type the call takes (application/json)"),
            Map.entry("method_not_allowed", "a method the path takes (POST for /auth/*)"),
            Map.entry("not_found", "a path the server serves"));

    /**
     * The attacker ladder's rung whose answer each refusal code is, as the server names it in an event's {@code rung}
     * (docs/protocol.md) for every check but {@code price}, whose refusals {@link #rungOf(String, String)} places;
     * here for the Overview's counts, which a range longer than the live one takes from the server's per-code totals,
     * without events.
     */
    private static final Map<String, Level> RUNG_OF = Map.ofEntries(
            Map.entry("missing_credentials", Level.NO_CLIENT), Map.entry("no_bootstrap", Level.NO_CLIENT),
            Map.entry("invalid_api_key", Level.NO_CLIENT), Map.entry("blacklisted", Level.NO_CLIENT),
            Map.entry("replayed", Level.REPLAY), Map.entry("stale", Level.REPLAY), Map.entry("bad_digest", Level.REPLAY),
            Map.entry("invalid_token", Level.STOLEN_TOKEN), Map.entry("missing_signature", Level.STOLEN_TOKEN),
            Map.entry("reauth_required", Level.STOLEN_TOKEN), Map.entry("bad_signature", Level.DEVTOOLS_COPY),
            Map.entry("work_required", Level.PROTOCOL_SCRIPT),
            Map.entry("work_invalid", Level.PROTOCOL_SCRIPT), Map.entry("challenge_failed", Level.PROTOCOL_SCRIPT),
            Map.entry("invalid_debug_token", Level.PROTOCOL_SCRIPT),
            Map.entry("automation_suspected", Level.AUTOMATED_BROWSER), Map.entry("rate_limited", Level.AUTOMATED_BROWSER),
            Map.entry("sequence_violation", Level.AUTOMATED_BROWSER), Map.entry("too_many_sessions", Level.AUTOMATED_BROWSER));

    private Explanations() {}

    /**
     * The rung a refusal by {@code check} answers, as the server's {@code Rung.answering(code, check)}: a price refusal
     * ({@code no_bootstrap} or {@code reauth_required} by the {@code price} check) is L4's, whose price is the work.
     */
    public static String rungOf(String code, String check) {
        boolean price = "price".equals(check) && ("no_bootstrap".equals(code) || "reauth_required".equals(code));
        return price ? Level.PROTOCOL_SCRIPT.toString() : rungOfCode(code);
    }

    /** {@code L0 no_client} for a refusal code the ladder's L0 answers; empty for a code off the ladder. */
    public static String rungOfCode(String code) {
        Level level = RUNG_OF.get(code);
        return level == null ? "" : level.toString();
    }

    /**
     * The rung whose defence refused a call, named as the ladder names it, with who climbs it ({@code the defence
     * against L4 protocol_script (a script speaking the protocol without running the page)}): not a verdict on the
     * caller, since a person meets some of them too (a page left open too long, a clock set wrong); empty for none
     * and for a rung this console does not know.
     */
    public static String rung(String label) {
        for (Level level : Level.values()) {
            if (level.label().equals(label)) return "the defence against " + level + " (" + level.who() + ")";
        }
        return "";
    }

    /**
     * A fingerprint component named as the operator reads it ({@code userAgent} → {@code User-Agent}, {@code header:X-Client}
     * → {@code Header X-Client}); a component this console does not know keeps the server's name. The policy form and
     * the mismatches' table both showed the API's keys beside labels written for people (session 50).
     */
    public static String fingerprintComponent(String component) {
        if (component == null) return "";
        if (component.startsWith("header:")) return "Header " + component.substring("header:".length());
        return switch (component) {
            case "userAgent" -> "User-Agent";
            case "ip" -> "Address";
            case "acceptLanguage" -> "Accept-Language";
            case "automation" -> "Automation signals";
            default -> component;
        };
    }

    /** What an alert of {@code kind} (an alert event's {@code check}) is about, in a few words; an unknown kind as it is. */
    public static String alertKind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "denied_per_minute" -> "refusals per minute";
            case "automation_suspected" -> "an automated browser";
            case "logins_per_user" -> "one user's logins";
            case "ip_auto_blocked" -> "an address blocked";
            case "logins_busy" -> "logins refused busy";
            default -> kind;
        };
    }

    /** What would have passed, or an empty string for allowed events and unknown codes. */
    public static String wouldPass(String code) {
        return WOULD_PASS.getOrDefault(code, "");
    }

    /**
     * What would have passed a refusal by {@code check}: a page, ticket or session used from an address dearer than
     * the one it was priced for (check {@code price}) passes with one priced for the address it is used from.
     */
    public static String wouldPass(String code, String check) {
        if ("price".equals(check) && "no_bootstrap".equals(code)) {
            return "a client page loaded at this address and its work done, at the price this address's pages ask (its"
                    + " own record): a page or ticket of a cheaper address's does not carry over";
        }
        if ("price".equals(check) && "reauth_required".equals(code)) {
            return "a new login through a client page loaded at this address, at its price, or a call from the address the"
                    + " session logged in from: a session opened at a cheaper neighbour's price does not carry over";
        }
        return wouldPass(code);
    }
}
