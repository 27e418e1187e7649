package dev.palisade.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The attacker ladder (SECURITY.md): callers who must each do more work than the one below, up
 * to the person the API is for. A refusal a caller meets is the answer of one rung (SECURITY.md's "Palisade's
 * answer"; it may stop others too: an altered replay meets {@code bad_signature}), so an event can say which
 * defence refused it. Not a verdict on the caller: a person meets some of them too (a page left open past its
 * nonce's window meets {@code no_bootstrap}, a clock set wrong {@code stale}). Named as the docs, the scenarios
 * and the console name them; only ever added to.
 */
public enum Rung {
    NO_CLIENT, REPLAY, STOLEN_TOKEN, DEVTOOLS_COPY, PROTOCOL_SCRIPT, AUTOMATED_BROWSER, PERSON;

    private static final Map<Reason, Rung> ANSWERING = new EnumMap<>(Reason.class);
    private static final Map<String, Rung> BY_CODE = new HashMap<>();

    static {
        // as SECURITY.md's table and the console's scenarios place them: a script that never loaded the client page
        // (hotlinking) meets no_bootstrap
        answer(NO_CLIENT, Reason.MISSING_CREDENTIALS, Reason.INVALID_API_KEY, Reason.BLACKLISTED, Reason.NO_BOOTSTRAP);
        // a captured request sent again, late, or with its body changed
        answer(REPLAY, Reason.REPLAYED, Reason.STALE, Reason.BAD_DIGEST);
        // a token forged, without the session's key, or away from the browser and network it was issued to
        answer(STOLEN_TOKEN, Reason.INVALID_TOKEN, Reason.MISSING_SIGNATURE, Reason.REAUTH_REQUIRED);
        // a request signed without the key, which nothing on the wire carries
        answer(DEVTOOLS_COPY, Reason.BAD_SIGNATURE);
        answer(PROTOCOL_SCRIPT, Reason.WORK_REQUIRED, Reason.WORK_INVALID, Reason.CHALLENGE_FAILED, Reason.INVALID_DEBUG_TOKEN);
        // flagged, then slowed: what a driven browser meets once it has done everything a page does
        answer(AUTOMATED_BROWSER, Reason.AUTOMATION_SUSPECTED, Reason.RATE_LIMITED, Reason.SEQUENCE_VIOLATION,
                Reason.TOO_MANY_SESSIONS);
        ANSWERING.forEach((reason, rung) -> BY_CODE.put(reason.code(), rung));
    }

    private static void answer(Rung rung, Reason... reasons) {
        for (Reason r : reasons) ANSWERING.put(r, rung);
    }

    /** {@code L0} … {@code L6}. */
    public String level() { return "L" + ordinal(); }

    /** The rung's name, e.g. {@code protocol_script}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /**
     * The rung a refusal with this code answers, or null: an operator's or the server's own refusal
     * (capacity, a bad request, an upstream down), or one a person meets in a session's ordinary life
     * (an expired token, a wrong password, a revoked session).
     */
    public static Rung answering(String code) {
        return BY_CODE.get(code);
    }

    /**
     * The rung a refusal with this code by this check answers, or null: a page, ticket or session used from another
     * address than the one it was priced for, whose pages ask more work (check {@code price}), answers L4, whose price
     * is the work; every other refusal as {@link #answering(String)} (audit ladder58 L2: the price refusal, a
     * {@code no_bootstrap} or {@code reauth_required}, was shown as L0's or L2's).
     */
    public static Rung answering(String code, String check) {
        boolean price = Denial.PRICE_CHECK.equals(check)
                && (Reason.NO_BOOTSTRAP.code().equals(code) || Reason.REAUTH_REQUIRED.code().equals(code));
        return price ? PROTOCOL_SCRIPT : answering(code);
    }

    /** The rung a refusal with this reason answers, or null (see {@link #answering(String)}). */
    public static Rung answering(Reason reason) {
        return ANSWERING.get(reason);
    }
}
