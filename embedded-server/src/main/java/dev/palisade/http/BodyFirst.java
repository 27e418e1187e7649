package dev.palisade.http;

import dev.palisade.engine.Reason;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits for a request's body before any handler sees the request, without holding a thread meanwhile.
 * The handlers read bodies as blocking streams; a client that sends its body a byte every few seconds
 * (never idle, so the idle timeout never ends it) held one of the shared pool's threads per connection,
 * and a couple of hundred such connections froze every listener. Here the first {@link #HELD} bytes
 * are collected as they arrive, with no thread, and must all arrive within the deadline (else 408 and
 * the connection closes). A body that ends within them is kept on the request ({@link Bodies#BUFFERED})
 * and read from memory; a longer one (or one declared longer) goes on with what arrived handed out
 * first and the rest streamed: the reverse proxy streams it without a thread, and a handler that
 * refuses it does not wait for it.
 */
public final class BodyFirst extends Handler.Wrapper {

    /** The largest body any check or handler of the API reads whole, and one byte to tell a longer one. */
    static final int HELD = 64 * 1024 + 1;
    private static final byte[] NONE = new byte[0];

    private final long deadlineMillis;

    public BodyFirst(Duration deadline, Handler handler) {
        super(handler);
        this.deadlineMillis = deadline.toMillis();
    }

    /** What some path of the API answers; a CONNECT none. */
    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (org.eclipse.jetty.http.HttpMethod.CONNECT.is(request.getMethod())) {
            // no path answers it, and over HTTP/2 its stream is a tunnel whose body never ends: waiting for that body
            // filled the heap within seconds, one stream and no credentials (an outside test), so refused unread
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.ALLOW, METHODS);
            Responses.problem(response, callback, Reason.METHOD_NOT_ALLOWED, "http",
                    "CONNECT is not supported: this server is no proxy or tunnel; it answers " + METHODS);
            return true;
        }
        if (request.getHeaders().contains(org.eclipse.jetty.http.HttpHeader.TRANSFER_ENCODING) && !chunkedAlone(request)) {
            // Jetty reads the chunks and ignores the other codings: a proxy in front that applies them reads
            // another body than this server does (RFC 9112, 6.1: a coding not understood is refused)
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http",
                    "Transfer-Encoding must be chunked alone; this server applies no other transfer coding");
            return true;
        }
        String declared = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH);
        if (declared != null && !digitsAlone(declared)) {
            // HTTP/1.1's parser refuses it; over HTTP/2 Jetty took "-1", and the proxy then failed the call as the
            // upstream's fault: a 502, an upstream_unavailable event and count anyone could raise (an outside test)
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", "Content-Length must be a number of bytes");
            return true;
        }
        // a declared length over what is read whole is refused by it, or streamed on, without waiting for it
        if (!Bodies.hasBody(request) || request.getLength() >= HELD) return super.handle(request, response, callback);
        Arrival arrival = new Arrival(request, response, callback);
        Request ready = arrival.collect();
        if (ready != null) return super.handle(ready, response, callback);
        // not all there yet: the thread goes back to the pool, the rest arrives through demand
        Scheduler scheduler = request.getComponents().getScheduler();
        arrival.deadline = scheduler.schedule(arrival::late, deadlineMillis, TimeUnit.MILLISECONDS);
        request.demand(arrival);
        return true;
    }

    /** Whether a Content-Length is one decimal number (no sign, no list), small enough for a long. */
    private static boolean digitsAlone(String value) {
        int n = value.length();
        if (n == 0 || n > 18) return false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Whether the request's transfer codings, over all its Transfer-Encoding fields, are exactly one: chunked. */
    private static boolean chunkedAlone(Request request) {
        int codings = 0;
        for (org.eclipse.jetty.http.HttpField field : request.getHeaders()) {
            if (field.getHeader() != org.eclipse.jetty.http.HttpHeader.TRANSFER_ENCODING) continue;
            for (String coding : field.getValue().split(",")) {
                if (!coding.trim().equalsIgnoreCase("chunked") || ++codings > 1) return false;
            }
        }
        return codings == 1;
    }

    /** One request's body as it arrives: read whenever Jetty says more is there, until done or late. */
    private final class Arrival implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream(256);
        private final AtomicBoolean decided = new AtomicBoolean();
        volatile Scheduler.Task deadline;

        Arrival(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        /** Reads what has arrived: the request to handle when the body is in (or enough of it), else null. */
        Request collect() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) return null;
                if (Content.Chunk.isFailure(chunk)) {
                    // the client went away, or Jetty's idle timeout struck: what arrived is not a body
                    return new Cut(request);
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                while (bytes.hasRemaining()) held.write(bytes.get());
                boolean last = chunk.isLast();
                chunk.release();
                if (last && held.size() == 0) {
                    // ended with its headers (an HTTP/2 GET): nothing to hold, and the request reads as ended
                    request.setAttribute(Bodies.BUFFERED, NONE);
                    return request;
                }
                if (last) return Held.whole(request, held.toByteArray());
                if (held.size() >= HELD) return Held.begun(request, held.toByteArray());
            }
        }

        /** Jetty's demand: more of the body (or its end, or a failure) can be read. */
        @Override
        public void run() {
            if (decided.get()) return; // answered late already; what still comes is discarded with the connection
            Request ready;
            try {
                ready = collect();
            } catch (Throwable t) {
                ready = new Cut(request);
            }
            if (ready == null) {
                request.demand(this);
                return;
            }
            if (!decided.compareAndSet(false, true)) return;
            Scheduler.Task late = deadline;
            if (late != null) late.cancel();
            try {
                if (!BodyFirst.super.handle(ready, response, callback)) Response.writeError(ready, response, callback, 404);
            } catch (Throwable t) {
                Response.writeError(ready, response, callback, t);
            }
        }

        /** The deadline passed with the body still on its way: 408, and the connection closes (its body unread). */
        void late() {
            if (!decided.compareAndSet(false, true)) return;
            Responses.problem(response, callback, Reason.REQUEST_TIMEOUT, "body",
                    "the request body did not arrive within " + deadlineMillis / 1000 + " s");
        }
    }

    /** The request with its body, or the first part of a longer one, read from memory first. */
    private static final class Held extends Request.Wrapper {
        private Content.Chunk first;

        private Held(Request request, Content.Chunk first) {
            super(request);
            this.first = first;
        }

        static Request whole(Request request, byte[] body) {
            request.setAttribute(Bodies.BUFFERED, body);
            return new Held(request, Content.Chunk.from(ByteBuffer.wrap(body), true));
        }

        static Request begun(Request request, byte[] start) {
            return new Held(request, Content.Chunk.from(ByteBuffer.wrap(start), false));
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk c = first;
            if (c == null) return super.read();
            // a whole body's last chunk is handed out again on every read, as a source at its end does
            if (!c.isLast()) first = null;
            else if (c.hasRemaining()) first = Content.Chunk.EOF;
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (first != null) demandCallback.run();
            else super.demand(demandCallback);
        }
    }

    /** A body that broke off: every read of it says so, and the handler answers 400 as for any cut body. */
    private static final class Cut extends Request.Wrapper {
        private static final Content.Chunk BROKEN = Content.Chunk.from(
                new java.io.EOFException("the request body ended before its length"), true);

        Cut(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            return BROKEN;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
