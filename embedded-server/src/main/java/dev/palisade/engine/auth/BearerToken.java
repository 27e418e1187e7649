package dev.palisade.engine.auth;

/**
 * Where {@code Authorization: Bearer <token>} keeps its token (RFC 6750 §2.1): the scheme matched
 * ignoring case, the token trimmed. The engine hashes a call's token where it lies in the header's
 * value, so a signed call makes no copy of its ~330 characters unless a check needs it whole.
 */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** Where the token starts in {@code authorization}, or -1 when the value carries no bearer token. */
    public static int start(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return -1;
        }
        int from = SCHEME.length();
        int length = authorization.length();
        while (from < length && authorization.charAt(from) <= ' ') from++; // as String.trim
        return from < length ? from : -1; // a value of blanks after the scheme holds no token
    }

    /** Where the token ends (exclusive): the value less its trailing blanks. Meaningful once {@link #start} gave one. */
    public static int end(String authorization) {
        int to = authorization.length();
        while (to > 0 && authorization.charAt(to - 1) <= ' ') to--;
        return to;
    }

    /** The token of {@code authorization} as a string of its own, or null. */
    public static String of(String authorization) {
        int from = start(authorization);
        return from < 0 ? null : authorization.substring(from, end(authorization));
    }
}
