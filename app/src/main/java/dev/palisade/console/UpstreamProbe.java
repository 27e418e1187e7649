package dev.palisade.console;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Whether anything accepts a connection at an API's address: what "Protect an API…" tells the operator
 * at once, rather than leaving it to a client page's 502. A connection is enough: any answer, even a 404,
 * is the developer's API being there.
 */
final class UpstreamProbe {

    private static final int TIMEOUT_MILLIS = 2_000;

    private UpstreamProbe() {}

    /** Why nothing answers at {@code api}'s host and port, in a few words; null when something does. */
    static String whyNotAnswering(URI api) {
        int port = api.getPort() != -1 ? api.getPort() : "https".equals(api.getScheme()) ? 443 : 80;
        if (port < 1 || port > 65_535) return "no port " + port;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(api.getHost());
        } catch (UnknownHostException e) {
            return "no address is known for " + api.getHost();
        }
        return whyNotAnswering(addresses, port, api.getHost());
    }

    /** Whether any of {@code addresses} accepts a connection on {@code port}; why not, when none does. */
    static String whyNotAnswering(InetAddress[] addresses, int port, String host) {
        // each address in turn, as the proxy tries them: localhost is ::1 as well as 127.0.0.1, and an API may listen on one
        String why = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
                return null;
            } catch (ConnectException e) {
                why = "connection refused";
            } catch (SocketTimeoutException e) {
                why = "no answer within " + TIMEOUT_MILLIS / 1000 + " s";
            } catch (IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        return why == null ? "no address is known for " + host : why;
    }
}
