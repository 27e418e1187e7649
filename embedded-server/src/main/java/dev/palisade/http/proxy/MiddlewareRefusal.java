package dev.palisade.http.proxy;

import java.util.List;
import java.util.Locale;

/**
 * The shipped verifying middleware's refusal of a call this server forwarded: a 401 with a
 * {@code WWW-Authenticate} challenge of the scheme {@code PalisadeUpstream} (in any case, in any field,
 * beside other challenges), its fault in the auth-param {@code error}. An app's own 401 names another
 * scheme. Challenges are read as RFC 9110 (11.6.1) writes them: {@code scheme [ token68 / auth-param
 * *( "," auth-param ) ]}, several a field, comma-separated, a param's value a token or a quoted string.
 */
final class MiddlewareRefusal {

    private static final String SCHEME = "PalisadeUpstream";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MiddlewareRefusal.class);

    private MiddlewareRefusal() {}

    /**
     * Counts the app's answer to a call or page this server forwarded when it is the middleware's refusal. Never
     * throws: the answer goes to the client as it came whatever the count does (a failure is logged).
     */
    static void count(dev.palisade.engine.Engine engine, String path, int status, List<String> challenges) {
        if (status != 401) return;
        try {
            String fault = fault(status, challenges);
            if (fault != null) engine.upstreamRefused(path, fault);
        } catch (RuntimeException e) {
            LOG.warn("The protected API's refusal of {} could not be counted", path, e);
        }
    }

    /** The fault named ({@code signature}, {@code expired}, {@code nonce}, {@code body}), "" for none; null when not the middleware's. */
    static String fault(int status, List<String> fields) {
        if (status != 401) return null;
        for (String field : fields) {
            if (!mentions(field)) continue; // an app's own challenge: nothing read, nothing made
            String fault = new MiddlewareRefusal.Reader(field).fault();
            if (fault != null) return fault;
        }
        return null;
    }

    private static boolean mentions(String field) {
        for (int i = 0; i + SCHEME.length() <= field.length(); i++) {
            if (field.regionMatches(true, i, SCHEME, 0, SCHEME.length())) return true;
        }
        return false;
    }

    /** One field's challenges, read left to right. */
    private static final class Reader {
        private final String v;
        private int i;

        Reader(String v) {
            this.v = v;
        }

        /** The fault of this field's PalisadeUpstream challenge, "" when it names none, null when there is none. */
        String fault() {
            boolean ours = false;
            String error = null;
            boolean startOfElement = true;
            while (true) {
                skip(" \t");
                if (i >= v.length()) break;
                if (v.charAt(i) == ',') {
                    i++;
                    startOfElement = true;
                    continue;
                }
                String token = token();
                if (token.isEmpty()) break; // a character no challenge holds here: read no further
                skip(" \t");
                boolean assigned = i < v.length() && v.charAt(i) == '=';
                if (assigned && !token68Padding()) { // an auth-param: name = token / quoted-string
                    i++;
                    skip(" \t");
                    String value = i < v.length() && v.charAt(i) == '"' ? quoted() : token();
                    if (ours && token.equalsIgnoreCase("error")) error = value;
                } else if (!assigned && startOfElement) { // a scheme: the challenge before it ends
                    if (ours) return value(error);
                    ours = token.equalsIgnoreCase(SCHEME);
                } // else a token68 after its scheme
                startOfElement = false;
            }
            return ours ? value(error) : null;
        }

        private static String value(String error) {
            return error == null ? "" : error.toLowerCase(Locale.ROOT);
        }

        /** Whether the '=' here ends a token68 ({@code abc==}, then a comma or the end), not a param's. */
        private boolean token68Padding() {
            int j = i;
            while (j < v.length() && v.charAt(j) == '=') j++;
            while (j < v.length() && (v.charAt(j) == ' ' || v.charAt(j) == '\t')) j++;
            if (j < v.length() && v.charAt(j) != ',') return false;
            i = j;
            return true;
        }

        private void skip(String chars) {
            while (i < v.length() && chars.indexOf(v.charAt(i)) >= 0) i++;
        }

        private String token() {
            int start = i;
            while (i < v.length() && tokenChar(v.charAt(i))) i++;
            return v.substring(start, i);
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            for (i++; i < v.length() && v.charAt(i) != '"'; i++) {
                if (v.charAt(i) == '\\' && i + 1 < v.length()) i++;
                out.append(v.charAt(i));
            }
            i++;
            return out.toString();
        }

        /** RFC 9110's tchar, and '/' for a token68. */
        private static boolean tokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
        }
    }
}
