package dev.palisade.console.client;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.console.client.EventStream.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The live stream's reconnects against a real HTTP server that refuses, then serves. */
class EventStreamTest {

    private final AtomicBoolean serving = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CopyOnWriteArrayList<State> states = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private EventStream stream;

    private String start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/events/stream", exchange -> {
            attempts.incrementAndGet();
            if (!serving.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush(); // held open: the stream stays connected until the test ends
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void waitFor(long millis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waited %d ms", millis).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() {
        if (stream != null) stream.close();
        if (server != null) server.stop(0);
    }

    @Test
    void whileRefusedItBacksOffSaysWhenItTriesNextAndRetriesAtOnceWhenAsked() throws Exception {
        AtomicLong connectedAt = new AtomicLong(); // when CONNECTED came: the test thread may see it much later
        stream = new EventStream(start(), "token", e -> { }, state -> {
            if (state == State.CONNECTED) connectedAt.compareAndSet(0, System.currentTimeMillis());
            states.add(state);
        }, dropped -> { }).start();
        // 0.5 + 1 + 2 s of backoff: the fourth wait is 4 s. The server counts an attempt before the
        // client has read the refusal and set its next attempt, so wait for the wait, not the count.
        waitFor(10_000, () -> attempts.get() >= 4 && stream.nextAttemptAt() - System.currentTimeMillis() > 2_000);
        assertThat(states).contains(State.RECONNECTING).doesNotContain(State.CONNECTED);
        serving.set(true);
        long backoffEnds = stream.nextAttemptAt();
        stream.retryNow();
        waitFor(10_000, () -> states.contains(State.CONNECTED));
        assertThat(connectedAt.get()).as("connected before the backoff would have let it").isLessThan(backoffEnds);
    }
}
