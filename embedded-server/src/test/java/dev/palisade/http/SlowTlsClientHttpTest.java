package dev.palisade.http;

import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The header timeout over TLS. An outside test (session 54) held connections open past 50 s, one byte every 5 s, in
 * two places the timeout did not watch: the TLS handshake, and an HTTP/2 request's header block sent a frame at a
 * time (HEADERS without its end, then CONTINUATION frames). With a 1 s header timeout and a 30 s idle timeout, each is
 * closed within 3 s, and a client that behaves is served meanwhile.
 */
class SlowTlsClientHttpTest {

    @TempDir
    Path dir;

    private ServerFixture server() throws Exception {
        ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(TlsHttpTest.selfSigned(0))
                .withListeners(new ServerConfig.Listeners(List.of(), Duration.ofSeconds(30), Duration.ofSeconds(1))));
        s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
        return s;
    }

    @Test
    void aHandshakeSentAByteAtATimeIsClosed() throws Exception {
        try (ServerFixture s = server(); Socket slow = new Socket("127.0.0.1", s.server.port())) {
            // the start of a ClientHello: a handshake record, TLS 1.2, a length it never reaches
            byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            assertClosedWhileDripping(s, slow, i -> new byte[] {hello[Math.min(i, hello.length - 1)]});
        }
    }

    @Test
    void anHttp2HeaderBlockSentAFrameAtATimeIsClosed() throws Exception {
        try (ServerFixture s = server()) {
            SSLSocket slow = (SSLSocket) TlsHttpTest.trustingContext(s.server.selfSignedCertificate().cert())
                    .getSocketFactory().createSocket("127.0.0.1", s.server.port());
            try (slow) {
                SSLParameters params = slow.getSSLParameters();
                params.setApplicationProtocols(new String[] {"h2"});
                slow.setSSLParameters(params);
                slow.startHandshake();
                assertThat(slow.getApplicationProtocol()).isEqualTo("h2");
                OutputStream out = slow.getOutputStream();
                out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.write(frame(0x4, 0, new byte[0])); // SETTINGS
                out.write(frame(0x1, 1, new byte[] {(byte) 0x82})); // HEADERS of stream 1, :method GET, no END_HEADERS
                out.flush();
                // CONTINUATION frames of the same block, none with END_HEADERS
                assertClosedWhileDripping(s, slow, i -> frame(0x9, 1, new byte[] {(byte) 0x86}));
            }
        }
    }

    /* PIT (session 54): without the handshake's listener, or with the HTTP/2 rule's guard turned, every TLS connection was cut. */
    @Test
    void aClientThatBehavesKeepsItsConnectionPastTheHeaderTimeout() throws Exception {
        try (ServerFixture s = server()) {
            for (List<okhttp3.Protocol> protocols : List.of(List.of(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1),
                    List.of(okhttp3.Protocol.HTTP_1_1))) {
                java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
                okhttp3.OkHttpClient client = s.http.newBuilder().protocols(protocols)
                        .connectionPool(new okhttp3.ConnectionPool())
                        .eventListener(new okhttp3.EventListener() {
                            @Override
                            public void connectStart(okhttp3.Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
                                connects.incrementAndGet();
                            }
                        }).build();
                for (int call = 0; call < 2; call++) {
                    if (call > 0) Thread.sleep(2_500); // idle past the 1 s header timeout, inside the 30 s idle timeout
                    try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(s.api("/_palisade/health"))
                            .build()).execute()) {
                        assertThat(r.code()).isEqualTo(200);
                        assertThat(r.protocol()).isEqualTo(protocols.get(0));
                    }
                }
                assertThat(connects.get()).as(protocols.get(0) + ": one connection for both calls").isEqualTo(1);
            }
        }
    }

    /** An HTTP/2 frame with no flags: its 9-byte head and its payload. */
    private static byte[] frame(int type, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = 0;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    /** Sends {@code next(i)} every 250 ms for 3 s (stopping once the server closed), then expects the connection closed. */
    private static void assertClosedWhileDripping(ServerFixture s, Socket slow, java.util.function.IntFunction<byte[]> next) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long until = System.nanoTime() + 3_000_000_000L;
            boolean closed = false;
            for (int i = 0; System.nanoTime() < until && !closed; i++) {
                try {
                    slow.getOutputStream().write(next.apply(i));
                    slow.getOutputStream().flush();
                } catch (IOException e) {
                    closed = true; // the server closed it
                }
                Thread.sleep(250);
            }
            assertThat(s.get(s.api("/_palisade/health"), null).code()).as("others are served").isEqualTo(200);
            slow.setSoTimeout(3_000);
            InputStream in = slow.getInputStream();
            try {
                while (in.read() != -1) {
                    // what the server sent before it closed (an HTTP/2 server's SETTINGS, a GOAWAY)
                }
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("a slow client was still connected after 3 s with a 1 s header timeout");
            } catch (IOException reset) {
                // closed with a reset: closed all the same
            }
        });
    }
}
