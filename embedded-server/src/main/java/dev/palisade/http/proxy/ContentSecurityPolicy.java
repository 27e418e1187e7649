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
 */
final class ContentSecurityPolicy {

    private static final List<String> NEEDED = List.of("script-src", "worker-src", "connect-src");

    private ContentSecurityPolicy() {}

    /** One header's value: a policy, or several separated by commas, each merged on its own. */
    static String merge(String value) {
        if (value == null || value.indexOf(',') < 0) return mergeOne(value);
        StringBuilder b = new StringBuilder();
        for (String policy : value.split(",")) {
            if (policy.isBlank()) continue;
            if (b.length() > 0) b.append(", ");
            b.append(mergeOne(policy));
        }
        return b.toString();
    }

    private static String mergeOne(String policy) {
        if (policy == null || policy.isBlank()) return policy;
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String part : policy.split(";")) {
            String[] tokens = part.trim().split("\\s+");
            if (tokens.length == 0 || tokens[0].isEmpty()) continue;
            directives.putIfAbsent(tokens[0].toLowerCase(Locale.ROOT), new ArrayList<>(List.of(tokens).subList(1, tokens.length)));
        }
        List<String> fallback = directives.get("default-src");
        for (String name : NEEDED) {
            List<String> sources = directives.get(name);
            if (sources == null && name.equals("worker-src") && directives.containsKey("script-src")) continue; // falls back to it
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
}
