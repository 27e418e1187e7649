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

    /** The socket's address as text, kept on the connection with the address it was made from. */
    private record SocketText(java.net.SocketAddress address, String text) {}

    private static final String SOCKET_TEXT = ClientAddress.class.getName() + ".socket";

    /**
     * The socket's address as text, formatted once per connection rather than per call. It is kept
     * with the address object it came from and used only while the connection still reports that
     * object, so a connection whose reported address changes (a PROXY protocol or a forwarding
     * wrapper) is formatted again.
     */
    private static String socketAddress(Request request) {
        var connection = request.getConnectionMetaData();
        java.net.SocketAddress remote = connection.getRemoteSocketAddress();
        if (connection.getAttribute(SOCKET_TEXT) instanceof SocketText kept && kept.address() == remote) return kept.text();
        // formatted as Request.getRemoteAddr formats it, from the one address object asked for above
        String text = remote instanceof java.net.InetSocketAddress inet ? Request.getHostName(inet)
                : remote == null ? null : remote.toString();
        connection.setAttribute(SOCKET_TEXT, new SocketText(remote, text));
        return text;
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
