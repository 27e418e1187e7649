package dev.palisade.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The connection a call came in on, as text: the address it came from (the client's address, and
 * {@code X-Forwarded-For} upstream), a bare literal as {@link java.net.InetAddress#getHostAddress}
 * writes it, so IPv6 too parses as an address; and the start of this hop's RFC 7239 {@code Forwarded}
 * element, {@code by="<local>";for="<remote>"}, an IPv6 address there in brackets as the RFC asks
 * ({@code unknown} for an address the connection does not know). Written once per connection, not per call, and kept with the two address objects it came
 * from: a connection that reports other addresses (a PROXY protocol, a forwarding wrapper) is
 * written again.
 */
public record Hop(SocketAddress local, SocketAddress remote, String remoteText, String forwarded) {

    private static final String ATTRIBUTE = Hop.class.getName();

    public static Hop of(Request request) {
        return of(request.getConnectionMetaData());
    }

    static Hop of(ConnectionMetaData connection) {
        SocketAddress local = connection.getLocalSocketAddress();
        SocketAddress remote = connection.getRemoteSocketAddress();
        if (connection.getAttribute(ATTRIBUTE) instanceof Hop kept && kept.local == local && kept.remote == remote) {
            return kept;
        }
        String remoteText = text(remote);
        StringBuilder forwarded = new StringBuilder("by=");
        node(forwarded, text(local));
        node(forwarded.append(";for="), remoteText);
        Hop made = new Hop(local, remote, remoteText, forwarded.toString());
        connection.setAttribute(ATTRIBUTE, made);
        return made;
    }

    /**
     * The address as a bare literal, without the brackets Jetty's {@code Request.getRemoteAddr} puts
     * round IPv6 (a bracketed literal is no address to a blacklist or a trusted proxy's range) and
     * without an IPv6 zone ({@code %eth0}: it names this host's interface, not the client); null when
     * there is none.
     */
    static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            if (inet.getAddress() == null) return inet.getHostString();
            String literal = inet.getAddress().getHostAddress();
            int zone = literal.indexOf('%');
            return zone < 0 ? literal : literal.substring(0, zone);
        }
        return address == null ? null : address.toString();
    }

    /** An RFC 7239 node: the address quoted, IPv6 in brackets, or the token {@code unknown}. */
    private static void node(StringBuilder out, String address) {
        if (address == null) out.append("unknown");
        else HttpField.PARAMETER_TOKENIZER.quote(out, address.indexOf(':') >= 0 ? "[" + address + "]" : address);
    }
}
