package dev.palisade.console;

import java.io.IOException;
import java.net.ConnectException;
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
        InetSocketAddress address = new InetSocketAddress(api.getHost(), port);
        if (address.isUnresolved()) return "no address is known for " + api.getHost();
        try (Socket socket = new Socket()) {
            socket.connect(address, TIMEOUT_MILLIS);
            return null;
        } catch (ConnectException e) {
            return "connection refused";
        } catch (SocketTimeoutException e) {
            return "no answer within " + TIMEOUT_MILLIS / 1000 + " s";
        } catch (UnknownHostException e) {
            return "no address is known for " + api.getHost();
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
