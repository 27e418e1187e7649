package dev.palisade.http;

import dev.palisade.engine.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An upstream that sends 103 Early Hints before its page (Puma with early_hints, Node's writeEarlyHints). */
class EarlyHintsHttpTest {

    @TempDir
    Path dir;
    private ServerSocket upstream;
    private Thread serving;
    private ServerFixture s;

    @AfterEach
    void stop() throws Exception {
        if (s != null) s.close();
        if (upstream != null) upstream.close();
        if (serving != null) serving.join(5_000);
    }

    /* A review's find: with every protocol handler of the page client cleared, the 103 was taken for the page, empty. */
    @Test
    void aPageAfterEarlyHintsIsThePageWithPalisadesMarkup() throws Exception {
        byte[] page = "<!doctype html><html><head><title>Hinted</title></head><body>app</body></html>".getBytes(StandardCharsets.UTF_8);
        upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        serving = new Thread(() -> {
            while (!upstream.isClosed()) {
                try (Socket c = upstream.accept()) {
                    readHead(c.getInputStream());
                    OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload; as=style\r\n\r\n"
                            + "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + page.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(page);
                    out.flush();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        serving.setDaemon(true);
        serving.start();
        URI url = URI.create("http://127.0.0.1:" + upstream.getLocalPort());
        s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withUpstream(url, Duration.ofSeconds(5)));
        ServerFixture.Reply reply = s.get(s.api("/"), null);
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.body()).contains("<title>Hinted</title>").contains("<script src=\"/assets/palisade.js\"></script>");
    }

    /** Reads a request's head: up to its blank line. */
    private static void readHead(InputStream in) throws java.io.IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) return;
        }
    }
}
