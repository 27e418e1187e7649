package dev.palisade.http.proxy;

/**
 * What an upstream answer's status allows to pass on: the proxy and the client page's fetch pass the app's answers
 * as they come, but a status outside HTTP's range reaches a client library that may throw on it, and a body-less
 * answer that names a length has the reply wait for bytes that never come (a 500 and a stack trace a call).
 */
final class UpstreamStatus {

    private UpstreamStatus() {}

    /** Why an answer with {@code status} cannot be passed on, for the client's 502; null when it can. */
    static String unusable(int status) {
        return status >= 100 && status <= 599 ? null
                : "the protected API answered with status " + status + ", outside HTTP's range (100-599)";
    }

    /** A 204 or 205 has no body (RFC 9110 15.3.5, 15.3.6), whatever Content-Length the app sent with it. */
    static boolean bodiless(int status) {
        return status == 204 || status == 205;
    }
}
