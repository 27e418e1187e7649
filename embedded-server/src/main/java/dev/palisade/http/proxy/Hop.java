package dev.palisade.http.proxy;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The connection a call came in on, as the headers a forwarded call carries write it: the address it
 * came from ({@code X-Forwarded-For}) and the start of this hop's {@code Forwarded} element,
 * {@code by="<local>";for="<remote>"}. Formatted once per connection, not per forwarded call, and
 * kept with the two address objects it came from: a connection whose reported addresses change is
 * formatted again.
 */
record Hop(SocketAddress local, SocketAddress remote, String remoteText, String forwarded) {

    private static final String ATTRIBUTE = Hop.class.getName();

    static Hop of(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        SocketAddress local = connection.getLocalSocketAddress();
        SocketAddress remote = connection.getRemoteSocketAddress();
        if (connection.getAttribute(ATTRIBUTE) instanceof Hop kept && kept.local == local && kept.remote == remote) {
            return kept;
        }
        String remoteText = text(remote);
        StringBuilder forwarded = new StringBuilder("by=");
        HttpField.PARAMETER_TOKENIZER.quote(forwarded, text(local));
        forwarded.append(";for=");
        HttpField.PARAMETER_TOKENIZER.quote(forwarded, remoteText);
        Hop made = new Hop(local, remote, remoteText, forwarded.toString());
        connection.setAttribute(ATTRIBUTE, made);
        return made;
    }

    /** As Jetty's {@code Request.getRemoteAddr} and {@code getLocalAddr} write an address. */
    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) return Request.getHostName(inet);
        return address == null ? null : address.toString();
    }
}
