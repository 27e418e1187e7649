package dev.palisade.http.tls;

import dev.palisade.engine.Reason;
import dev.palisade.http.Responses;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The TLS listener's first look at a connection: TLS goes on to the TLS factory; anything else, a
 * developer's {@code curl http://…} most often, gets one HTTP/1.1 400 problem saying to use https,
 * as nginx does, instead of a TLS alert that curl shows as garbage. Nothing sent in the clear is
 * read as a request.
 */
final class PlainHttpRefusal extends DetectorConnectionFactory {

    private static final byte[] ANSWER = answer();

    PlainHttpRefusal(SslConnectionFactory tls) {
        super(tls);
    }

    @Override
    protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
        buffer.position(buffer.limit()); // what was sent in the clear is not read
        endPoint.write(Callback.from(() -> close(endPoint), x -> endPoint.close(x)), ByteBuffer.wrap(ANSWER));
    }

    private static void close(EndPoint endPoint) {
        endPoint.shutdownOutput(); // the answer is sent before the connection ends
        endPoint.close();
    }

    private static byte[] answer() {
        byte[] body = Responses.problemBody(Reason.BAD_REQUEST, "tls", "this port speaks HTTPS only: ask for https://"
                + " rather than http://", List.of());
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + Responses.PROBLEM_JSON + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
