package dev.palisade.http.admin;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host names the admin listener answers to: loopback names and addresses, the address it is bound
 * to, and names given with {@code --admin-host}. A page on another site that points its own name at
 * 127.0.0.1 (DNS rebinding) sends that name as Host, and is refused.
 */
public final class AdminHosts {

    private final Set<String> names;

    public AdminHosts(String bindHost, List<String> configured) {
        this.names = configured.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String bind = bindHost.toLowerCase(Locale.ROOT);
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) names.add(strip(bind));
    }

    /** @param host the Host header, or null when the request has none (HTTP/1.0) */
    public boolean allows(String host) {
        if (host == null || host.isEmpty()) return true;
        String h = strip(hostPart(host.toLowerCase(Locale.ROOT)));
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}")
                || names.contains(h);
    }

    /** The host without its port: {@code [::1]:8081} → {@code [::1]}, {@code name:8081} → {@code name}. */
    private static String hostPart(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
