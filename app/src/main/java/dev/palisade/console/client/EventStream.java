package dev.palisade.console.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.palisade.console.client.Dtos.EventView;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows {@code GET /admin/events/stream} (Server-Sent Events) on its own daemon thread and hands
 * every event to a listener; on a lost connection it reports the state and reconnects with
 * exponential backoff (0.5 s doubling to 15 s), or at once when asked ({@link #retryNow}). A server
 * that makes this address wait (429) is waited out as its Retry-After says; a refused token (401)
 * ends the stream ({@link State#REFUSED}): sent again, it would count against every admin client of
 * this address. The server's {@code event: dropped} (events it dropped for this listener, which fell
 * behind) is passed on as a count, so the console can say that its live view is not complete.
 */
public final class EventStream implements AutoCloseable {

    /** Connection state, for the status bar and the banner. */
    public enum State { CONNECTING, CONNECTED, RECONNECTING, REFUSED, CLOSED }

    /** Why the stream waits to reconnect, while {@link State#RECONNECTING}. */
    public enum Cause {
        /** the server did not answer, or the connection broke */
        LOST,
        /** the server makes this address wait: too many wrong admin tokens from it (429 admin_throttled) */
        THROTTLED,
        /** the server serves as many live listeners as it takes (503 listener_capacity) */
        FULL
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String url;
    private final String token;
    private final OkHttpClient http;
    private final Consumer<EventView> onEvent;
    private final Consumer<State> onState;
    private final java.util.function.LongConsumer onDropped;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile okhttp3.Call current;
    private volatile long nextAttemptAt;
    private volatile boolean retry;
    private volatile Cause cause = Cause.LOST;

    /**
     * @param onDropped called on the stream's thread with how many events the server dropped for this
     *                  listener since it last said so
     */
    public EventStream(String adminBaseUrl, String adminToken, Consumer<EventView> onEvent, Consumer<State> onState,
                       java.util.function.LongConsumer onDropped) {
        this.onDropped = onDropped;
        this.url = adminBaseUrl.replaceAll("/+$", "") + "/admin/events/stream";
        this.token = adminToken;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).build();
        this.onEvent = onEvent;
        this.onState = onState;
        this.thread = new Thread(this::follow, "palisade-event-stream");
        this.thread.setDaemon(true);
    }

    public EventStream start() {
        thread.start();
        return this;
    }

    private void follow() {
        long backoff = 500;
        onState.accept(State.CONNECTING);
        while (open) {
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").build();
            long wait = backoff;
            Cause why = Cause.LOST;
            try {
                current = http.newCall(request);
                try (Response response = current.execute()) {
                    if (response.code() == 401) {
                        open = false;
                        onState.accept(State.REFUSED);
                        return;
                    }
                    if (response.code() == 429) {
                        why = Cause.THROTTLED;
                        wait = Math.max(backoff, AdminClient.retryAfterSeconds(response.header("Retry-After")) * 1000);
                    } else if (response.code() == 503 && response.body() != null
                            && response.body().string().contains("\"listener_capacity\"")) {
                        why = Cause.FULL;
                    }
                    if (response.code() != 200) throw new IOException("HTTP " + response.code());
                    onState.accept(State.CONNECTED);
                    backoff = 500;
                    retry = false;
                    read(new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8)));
                }
            } catch (IOException | RuntimeException e) {
                // lost or refused: report and retry below
            }
            if (!open) break;
            cause = why;
            nextAttemptAt = System.currentTimeMillis() + wait;
            onState.accept(State.RECONNECTING);
            long deadline = System.nanoTime() + wait * 1_000_000;
            for (long left = wait * 1_000_000; open && !retry && left > 0; left = deadline - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) open = false;
            }
            retry = false;
            backoff = Math.min(backoff * 2, 15_000);
        }
        onState.accept(State.CLOSED);
    }

    private void read(BufferedReader lines) throws IOException {
        String event = null;
        StringBuilder data = new StringBuilder();
        long droppedSoFar = 0; // the server counts a connection's drops from its start, in total
        for (String line = lines.readLine(); line != null && open; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0 && "dropped".equals(event)) {
                    long total = MAPPER.readTree(data.toString()).path("dropped").asLong();
                    if (total > droppedSoFar) onDropped.accept(total - droppedSoFar);
                    droppedSoFar = Math.max(droppedSoFar, total);
                } else if (data.length() > 0) {
                    onEvent.accept(MAPPER.readValue(data.toString(), EventView.class));
                }
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.append(line, 6, line.length());
            }
        }
    }

    /** Why the stream waits, while reconnecting. */
    public Cause cause() { return cause; }

    /** When the next attempt to reconnect is due (epoch ms), while reconnecting. */
    public long nextAttemptAt() { return nextAttemptAt; }

    /** Tries to reconnect now instead of at the end of the backoff (the operator asked, or the server answers again). */
    public void retryNow() {
        retry = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    @Override
    public void close() {
        open = false;
        okhttp3.Call c = current;
        if (c != null) c.cancel();
        thread.interrupt();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
