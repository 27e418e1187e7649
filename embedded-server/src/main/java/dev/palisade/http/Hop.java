package dev.palisade.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The connection a call came in on, as text: the address it came from (the client's address, and
 * {@code X-Forwarded-For} upstream) and the start of this hop's RFC 7239 {@code Forwarded} element,
 * {@code by="<local>";for="<remote>"} ({@code unknown} for an address the connection does not
 * know). Written once per connection, not per call, and kept with the two address objects it came
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

    /** As Jetty's {@code Request.getRemoteAddr} and {@code getLocalAddr} write an address; null when there is none. */
    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) return Request.getHostName(inet);
        return address == null ? null : address.toString();
    }

    /** An RFC 7239 node: the address quoted, or the token {@code unknown}. */
    private static void node(StringBuilder out, String address) {
        if (address == null) out.append("unknown");
        else HttpField.PARAMETER_TOKENIZER.quote(out, address);
    }
}
