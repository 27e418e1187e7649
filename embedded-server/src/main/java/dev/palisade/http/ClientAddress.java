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
            String hop = forwarded.get(i).trim();
            InetAddress address = parse(hop);
            if (address == null) return socket; // garbage in the header: trust nothing in it
            if (!proxies.test(address)) return address.getHostAddress();
        }
        return socket;
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

    /** Only IP literals: a host name here must never cause a DNS lookup. */
    private static InetAddress parse(String literal) {
        return dev.palisade.engine.IpLiteral.parse(literal);
    }
}
