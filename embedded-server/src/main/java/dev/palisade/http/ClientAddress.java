package dev.palisade.http;

import dev.palisade.engine.fingerprint.FingerprintPolicy;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The caller's address: the socket's, unless the socket belongs to a configured trusted proxy; then
 * the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy. Never believes
 * the header from anyone else, so a client cannot choose its own address.
 */
public final class ClientAddress {

    private final Supplier<FingerprintPolicy> policy;
    private volatile List<String> cachedFor = List.of();
    private volatile InetAddressSet trusted = new InetAddressSet();

    public ClientAddress(Supplier<FingerprintPolicy> policy) {
        this.policy = policy;
    }

    public String of(Request request) {
        String socket = socketAddress(request);
        InetAddressSet proxies = proxies();
        if (proxies.isEmpty() || !proxies.test(parse(socket))) return socket;
        List<String> forwarded = request.getHeaders().getCSV("X-Forwarded-For", false);
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            InetAddress address = parse(withoutPort(forwarded.get(i).trim()));
            if (address == null) return socket; // garbage in the header: trust nothing in it
            if (!proxies.test(address)) return address.getHostAddress();
        }
        return socket;
    }

    /**
     * As {@link #of}, or the socket's address where Jetty cannot read {@code X-Forwarded-For} as a list (a quoted
     * string left open): the address an event of that refusal names (hardening audit 60, L2).
     */
    public String ofOrSocket(Request request) {
        try {
            return of(request);
        } catch (org.eclipse.jetty.http.HttpException.IllegalArgumentException
                 | org.eclipse.jetty.http.HttpException.RuntimeException unreadable) {
            return socketAddress(request);
        }
    }

    /** Whether {@code e} is Jetty's refusal of a header it cannot read as a list: the request's fault, a 400. */
    public static boolean unreadableHeader(RuntimeException e) {
        return e instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 400;
    }

    /**
     * Whether the call's socket belongs to a configured trusted proxy: only then are the forwarding
     * headers it arrived with believed (here {@code X-Forwarded-For}; in reverse-proxy mode, the
     * earlier elements of {@code Forwarded}).
     */
    public boolean viaTrustedProxy(Request request) {
        InetAddressSet proxies = proxies();
        return !proxies.isEmpty() && proxies.test(parse(socketAddress(request)));
    }

    /** The socket's address as text, written once per connection ({@link Hop}). */
    private static String socketAddress(Request request) {
        return Hop.of(request).remoteText();
    }

    private InetAddressSet proxies() {
        List<String> wanted = policy.get().trustedProxies();
        if (!wanted.equals(cachedFor)) {
            InetAddressSet set = new InetAddressSet();
            for (String p : wanted) {
                try {
                    set.add(p);
                } catch (IllegalArgumentException ignored) {
                    // validated when configured; a bad entry simply trusts nothing more
                }
            }
            trusted = set;
            cachedFor = wanted;
        }
        return trusted;
    }

    /**
     * A hop as some balancers write it, {@code 203.0.113.9:5678} or {@code [2001:db8::9]:443}, without its
     * port (and an IPv6 literal without its brackets); any other text as it is.
     */
    static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            if (close > 0 && (close == hop.length() - 1 || isPort(hop, close + 1))) return hop.substring(1, close);
            return hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 && isPort(hop, colon) ? hop.substring(0, colon) : hop;
    }

    /** Whether {@code hop} from {@code colon} on is ":" and 1 to 5 digits. */
    private static boolean isPort(String hop, int colon) {
        int digits = hop.length() - colon - 1;
        if (hop.charAt(colon) != ':' || digits < 1 || digits > 5) return false;
        for (int i = colon + 1; i < hop.length(); i++) {
            if (hop.charAt(i) < '0' || hop.charAt(i) > '9') return false;
        }
        return true;
    }

    /** Only IP literals: a host name here must never cause a DNS lookup. */
    private static InetAddress parse(String literal) {
        return dev.palisade.engine.IpLiteral.parse(literal);
    }
}
