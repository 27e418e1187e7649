package dev.palisade.http.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges what Palisade's scripts need into an upstream page's own Content-Security-Policy: its
 * scripts (palisade.js, the page challenge), its worker and its fetches are all same-origin, so
 * each of {@code script-src}, {@code worker-src} and {@code connect-src} that the policy restricts
 * (directly or through {@code default-src}) gets {@code 'self'}. Everything else stays the app's.
 *
 * <p>A page whose scripts are allowed by a nonce keeps its {@code script-src} as it is: Palisade's
 * script tags carry that nonce instead. {@code 'self'} there would let every same-origin script run
 * (a JSONP endpoint, an upload), and next to {@code 'strict-dynamic'} a browser ignores it anyway. Its
 * worker, which no nonce admits, gets {@code worker-src} with {@code 'self'}.
 */
final class ContentSecurityPolicy {

    private static final List<String> NEEDED = List.of("script-src", "worker-src", "connect-src");
    /** CSP's base64-value, the only nonce that may go into a tag's attribute as it is. */
    private static final java.util.regex.Pattern NONCE = java.util.regex.Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
    private static final String NONCE_PREFIX = "'nonce-";

    private ContentSecurityPolicy() {}

    /**
     * The nonce that lets the page's scripts run under its policies (the first one named in a
     * {@code script-src}, or a {@code default-src} where there is none), for Palisade's own tags; null if none.
     */
    static String nonce(List<String> headerValues) {
        for (String value : headerValues) {
            for (String policy : value.split(",")) {
                for (String source : scriptSources(directives(policy))) {
                    if (source.length() > NONCE_PREFIX.length() + 1 && source.regionMatches(true, 0, NONCE_PREFIX, 0, NONCE_PREFIX.length())
                            && source.endsWith("'")) {
                        String nonce = source.substring(NONCE_PREFIX.length(), source.length() - 1);
                        if (NONCE.matcher(nonce).matches()) return nonce;
                    }
                }
            }
        }
        return null;
    }

    /** One header's value without a nonce for Palisade's tags: see {@link #merge(String, String)}. */
    static String merge(String value) {
        return merge(value, null);
    }

    /**
     * One header's value: a policy, or several separated by commas, each merged on its own.
     *
     * @param nonce the nonce Palisade's script tags carry (see {@link #nonce}), or null
     */
    static String merge(String value, String nonce) {
        if (value == null || value.indexOf(',') < 0) return mergeOne(value, nonce);
        StringBuilder b = new StringBuilder();
        for (String policy : value.split(",")) {
            if (policy.isBlank()) continue;
            if (b.length() > 0) b.append(", ");
            b.append(mergeOne(policy, nonce));
        }
        return b.toString();
    }

    private static Map<String, List<String>> directives(String policy) {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String part : policy.split(";")) {
            String[] tokens = part.trim().split("\\s+");
            if (tokens.length == 0 || tokens[0].isEmpty()) continue;
            directives.putIfAbsent(tokens[0].toLowerCase(Locale.ROOT), new ArrayList<>(List.of(tokens).subList(1, tokens.length)));
        }
        return directives;
    }

    /** What decides whether a script runs: {@code script-src}, else {@code default-src}; empty when neither restricts. */
    private static List<String> scriptSources(Map<String, List<String>> directives) {
        List<String> sources = directives.get("script-src");
        if (sources == null) sources = directives.get("default-src");
        return sources == null ? List.of() : sources;
    }

    private static String mergeOne(String policy, String nonce) {
        if (policy == null || policy.isBlank()) return policy;
        Map<String, List<String>> directives = directives(policy);
        boolean byNonce = nonce != null && scriptSources(directives).contains(NONCE_PREFIX + nonce + "'");
        List<String> fallback = directives.get("default-src");
        for (String name : NEEDED) {
            List<String> sources = directives.get(name);
            if (byNonce && name.equals("script-src")) continue; // Palisade's tags carry the nonce
            if (sources == null && name.equals("worker-src")) {
                if (!byNonce && directives.containsKey("script-src")) continue; // falls back to script-src, which now admits it
                if (byNonce) {
                    // falls back to child-src, then to the scripts' sources: the worker needs 'self' there,
                    // which a nonce-only or strict-dynamic list does not give
                    List<String> inherited = directives.containsKey("child-src") ? directives.get("child-src") : scriptSources(directives);
                    if (inherited.isEmpty() && !directives.containsKey("child-src")) continue; // not restricted
                    sources = new ArrayList<>();
                    for (String s : inherited) if (!scriptOnly(s)) sources.add(s);
                    directives.put(name, sources);
                }
            }
            if (sources == null) {
                if (fallback == null) continue; // not restricted at all
                sources = new ArrayList<>(fallback);
                directives.put(name, sources);
            }
            boolean open = sources.stream().anyMatch(s -> s.equals("*") || s.equalsIgnoreCase("'self'"));
            if (!open) {
                sources.remove("'none'");
                sources.add("'self'");
            }
        }
        StringBuilder b = new StringBuilder();
        directives.forEach((name, sources) -> {
            if (b.length() > 0) b.append("; ");
            b.append(name);
            for (String s : sources) b.append(' ').append(s);
        });
        return b.toString();
    }

    /**
     * Sources that admit script elements only (a nonce, a hash, inline code), or make a list ignore
     * {@code 'self'} ({@code 'strict-dynamic'}): none admits a worker.
     */
    private static boolean scriptOnly(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("'nonce-") || s.startsWith("'sha") || s.equals("'strict-dynamic'") || s.equals("'unsafe-inline'")
                || s.equals("'none'");
    }
}
