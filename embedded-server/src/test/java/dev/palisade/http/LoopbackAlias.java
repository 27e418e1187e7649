package dev.palisade.http;

import okhttp3.OkHttpClient;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Another client address on this machine: connections that leave from a loopback alias (all of 127/8). */
final class LoopbackAlias {

    private LoopbackAlias() {}

    /** Whether this machine has IPv6 loopback ({@code ::1}) to listen on: a container may have none. */
    static boolean hasIpv6Loopback() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** OkHttp whose connections leave from {@code address}. */
    static OkHttpClient client(String address) {
        return new OkHttpClient.Builder().socketFactory(sockets(address)).build();
    }

    static SocketFactory sockets(String address) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
                return socket;
            }

            // OkHttp only ever asks for an unconnected socket
            @Override public Socket createSocket(String h, int p) throws IOException { throw new IOException("unused"); }
            @Override public Socket createSocket(String h, int p, InetAddress a, int lp) throws IOException { throw new IOException("unused"); }
            @Override public Socket createSocket(InetAddress h, int p) throws IOException { throw new IOException("unused"); }
            @Override public Socket createSocket(InetAddress h, int p, InetAddress a, int lp) throws IOException {
                throw new IOException("unused");
            }
        };
    }
}
