package dev.palisade.http.proxy;

import java.util.List;
import java.util.Locale;

/**
 * The shipped verifying middleware's refusal of a call this server forwarded: a 401 whose
 * {@code WWW-Authenticate} names the scheme {@code PalisadeUpstream} (in any case, among any
 * challenges), with the fault in its {@code error} parameter. An app's own 401 names another scheme.
 */
final class MiddlewareRefusal {

    static final String SCHEME = "palisadeupstream";

    private MiddlewareRefusal() {}

    /** The fault named ({@code signature}, {@code expired}, {@code nonce}, {@code body}), "" for none; null when not the middleware's. */
    static String fault(int status, List<String> challenges) {
        if (status != 401) return null;
        for (String value : challenges) {
            String v = value.trim();
            int end = 0;
            while (end < v.length() && v.charAt(end) != ' ' && v.charAt(end) != ',') end++;
            if (!v.substring(0, end).toLowerCase(Locale.ROOT).equals(SCHEME)) continue;
            int at = v.toLowerCase(Locale.ROOT).indexOf("error=", end);
            if (at < 0) return "";
            int from = at + "error=".length();
            boolean quoted = from < v.length() && v.charAt(from) == '"';
            if (quoted) from++;
            int to = from;
            while (to < v.length() && Character.isLetter(v.charAt(to))) to++;
            return v.substring(from, to).toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
