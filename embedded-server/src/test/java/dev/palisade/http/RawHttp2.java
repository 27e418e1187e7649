package dev.palisade.http;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/2 GET written by hand over TLS, its {@code :path} as given: what no well-behaved client
 * library sends (a raw space), and what an attacker's own client can.
 */
final class RawHttp2 {

    private RawHttp2() {}

    /** The answer's status to {@code GET pathQuery}, sent raw (HPACK literals, no Huffman coding). */
    static int get(SSLContext tls, int port, String pathQuery) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, 0x4, 0, 0, new byte[0]); // SETTINGS, none changed
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(0x82); // :method GET (static table 2)
            block.write(0x87); // :scheme https (7)
            literal(block, 0x04, pathQuery); // :path, literal without indexing, name from the static table (4)
            literal(block, 0x01, "localhost"); // :authority (1)
            frame(out, 0x1, 0x5, 1, block.toByteArray()); // HEADERS, END_STREAM | END_HEADERS, stream 1
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            HpackDecoder decoder = new HpackDecoder(65_536, System::nanoTime);
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                in.readUnsignedByte(); // flags
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = in.readNBytes(length);
                if (type == 0x4 && length > 0) frame(out, 0x4, 0x1, 0, new byte[0]); // the server's settings, acknowledged
                if (type == 0x7) throw new IOException("the server went away (GOAWAY)");
                if (type == 0x3 && stream == 1) throw new IOException("the server reset the stream");
                if (type == 0x1 && stream == 1) {
                    return ((MetaData.Response) decoder.decode(ByteBuffer.wrap(payload))).getStatus();
                }
            }
        }
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length > 126) throw new IllegalArgumentException("longer than one length byte holds");
        block.write(nameIndex);
        block.write(v.length);
        block.writeBytes(v);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream});
        out.write(payload);
        out.flush();
    }
}
